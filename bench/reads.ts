import { BenchClient, expectStatus, type ApiTarget } from 'bench/http-client';
import { runLoad, type LoadResult } from 'bench/load';
import { podsPath } from 'bench/pod';
import type { Profile } from 'bench/profile';

/** GET latency and throughput, and update (PUT) and merge-patch throughput on existing pods. */
export interface ReadUpdateResults {
  podsUsed: number;
  getSequential: LoadResult;
  getConcurrent: LoadResult;
  updates: LoadResult;
  patches: LoadResult;
}

/** Concurrent GETs use this many clients. */
const GET_CLIENTS = 16;
/** Pods each update/patch client cycles through (each client owns its own). */
const PODS_PER_CLIENT = 4;

/** Names of up to `max` existing pods of a namespace (one paginated list call). */
async function podNames(client: BenchClient, namespace: string, max: number): Promise<string[]> {
  const path = `${podsPath(namespace)}?limit=${max}`;
  const ans = expectStatus('GET', path, await client.request('GET', path), [200]);
  return (JSON.parse(ans.text) as { items: { metadata: { name: string } }[] }).items.map((p) => p.metadata.name);
}

/**
 * On pods created earlier in `namespace`: sequential GETs (latency), GETs from 16 clients
 * (throughput), then read-modify-write PUTs and merge patches of an annotation from
 * `profile.writeClients` clients, each client on pods of its own so nothing conflicts.
 */
export async function measureReadsAndUpdates(target: ApiTarget, namespace: string, profile: Profile): Promise<ReadUpdateResults> {
  const writers = profile.writeClients;
  const setup = new BenchClient(target, 1);
  const names = await podNames(setup, namespace, Math.max(GET_CLIENTS, writers * PODS_PER_CLIENT * 2));
  if (names.length < writers * 2) {
    throw new Error(`only ${names.length} pods in ${namespace}; the create measurements must have failed`);
  }
  const base = podsPath(namespace);
  const get = (client: BenchClient) => async (i: number) => {
    const path = `${base}/${names[(i * 7919) % names.length]}`;
    expectStatus('GET', path, await client.request('GET', path), [200]);
  };
  const seqClient = new BenchClient(target, 1);
  await seqClient.warmUp(1);
  const getSequential = await runLoad({ clients: 1, count: profile.getsSequential, maxMs: profile.phaseMaxMs }, get(seqClient));
  seqClient.close();
  const concClient = new BenchClient(target, GET_CLIENTS);
  await concClient.warmUp(GET_CLIENTS);
  const getConcurrent = await runLoad({ clients: GET_CLIENTS, count: profile.getsConcurrent, maxMs: profile.phaseMaxMs }, get(concClient));
  concClient.close();

  const client = new BenchClient(target, writers);
  const owned = (c: number, offset: number): string[] => Array.from({ length: PODS_PER_CLIENT }, (_, k) => names[(offset + c + k * writers) % names.length]);
  const current = new Map<string, Record<string, any>>();
  for (let c = 0; c < writers; c++) {
    for (const name of owned(c, 0)) {
      const ans = expectStatus('GET', `${base}/${name}`, await client.request('GET', `${base}/${name}`), [200]);
      current.set(name, JSON.parse(ans.text) as Record<string, any>);
    }
  }
  const counters = new Array<number>(writers).fill(0);
  const updates = await runLoad({ clients: writers, count: profile.updates, maxMs: profile.phaseMaxMs }, async (i, c) => {
    const name = owned(c, 0)[counters[c]++ % PODS_PER_CLIENT];
    const obj = current.get(name)!;
    obj.metadata.annotations = { ...obj.metadata.annotations, 'bench.kubepg.io/seq': String(i) };
    const path = `${base}/${name}`;
    const ans = expectStatus('PUT', path, await client.request('PUT', path, { body: JSON.stringify(obj) }), [200]);
    current.set(name, JSON.parse(ans.text) as Record<string, any>);
  });
  counters.fill(0);
  const patches = await runLoad({ clients: writers, count: profile.patches, maxMs: profile.phaseMaxMs }, async (i, c) => {
    const name = owned(c, writers * PODS_PER_CLIENT)[counters[c]++ % PODS_PER_CLIENT];
    const path = `${base}/${name}`;
    const body = JSON.stringify({ metadata: { annotations: { 'bench.kubepg.io/patched': String(i) } } });
    expectStatus('PATCH', path, await client.request('PATCH', path, { body, contentType: 'application/merge-patch+json' }), [200]);
  });
  client.close();
  setup.close();
  return { podsUsed: names.length, getSequential, getConcurrent, updates, patches };
}
