/** One container's back-off: the current delay and when it last grew. */
interface Entry {
  delayMs: number;
  lastUpdate: number;
}

/** Whether a container is waiting out its back-off, and until when. */
export interface BackOffWait {
  /** The current delay (what the CrashLoopBackOff message prints). */
  delayMs: number;
  /** When the container may be started again. */
  until: number;
}

/**
 * Kubelet's container restart back-off for one pod: the first restart after an exit is immediate,
 * then each further exit waits base, 2·base, 4·base … capped at max; an entry untouched for 2·max
 * (a container that ran that long) starts over. Times are passed in, so it is pure and testable.
 * Semantics: k8s.io/client-go util/flowcontrol/backoff.go (Next, IsInBackOffSince, hasExpired) as
 * used by kubelet kuberuntime_manager.go doBackOff with key = container, eventTime = finishedAt.
 */
export class CrashBackOff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly baseMs: number,
    readonly maxMs: number,
  ) {}

  /** The wait still ahead for a container that exited at `finishedAt`, or undefined when it may restart now. */
  waiting(container: string, finishedAt: number, now: number): BackOffWait | undefined {
    const e = this.entries.get(container);
    if (!e || this.expired(now, e)) {
      return undefined;
    }
    return now - finishedAt < e.delayMs ? { delayMs: e.delayMs, until: finishedAt + e.delayMs } : undefined;
  }

  /** Records a restart of a container that exited at `finishedAt` and returns the delay the next exit will wait. */
  next(container: string, finishedAt: number): number {
    const e = this.entries.get(container);
    const delayMs = !e || this.expired(finishedAt, e) ? this.baseMs : Math.min(e.delayMs * 2, this.maxMs);
    this.entries.set(container, { delayMs, lastUpdate: finishedAt });
    return delayMs;
  }

  private expired(at: number, e: Entry): boolean {
    return at - e.lastUpdate > 2 * this.maxMs;
  }
}
