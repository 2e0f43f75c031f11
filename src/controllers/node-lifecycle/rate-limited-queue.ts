// A per-zone queue of nodes waiting for their NoExecute taint, drained at a limited rate.
// Semantics: kubernetes pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go
// (RateLimitedTimedQueue, UniqueQueue) and client-go util/flowcontrol token bucket (burst 1).

/** A token bucket: `qps` tokens a second up to `burst`, starting full; qps 0 never accepts. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly qps: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = qps > 0 ? burst : 0;
    this.last = now;
  }

  /** Takes a token if one is available. */
  tryAccept(now: number): boolean {
    if (this.qps <= 0) {
      return false;
    }
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}

/** One queued node. */
export interface TimedValue {
  value: string;
  uid: string;
  addedAt: number;
  processAt: number;
}

/** Burst of the eviction limiters (EvictionRateLimiterBurst). */
export const EVICTION_BURST = 1;

/**
 * A unique queue ordered by processAt, tried through a token bucket. A value stays known after it
 * was processed (so it is not added again) until removed.
 */
export class RateLimitedTimedQueue {
  private queue: TimedValue[] = [];
  private readonly known = new Set<string>();
  private limiter: TokenBucket;

  constructor(qps: number, now: number) {
    this.limiter = new TokenBucket(qps, EVICTION_BURST, now);
  }

  /** Adds a value unless it is already known; returns whether it was added. */
  add(value: string, uid: string, now: number): boolean {
    if (this.known.has(value)) {
      return false;
    }
    this.known.add(value);
    this.queue.push({ value, uid, addedAt: now, processAt: now });
    this.sort();
    return true;
  }

  /** Forgets a value (queued or processed); returns whether it was known. */
  remove(value: string): boolean {
    const had = this.known.delete(value);
    this.queue = this.queue.filter((v) => v.value !== value);
    return had;
  }

  /** Values waiting. */
  get length(): number {
    return this.queue.length;
  }

  /**
   * Processes due values while the limiter allows: `fn` returns true when done (the value leaves
   * the queue but stays known), or false and a wait after which to try it again.
   */
  async try(now: () => number, fn: (v: TimedValue) => Promise<{ done: boolean; retryAfterMs?: number }>): Promise<void> {
    while (this.queue.length > 0) {
      if (!this.limiter.tryAccept(now())) {
        return;
      }
      const head = this.queue[0];
      if (now() < head.processAt) {
        return;
      }
      const { done, retryAfterMs = 0 } = await fn(head);
      if (!this.queue.includes(head)) {
        continue;
      }
      if (done) {
        this.queue.splice(this.queue.indexOf(head), 1);
      } else {
        head.processAt = now() + retryAfterMs + 1;
        this.sort();
      }
    }
  }

  /** Changes the rate; a limiter that was exhausted leaves the new one exhausted too (qps 0 stops processing). */
  swapLimiter(qps: number, now: number): void {
    if (this.limiter.qps === qps) {
      return;
    }
    const next = new TokenBucket(Math.max(qps, 0), EVICTION_BURST, now);
    if (qps > 0 && !this.limiter.tryAccept(now)) {
      next.tryAccept(now);
    }
    this.limiter = next;
  }

  private sort(): void {
    this.queue.sort((a, b) => a.processAt - b.processAt);
  }
}
