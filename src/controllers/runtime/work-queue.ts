/** The longest delay a Node timer holds. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Options of a work queue. */
export interface WorkQueueOptions {
  /** Keys processed at once (never the same key twice at once). */
  workers?: number;
  /** First back-off after a failure; doubles per consecutive failure of the key. */
  baseDelayMs?: number;
  /** Longest back-off. */
  maxDelayMs?: number;
  /** Called after every handler run, for metrics. */
  onResult?: (outcome: 'success' | 'error' | 'requeue', durationMs: number, error?: unknown) => void;
}

/** What a handler returns: nothing when done, or the delay in ms after which to look again. */
export type ReconcileResult = void | number;

/**
 * A keyed work queue as client-go's: adding a queued key is a no-op, a key being processed is
 * re-queued once it finishes (never two workers on one key), a failing key backs off
 * exponentially (5 ms doubling to 1,000 s by default) and a success resets its back-off.
 * Semantics: k8s.io/client-go util/workqueue (Type, DelayingQueue, ItemExponentialFailureRateLimiter).
 */
export class WorkQueue {
  private readonly queue: string[] = [];
  private head = 0;
  private readonly queued = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private running = 0;
  private started = false;
  private stopping = false;
  private idle?: () => void;
  private readonly workers: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(
    readonly name: string,
    private readonly handler: (key: string) => Promise<ReconcileResult>,
    private readonly opts: WorkQueueOptions = {},
  ) {
    this.workers = opts.workers ?? 4;
    this.baseDelayMs = opts.baseDelayMs ?? 5;
    this.maxDelayMs = opts.maxDelayMs ?? 1_000_000;
  }

  /** Keys waiting to be processed. */
  get depth(): number {
    return this.queue.length - this.head;
  }

  /** Queues a key unless it is already waiting. */
  add(key: string): void {
    if (this.stopping) {
      return;
    }
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) {
      return;
    }
    this.queued.add(key);
    this.queue.push(key);
    this.pump();
  }

  /** Queues a key after a delay; an earlier pending delay for the key wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.stopping) {
      return;
    }
    // setTimeout fires at once for delays past 2^31-1 ms (~24.8 days); wake up then and look again.
    delayMs = Math.min(delayMs, MAX_TIMER_MS);
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = Date.now() + delayMs;
    const pending = this.timers.get(key);
    if (pending && pending.at <= at) {
      return;
    }
    if (pending) {
      clearTimeout(pending.timer);
    }
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, delayMs);
    timer.unref();
    this.timers.set(key, { at, timer });
  }

  /** Queues a key after its back-off, and lengthens the back-off. */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(this.baseDelayMs * 2 ** n, this.maxDelayMs));
  }

  /** Resets a key's back-off. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Starts the workers. */
  start(): void {
    this.started = true;
    this.pump();
  }

  /** Stops taking keys and waits for the handlers in flight. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers.values()) {
      clearTimeout(t.timer);
    }
    this.timers.clear();
    if (this.running > 0) {
      await new Promise<void>((resolve) => (this.idle = resolve));
    }
  }

  private pump(): void {
    while (this.started && !this.stopping && this.running < this.workers && this.depth > 0) {
      const key = this.queue[this.head++];
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.queued.delete(key);
      this.processing.add(key);
      this.running++;
      void this.process(key);
    }
  }

  private async process(key: string): Promise<void> {
    const started = Date.now();
    try {
      const result = await this.handler(key);
      if (typeof result === 'number') {
        this.opts.onResult?.('requeue', Date.now() - started);
        this.forget(key);
        this.addAfter(key, result);
      } else {
        this.opts.onResult?.('success', Date.now() - started);
        this.forget(key);
      }
    } catch (err) {
      this.opts.onResult?.('error', Date.now() - started, err);
      this.addRateLimited(key);
    } finally {
      this.processing.delete(key);
      this.running--;
      if (this.dirty.delete(key)) {
        this.add(key);
      }
      if (this.stopping && this.running === 0) {
        this.idle?.();
      }
      this.pump();
    }
  }
}
