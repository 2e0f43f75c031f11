import type { KubeObject } from 'src/registry/generic/object';
import { podKey } from 'src/scheduler/framework/pod-info';
import { Heap } from 'src/scheduler/queue/heap';

// Semantics: kube-scheduler backend/queue/scheduling_queue.go (activeQ ordered by PrioritySort,
// backoffQ with podInitialBackoffSeconds 1 / podMaxBackoffSeconds 10, unschedulablePods moved
// by cluster events matching the plugins that rejected them, flushed after
// podMaxInUnschedulablePodsDuration 5 min).

/** Timings of the queue; tests shorten them. */
export interface QueueOptions {
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  maxInUnschedulableMs?: number;
  /** How often the unschedulable pods are checked for the flush (upstream: 30 s). */
  flushIntervalMs?: number;
}

/** A pod waiting to be scheduled. */
export interface QueuedPod {
  readonly key: string;
  /** The latest version of the pod. */
  pod: KubeObject;
  /** Scheduling attempts so far (counted when popped). */
  attempts: number;
  /** The plugins that rejected it last; empty: any cluster event may help. */
  unschedulablePlugins: ReadonlySet<string>;
}

type State = 'active' | 'backoff' | 'unschedulable' | 'inflight';

interface Entry extends QueuedPod {
  state: State;
  /** Enqueue order, PrioritySort's tie breaker; a new value each time the pod is (re)activated. */
  seq: number;
  backoffUntil: number;
  unschedulableSince: number;
  deleted: boolean;
}

const priorityOf = (e: Entry): number => (typeof e.pod.spec?.priority === 'number' ? e.pod.spec.priority : 0);

/**
 * The scheduler's queue: pods by priority then arrival; failed pods back off 1 s doubling to
 * 10 s; pods no node fits wait for a cluster event that concerns a plugin which rejected them
 * (never a hot loop), and are retried at least every 5 minutes anyway.
 */
export class SchedulingQueue {
  private readonly entries = new Map<string, Entry>();
  private readonly active = new Heap<Entry>((a, b) => priorityOf(a) > priorityOf(b) || (priorityOf(a) === priorityOf(b) && a.seq < b.seq));
  private readonly backoff = new Heap<Entry>((a, b) => a.backoffUntil < b.backoffUntil);
  private readonly unschedulable = new Set<Entry>();
  /** The unschedulable pods by a plugin that rejected them; '' holds those any event may help. */
  private readonly unschedulableBy = new Map<string, Set<Entry>>();
  private seq = 0;
  private waiter?: (e: QueuedPod | undefined) => void;
  private backoffTimer?: NodeJS.Timeout;
  private readonly flushTimer: NodeJS.Timeout;
  private closed = false;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxInUnschedulableMs: number;

  constructor(opts: QueueOptions = {}) {
    this.initialBackoffMs = opts.initialBackoffMs ?? 1000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 10_000;
    this.maxInUnschedulableMs = opts.maxInUnschedulableMs ?? 300_000;
    this.flushTimer = setInterval(() => this.flushUnschedulable(), opts.flushIntervalMs ?? 30_000);
    this.flushTimer.unref();
  }

  /** Pods known to the queue, by state. */
  get stats(): Record<State, number> {
    const out: Record<State, number> = { active: 0, backoff: 0, unschedulable: 0, inflight: 0 };
    for (const e of this.entries.values()) {
      out[e.state]++;
    }
    return out;
  }

  /** Queues a pending pod, or refreshes the one already known (see update). */
  add(pod: KubeObject): void {
    const key = podKey(pod);
    if (this.entries.has(key)) {
      this.update(pod, true);
      return;
    }
    const e: Entry = {
      key,
      pod,
      attempts: 0,
      unschedulablePlugins: new Set(),
      state: 'active',
      seq: 0,
      backoffUntil: 0,
      unschedulableSince: 0,
      deleted: false,
    };
    this.entries.set(key, e);
    this.activate(e);
  }

  /** Replaces a pod's object; a change that may make it schedulable retries an unschedulable one. */
  update(pod: KubeObject, mayHelp: boolean): void {
    const e = this.entries.get(podKey(pod));
    if (!e) {
      return;
    }
    e.pod = pod;
    if (mayHelp && e.state === 'unschedulable') {
      this.leaveUnschedulable(e);
      this.activateOrBackoff(e);
    }
  }

  /** Forgets a pod (deleted, bound, or no longer ours). */
  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) {
      return;
    }
    e.deleted = true;
    this.leaveUnschedulable(e);
    this.entries.delete(key);
  }

  /** Whether the queue knows the pod. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The next pod to schedule, highest priority first; undefined once closed. */
  pop(): Promise<QueuedPod | undefined> {
    const next = this.takeActive();
    if (next || this.closed) {
      return Promise.resolve(next);
    }
    return new Promise((resolve) => (this.waiter = resolve));
  }

  /** The pod was scheduled (or dropped): forget it. */
  done(key: string): void {
    this.delete(key);
  }

  /** No node fits the pod: park it until an event concerning one of `plugins` (empty: any event). */
  requeueUnschedulable(qp: QueuedPod, plugins: readonly string[]): void {
    const e = this.entries.get(qp.key);
    if (!e || e !== qp || e.state !== 'inflight') {
      return;
    }
    e.unschedulablePlugins = new Set(plugins);
    e.backoffUntil = Date.now() + this.backoffDuration(e.attempts);
    e.unschedulableSince = Date.now();
    e.state = 'unschedulable';
    this.unschedulable.add(e);
    for (const plugin of e.unschedulablePlugins.size > 0 ? e.unschedulablePlugins : ['']) {
      let byPlugin = this.unschedulableBy.get(plugin);
      if (!byPlugin) {
        this.unschedulableBy.set(plugin, (byPlugin = new Set()));
      }
      byPlugin.add(e);
    }
  }

  /** Scheduling or binding failed for another reason: retry after the back-off. */
  requeueAfterError(qp: QueuedPod): void {
    const e = this.entries.get(qp.key);
    if (!e || e !== qp || e.state !== 'inflight') {
      return;
    }
    e.backoffUntil = Date.now() + this.backoffDuration(e.attempts);
    this.activateOrBackoff(e);
  }

  /** A cluster event: retries the unschedulable pods that one of `plugins` rejected ('all': every one). */
  moveUnschedulable(plugins: ReadonlySet<string> | 'all'): void {
    if (this.unschedulable.size === 0) {
      return;
    }
    const moving = new Set<Entry>(plugins === 'all' ? this.unschedulable : this.unschedulableBy.get(''));
    if (plugins !== 'all') {
      for (const p of plugins) {
        this.unschedulableBy.get(p)?.forEach((e) => moving.add(e));
      }
    }
    for (const e of moving) {
      this.leaveUnschedulable(e);
      this.activateOrBackoff(e);
    }
  }

  /** Stops the timers; a pending pop() resolves undefined. */
  close(): void {
    this.closed = true;
    clearInterval(this.flushTimer);
    clearTimeout(this.backoffTimer);
    this.waiter?.(undefined);
    this.waiter = undefined;
  }

  /** calculateBackoffDuration: initial × 2^(attempts−1), at most the maximum. */
  private backoffDuration(attempts: number): number {
    let d = this.initialBackoffMs;
    for (let i = 1; i < attempts && d < this.maxBackoffMs; i++) {
      d *= 2;
    }
    return Math.min(d, this.maxBackoffMs);
  }

  private flushUnschedulable(): void {
    const now = Date.now();
    for (const e of [...this.unschedulable]) {
      if (now - e.unschedulableSince >= this.maxInUnschedulableMs) {
        this.leaveUnschedulable(e);
        this.activateOrBackoff(e);
      }
    }
  }

  private leaveUnschedulable(e: Entry): void {
    if (!this.unschedulable.delete(e)) {
      return;
    }
    for (const plugin of e.unschedulablePlugins.size > 0 ? e.unschedulablePlugins : ['']) {
      const byPlugin = this.unschedulableBy.get(plugin);
      byPlugin?.delete(e);
      if (byPlugin?.size === 0) {
        this.unschedulableBy.delete(plugin);
      }
    }
  }

  private activateOrBackoff(e: Entry): void {
    if (Date.now() < e.backoffUntil) {
      e.state = 'backoff';
      this.backoff.push(e);
      this.armBackoffTimer();
    } else {
      this.activate(e);
    }
  }

  private activate(e: Entry): void {
    e.state = 'active';
    e.seq = ++this.seq;
    this.active.push(e);
    if (this.waiter) {
      const w = this.waiter;
      const next = this.takeActive();
      if (next) {
        this.waiter = undefined;
        w(next);
      }
    }
  }

  /** The best active entry still current (heaps hold stale copies of moved or deleted pods). */
  private takeActive(): Entry | undefined {
    for (;;) {
      const e = this.active.pop();
      if (!e) {
        return undefined;
      }
      if (!e.deleted && e.state === 'active' && this.entries.get(e.key) === e) {
        e.state = 'inflight';
        e.attempts++;
        return e;
      }
    }
  }

  private armBackoffTimer(): void {
    clearTimeout(this.backoffTimer);
    const head = this.backoff.peek();
    if (!head || this.closed) {
      return;
    }
    this.backoffTimer = setTimeout(() => this.flushBackoff(), Math.max(0, head.backoffUntil - Date.now()));
    this.backoffTimer.unref();
  }

  private flushBackoff(): void {
    const now = Date.now();
    for (let head = this.backoff.peek(); head && head.backoffUntil <= now; head = this.backoff.peek()) {
      this.backoff.pop();
      if (!head.deleted && head.state === 'backoff' && this.entries.get(head.key) === head) {
        this.activate(head);
      }
    }
    this.armBackoffTimer();
  }
}
