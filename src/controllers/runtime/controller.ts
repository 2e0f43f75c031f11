import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import type { InformerFactory } from 'src/controllers/runtime/informer-factory';
import type { KubeClient } from 'src/controllers/runtime/kube-client';
import type { ControllerMetrics } from 'src/controllers/runtime/metrics';
import { WorkQueue, type ReconcileResult, type WorkQueueOptions } from 'src/controllers/runtime/work-queue';

/** Tunables of the controllers; defaults are kube-controller-manager's, tests shorten them. */
export interface ControllerOptions {
  /** A node whose Lease is older than this turns Ready=Unknown (node-monitor-grace-period, 50 s since v1.32). */
  nodeMonitorGracePeriodMs: number;
  /** How often node health is checked (node-monitor-period, 5 s). */
  nodeMonitorPeriodMs: number;
  /** tolerationSeconds the DefaultTolerationSeconds admission gives pods (300 s); eviction uses the pods' own values. */
  defaultTolerationSeconds: number;
  /** Terminated pods kept before pod GC deletes the oldest (terminated-pod-gc-threshold, 12500). */
  terminatedPodGcThreshold: number;
  /** The clock of time-driven controllers (CronJob, Job deadlines, TTL); tests may move it. */
  now: () => Date;
  /** Workers per controller (upstream: 5 for deployments/replicasets, more for some). */
  workers: number;
  /** First back-off after a Job's pod failed (10 s, doubling). */
  jobPodFailureBackoffMs: number;
  /** Longest such back-off (10 min). */
  jobPodFailureMaxBackoffMs: number;
  /** How long Job syncs for one Job are batched (1 s). */
  jobSyncBatchPeriodMs: number;
}

/** The default ControllerOptions. */
export function defaultControllerOptions(): ControllerOptions {
  return {
    nodeMonitorGracePeriodMs: 50_000,
    nodeMonitorPeriodMs: 5_000,
    defaultTolerationSeconds: 300,
    terminatedPodGcThreshold: 12_500,
    now: () => new Date(),
    workers: 5,
    jobPodFailureBackoffMs: 10_000,
    jobPodFailureMaxBackoffMs: 600_000,
    jobSyncBatchPeriodMs: 1_000,
  };
}

/** What every controller gets: the API client, shared informers, events, metrics and options. */
export interface ControllerContext {
  client: KubeClient;
  informers: InformerFactory;
  /** An event recorder reporting as `component` (e.g. `deployment-controller`). */
  recorder(component: string): EventRecorder;
  metrics: ControllerMetrics;
  options: ControllerOptions;
  log: (msg: string) => void;
}

/** A running control loop. Construction registers informers and handlers; start() begins work after the informers synced. */
export interface Controller {
  readonly name: string;
  start(): void;
  stop(): Promise<void>;
}

/** Builds a controller in a context (informers are requested here, before the factory starts). */
export type ControllerFactory = (ctx: ControllerContext) => Controller;

/**
 * The usual shape of a controller: informer handlers enqueue keys, workers call `reconcile(key)`
 * with error capture, back-off and metrics. Subclasses implement reconcile and wire handlers in
 * their constructor with `this.enqueue`.
 */
export abstract class QueueController implements Controller {
  protected readonly queue: WorkQueue;

  constructor(
    readonly name: string,
    protected readonly ctx: ControllerContext,
    workers = ctx.options.workers,
    queueOptions: Omit<WorkQueueOptions, 'workers' | 'onResult'> = {},
  ) {
    this.queue = new WorkQueue(name, (key) => this.reconcile(key), { ...queueOptions, workers, onResult: this.onResult(ctx) });
    ctx.metrics.track(this.queue);
  }

  /** Level-based and idempotent: brings the object named by `key` towards its desired state. */
  protected abstract reconcile(key: string): Promise<ReconcileResult>;

  /** Queues a key (handlers call only this). */
  protected enqueue(key: string): void {
    this.queue.add(key);
  }

  /** Starts the workers. */
  start(): void {
    this.queue.start();
  }

  /** Stops the workers after the reconciles in flight. */
  stop(): Promise<void> {
    return this.queue.stop();
  }

  private onResult(ctx: ControllerContext) {
    const count = ctx.metrics.resultHook(this.name);
    return (outcome: 'success' | 'error' | 'requeue', ms: number, error?: unknown): void => {
      count(outcome, ms);
      if (outcome === 'error') {
        ctx.log(`${this.name}: reconcile failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
  }
}
