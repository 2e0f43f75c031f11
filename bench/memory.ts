import { Client } from 'pg';
import { BenchClient, expectStatus } from 'bench/http-client';
import type { KubepgInstance } from 'bench/kubepg';
import { memoryOf } from 'bench/processes';
import { sleep } from 'bench/stats';

/** The apiserver's memory while it holds every pod the run created. */
export interface MemoryFigure {
  /** Pods in the cluster (all namespaces) when measured. */
  pods: number;
  /** VmRSS right after the load, after 3 s idle, and the peak (VmHWM) over the whole run. */
  rssBytes: number;
  settledRssBytes: number;
  peakRssBytes: number;
  /** Size of the kubepg database on disk, for scale. */
  databaseBytes: number;
}

/** Counts the pods of every namespace through the API (one item plus remainingItemCount). */
export async function countPods(client: BenchClient): Promise<number> {
  const ans = expectStatus('GET', '/api/v1/pods?limit=1', await client.request('GET', '/api/v1/pods?limit=1'), [200]);
  const list = JSON.parse(ans.text) as { items: unknown[]; metadata: { remainingItemCount?: number } };
  return list.items.length + (list.metadata.remainingItemCount ?? 0);
}

/** Reads the apiserver child's RSS from /proc, now and after a short idle period. */
export async function measureMemory(inst: KubepgInstance): Promise<MemoryFigure> {
  if (inst.apiserverPid === undefined) {
    throw new Error(`no process with "apiserver --data-dir ${inst.dataDir}" in its command line`);
  }
  const client = new BenchClient(inst, 1);
  const pods = await countPods(client);
  client.close();
  const now = memoryOf(inst.apiserverPid);
  await sleep(3000);
  const settled = memoryOf(inst.apiserverPid);
  const db = new Client({ connectionString: inst.databaseUrl });
  await db.connect();
  const size = await db.query<{ n: string }>("SELECT pg_database_size('kubepg') AS n").finally(() => db.end());
  return {
    pods,
    rssBytes: now?.rssBytes ?? NaN,
    settledRssBytes: settled?.rssBytes ?? NaN,
    peakRssBytes: settled?.hwmBytes ?? NaN,
    databaseBytes: Number(size.rows[0].n),
  };
}
