import type { CpuSampler, CpuShare } from 'bench/cpu';
import { BenchClient, type ApiTarget } from 'bench/http-client';
import { runLoad, type LoadResult } from 'bench/load';
import { createPod, ensureNamespace } from 'bench/pod';
import type { Profile } from 'bench/profile';
import { meanBatch, writerCounters } from 'bench/writer-stats';

/** Namespace the create measurements write into; the read measurements reuse its pods. */
export const CREATE_NAMESPACE = 'bench-create';

/** Create throughput at one concurrency level, with the writer's mean group-commit batch. */
export interface CreateLevel extends LoadResult {
  meanBatch: number;
  cpu: CpuShare;
}

/** Name of the `index`-th pod created at concurrency `clients`. */
export function createdPodName(clients: number, index: number): string {
  return `c${clients}-${index}`;
}

/**
 * For each level, `clients` concurrent keep-alive HTTPS connections create ~1 KB pods as fast
 * as the server answers. Connections are opened before the clock starts.
 */
export async function measureCreates(target: ApiTarget, profile: Profile, alive: () => boolean, cpu: CpuSampler): Promise<CreateLevel[]> {
  const admin = new BenchClient(target, 1);
  await ensureNamespace(admin, CREATE_NAMESPACE);
  const levels: CreateLevel[] = [];
  for (const { clients, count } of profile.createLevels) {
    if (!alive()) {
      break;
    }
    const client = new BenchClient(target, clients);
    await client.warmUp(clients);
    const before = await writerCounters(admin);
    const stopCpu = cpu.start();
    const result = await runLoad({ clients, count, maxMs: profile.createLevelMaxMs }, async (i) => {
      await createPod(client, CREATE_NAMESPACE, createdPodName(clients, i), i);
    });
    const share = stopCpu();
    const after = await writerCounters(admin);
    client.close();
    levels.push({ ...result, meanBatch: meanBatch(before, after), cpu: share });
  }
  admin.close();
  return levels;
}
