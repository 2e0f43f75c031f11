import { resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';
import { ASSIGNED_POD_DELETED } from 'src/scheduler/cluster-events';
import { schedulePod, type ScheduleOptions } from 'src/scheduler/framework/schedule';
import type { Reporter } from 'src/scheduler/reporter';
import type { SchedulerCache } from 'src/scheduler/scheduler-cache';
import type { QueuedPod, SchedulingQueue } from 'src/scheduler/queue/scheduling-queue';

// Semantics: kube-scheduler schedule_one.go ScheduleOne: a synchronous scheduling cycle (decide,
// assume) followed by an asynchronous binding cycle (DefaultBinder's pods/binding POST);
// handleBindingCycleError forgets the assumed pod and retries after back-off.

/** Counters of what the loop did. */
export interface LoopStats {
  attempts: number;
  scheduled: number;
  unschedulable: number;
  bindErrors: number;
}

/**
 * Decides one pod at a time and binds many at once: a decision assumes the pod on its node in
 * the snapshot immediately, so the next decision sees it without waiting for the API; up to
 * `bindConcurrency` bindings are in flight.
 */
export class SchedulingLoop {
  readonly stats: LoopStats = { attempts: 0, scheduled: 0, unschedulable: 0, bindErrors: 0 };
  private running = false;
  private done?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly client: KubeClient,
    private readonly cache: SchedulerCache,
    private readonly queue: SchedulingQueue,
    private readonly reporter: Reporter,
    private readonly opts: { bindConcurrency: number; schedule: Omit<ScheduleOptions, 'listers'>; log: (msg: string) => void },
  ) {}

  /** Starts taking pods from the queue. */
  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.done = this.run();
  }

  /** Stops taking pods (closing the queue) and waits for the bindings in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.queue.close();
    await this.done;
    await Promise.all([...this.inFlight]);
  }

  private async run(): Promise<void> {
    while (this.running) {
      const qp = await this.queue.pop();
      if (!qp || !this.running) {
        return;
      }
      try {
        this.scheduleOne(qp);
      } catch (err) {
        this.opts.log(`scheduling ${qp.pod.metadata.namespace}/${qp.pod.metadata.name}: ${String(err)}`);
        this.queue.requeueAfterError(qp);
        this.reporter.failed(qp.pod, 'SchedulerError', err instanceof Error ? err.message : String(err));
      }
      while (this.inFlight.size >= this.opts.bindConcurrency) {
        await Promise.race(this.inFlight);
      }
      // Let watch events and binding answers in before the next decision.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private scheduleOne(qp: QueuedPod): void {
    const pod = qp.pod;
    this.stats.attempts++;
    const result = schedulePod(pod, this.cache.snapshot, { ...this.opts.schedule, listers: this.cache.listers });
    if ('unschedulable' in result) {
      this.stats.unschedulable++;
      this.queue.requeueUnschedulable(qp, result.plugins);
      this.reporter.failed(pod, 'Unschedulable', result.unschedulable);
      return;
    }
    this.cache.snapshot.assume(pod, result.node);
    const binding = this.bind(qp, result.node).finally(() => this.inFlight.delete(binding));
    this.inFlight.add(binding);
  }

  private async bind(qp: QueuedPod, node: string): Promise<void> {
    const pod = qp.pod;
    const { name, namespace, uid } = pod.metadata;
    const body = { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace, uid }, target: { apiVersion: 'v1', kind: 'Node', name: node } };
    try {
      await this.client.create(resourcePath('v1', 'pods', namespace, name, 'binding'), body);
    } catch (err) {
      this.bindFailed(qp, err);
      return;
    }
    this.stats.scheduled++;
    this.queue.done(qp.key);
    this.reporter.scheduled(pod, node);
  }

  private bindFailed(qp: QueuedPod, err: unknown): void {
    this.stats.bindErrors++;
    this.cache.snapshot.forget(qp.key);
    this.queue.moveUnschedulable(ASSIGNED_POD_DELETED);
    const current: KubeObject | undefined = this.cache.currentPod(qp.pod.metadata.namespace ?? '', qp.pod.metadata.name ?? '');
    if (!current || current.metadata.uid !== qp.pod.metadata.uid || current.spec?.nodeName || !this.queue.has(qp.key)) {
      // Deleted, replaced, bound or no longer ours meanwhile: nothing left to do for this pod.
      this.queue.done(qp.key);
      return;
    }
    const message = (err as { status?: { message?: string } }).status?.message || (err instanceof Error ? err.message : String(err));
    this.opts.log(`binding ${qp.pod.metadata.namespace}/${qp.pod.metadata.name}: ${message}`);
    this.queue.requeueAfterError(qp);
    this.reporter.failed(current, 'SchedulerError', message);
  }
}
