import type { CpuSampler, CpuShare } from 'bench/cpu';
import { BenchClient, expectStatus, type ApiTarget } from 'bench/http-client';
import { Http2BenchClient } from 'bench/http2-client';
import { runLoad, type LoadResult } from 'bench/load';
import { createPod, podsPath } from 'bench/pod';
import type { Profile } from 'bench/profile';
import { meanBatch, writerCounters } from 'bench/writer-stats';

/** Creates and GETs multiplexed over one HTTP/2 connection. */
export interface Http2Results {
  /** Creates from `streams` concurrent streams on one connection, per level. */
  creates: (LoadResult & { meanBatch: number; streams: number; cpu: CpuShare })[];
  /** Sequential GETs of pods created above (latency). */
  getSequential: LoadResult;
}

/** Stream counts of the HTTP/2 create levels (the same concurrency as the HTTP/1.1 levels). */
const STREAM_LEVELS = [64, 256];

/**
 * The client-go way of talking to the apiserver: every request a stream on ONE HTTP/2
 * connection. Creates at 64 and 256 concurrent streams, then sequential GETs.
 */
export async function measureHttp2(target: ApiTarget, namespace: string, profile: Profile, alive: () => boolean, cpu: CpuSampler): Promise<Http2Results> {
  const admin = new BenchClient(target, 1);
  const created: string[] = [];
  const creates: Http2Results['creates'] = [];
  for (const streams of STREAM_LEVELS) {
    const level = profile.createLevels.find((l) => l.clients === streams);
    if (!alive() || !level) {
      continue;
    }
    const client = await Http2BenchClient.connect(target);
    const before = await writerCounters(admin);
    const stopCpu = cpu.start();
    const result = await runLoad({ clients: streams, count: level.count, maxMs: profile.createLevelMaxMs }, async (i) => {
      const name = `h2c${streams}-${i}`;
      await createPod(client, namespace, name, i);
      created.push(name);
    });
    const share = stopCpu();
    const after = await writerCounters(admin);
    client.close();
    creates.push({ ...result, streams, meanBatch: meanBatch(before, after), cpu: share });
  }
  admin.close();
  if (created.length === 0) {
    throw new Error('no pod was created over HTTP/2');
  }
  const client = await Http2BenchClient.connect(target);
  const base = podsPath(namespace);
  const getSequential = await runLoad({ clients: 1, count: profile.getsSequential, maxMs: profile.phaseMaxMs }, async (i) => {
    const path = `${base}/${created[(i * 7919) % created.length]}`;
    expectStatus('GET', path, await client.request('GET', path), [200]);
  });
  client.close();
  return { creates, getSequential };
}
