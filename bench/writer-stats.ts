import type { BenchClient } from 'bench/http-client';

/** Group-commit counters from the apiserver's /metrics: committed batches and mutations. */
export interface WriterCounters {
  batches: number;
  writes: number;
}

/** Reads the writer counters; NaN when /metrics does not answer or lacks them. */
export async function writerCounters(client: BenchClient): Promise<WriterCounters> {
  const ans = await client.request('GET', '/metrics').catch(() => undefined);
  const value = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(ans?.text ?? '')?.[1] ?? NaN);
  return { batches: value('kubepg_storage_write_batches_total'), writes: value('kubepg_storage_writes_total') };
}

/** Mean mutations per group-commit transaction between two readings. */
export function meanBatch(before: WriterCounters, after: WriterCounters): number {
  const batches = after.batches - before.batches;
  return batches > 0 ? Math.round(((after.writes - before.writes) / batches) * 10) / 10 : NaN;
}
