/** Percentiles and rates of one measured series, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** The nearest-rank percentile `p` (0..100) of an ascending array; NaN when it is empty. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Summarises latencies (ms); the input is not modified. */
export function summarize(latenciesMs: number[]): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  const arr = Array.from(sorted);
  const sum = arr.reduce((a, b) => a + b, 0);
  return {
    count: arr.length,
    p50: round(percentile(arr, 50)),
    p90: round(percentile(arr, 90)),
    p99: round(percentile(arr, 99)),
    max: round(arr.length ? arr[arr.length - 1] : Number.NaN),
    mean: round(arr.length ? sum / arr.length : Number.NaN),
  };
}

/** Rounds to two decimals (three significant digits below 1). */
export function round(n: number): number {
  if (!Number.isFinite(n)) {
    return n;
  }
  return Math.abs(n) < 1 ? Math.round(n * 1000) / 1000 : Math.round(n * 100) / 100;
}

/** Milliseconds since an arbitrary origin, with sub-millisecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
