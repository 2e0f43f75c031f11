import { nowMs, round, summarize, type LatencySummary } from 'bench/stats';

/** How much load to drive: `clients` concurrent loops sharing `count` operations, at most `maxMs`. */
export interface LoadSpec {
  clients: number;
  count: number;
  maxMs: number;
}

/** The outcome of one load run; throughput counts successful operations only. */
export interface LoadResult {
  clients: number;
  attempted: number;
  succeeded: number;
  failed: number;
  seconds: number;
  opsPerSec: number;
  latency: LatencySummary;
  /** Why the run ended: all operations done, or the time cap. */
  stoppedBy: 'count' | 'time' | 'errors';
  /** The first distinct failures, each with the exact request and answer. */
  errors: string[];
}

/** Stop a run once this many operations failed: the server is not coping and more adds nothing. */
const MAX_FAILURES = 500;
const KEPT_ERRORS = 5;

/**
 * Runs `op(index, client)` from `clients` concurrent loops until `count` operations were started
 * or `maxMs` passed. An operation fails by throwing; its message should name the request.
 */
export async function runLoad(spec: LoadSpec, op: (index: number, client: number) => Promise<void>): Promise<LoadResult> {
  const latencies: number[] = [];
  const errors: string[] = [];
  let next = 0;
  let failed = 0;
  let stoppedBy: LoadResult['stoppedBy'] = 'count';
  const start = nowMs();
  const deadline = start + spec.maxMs;
  const loop = async (client: number): Promise<void> => {
    for (;;) {
      if (next >= spec.count) {
        return;
      }
      if (failed >= MAX_FAILURES) {
        stoppedBy = 'errors';
        return;
      }
      if (nowMs() > deadline) {
        stoppedBy = 'time';
        return;
      }
      const index = next++;
      const t0 = nowMs();
      try {
        await op(index, client);
        latencies.push(nowMs() - t0);
      } catch (err) {
        failed++;
        const msg = err instanceof Error ? err.message : String(err);
        if (errors.length < KEPT_ERRORS && !errors.includes(msg)) {
          errors.push(msg);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: spec.clients }, (_, c) => loop(c)));
  const seconds = (nowMs() - start) / 1000;
  return {
    clients: spec.clients,
    attempted: next,
    succeeded: latencies.length,
    failed,
    seconds: round(seconds),
    opsPerSec: round(latencies.length / seconds),
    latency: summarize(latencies),
    stoppedBy,
    errors,
  };
}
