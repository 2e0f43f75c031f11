import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import type { ComponentContext, RunningComponent } from 'src/cli/component.command';
import { EventRecorder } from 'src/controllers/runtime/event-recorder';
import type { KubeClient } from 'src/controllers/runtime/kube-client';
import { LeaderElector } from 'src/controllers/runtime/leader-election';
import { DEFAULT_SCHEDULER_NAME } from 'src/scheduler/pods';
import { SchedulingQueue, type QueueOptions } from 'src/scheduler/queue/scheduling-queue';
import { Reporter } from 'src/scheduler/reporter';
import { SchedulerCache } from 'src/scheduler/scheduler-cache';
import { SchedulingLoop, type LoopStats } from 'src/scheduler/scheduling-loop';

// Semantics: kube-scheduler app/server.go Run (informers synced before the election; only the
// leader schedules; Lease kube-system/kube-scheduler, 15 s / 10 s / 2 s).

/** Options of the scheduler process; defaults are kube-scheduler's. */
export interface SchedulerOptions extends QueueOptions {
  /** Campaign for the Lease before scheduling (default true). */
  leaderElect?: boolean;
  /** `<hostname>_<uuid>` by default. */
  identity?: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Pods with this spec.schedulerName are ours (default-scheduler). */
  schedulerName?: string;
  /** Bindings in flight at once (default 32). */
  bindConcurrency?: number;
  /** percentageOfNodesToScore (0: adaptive, the default). */
  percentageOfNodesToScore?: number;
  /** Tie-breaking random source, for tests. */
  random?: () => number;
  /** Called when leadership is lost (after scheduling stopped). */
  onStoppedLeading?: () => void;
  log?: (msg: string) => void;
}

/** A running scheduler. */
export interface RunningScheduler {
  /** Whether this instance currently schedules. */
  isLeading(): boolean;
  /** Counters of the scheduling loop and the queue. */
  stats(): LoopStats & { queue: Record<string, number> };
  stop(): Promise<void>;
}

/**
 * Starts the scheduler against the API: informers first (synced before anything else), then —
 * once elected, or at once with `leaderElect: false` — the scheduling loop. An instance that
 * loses its leadership schedules no more (kube-scheduler exits then; runSchedulerComponent too).
 */
export async function runScheduler(client: KubeClient, opts: SchedulerOptions = {}): Promise<RunningScheduler> {
  const log = opts.log ?? (() => undefined);
  const schedulerName = opts.schedulerName ?? DEFAULT_SCHEDULER_NAME;
  const identity = opts.identity ?? `${os.hostname()}_${randomUUID()}`;
  const recorder = new EventRecorder(client, { component: schedulerName });
  const reporter = new Reporter(client, recorder, log);
  const queue = new SchedulingQueue(opts);
  const cache = new SchedulerCache(client, queue, { schedulerName, onGated: (p) => reporter.gated(p) });
  await cache.start();
  const loop = new SchedulingLoop(client, cache, queue, reporter, {
    bindConcurrency: opts.bindConcurrency ?? 32,
    schedule: { random: opts.random, percentageOfNodesToScore: opts.percentageOfNodesToScore },
    log,
  });
  let leading = false;
  let elector: LeaderElector | undefined;
  let election: Promise<void> | undefined;
  if (opts.leaderElect === false) {
    leading = true;
    loop.start();
  } else {
    elector = new LeaderElector(client, {
      namespace: 'kube-system',
      name: 'kube-scheduler',
      identity,
      leaseDurationMs: opts.leaseDurationMs,
      renewDeadlineMs: opts.renewDeadlineMs,
      retryPeriodMs: opts.retryPeriodMs,
    });
    election = elector.run({
      onStartedLeading: () => {
        log(`${identity} became leader`);
        leading = true;
        loop.start();
      },
      onStoppedLeading: () => {
        log(`${identity} stopped leading`);
        leading = false;
        void loop.stop().then(() => opts.onStoppedLeading?.());
      },
    });
  }
  return {
    isLeading: () => leading,
    stats: () => ({ ...loop.stats, queue: queue.stats }),
    async stop() {
      await loop.stop();
      await elector?.release();
      await election;
      cache.stop();
      await recorder.flush();
    },
  };
}

/** `kubepg scheduler`: runs the scheduler with the CLI's flags; exits when leadership is lost, as kube-scheduler does. */
export function runSchedulerComponent(c: ComponentContext): Promise<RunningComponent> {
  return runScheduler(c.client, {
    leaderElect: c.cfg.leaderElect,
    identity: c.identity,
    log: c.log,
    onStoppedLeading: () => {
      process.stderr.write('kubepg scheduler: leaderelection lost\n');
      process.exit(1);
    },
  });
}
