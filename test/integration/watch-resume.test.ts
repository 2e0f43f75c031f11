// Invariant 3, watch side: a watch from resourceVersion R delivers exactly the changes after R
// (no initial ADDED events), a client that disconnects resumes from its last RV without loss or
// duplication, and a watch without an RV starts from the current state.
import {
  configMap,
  createNamespace,
  expectStatus,
  rvNum,
  startTestApiServer,
  type ApiClient,
  type TestApiServer,
  type WatchEvent,
} from 'test/support/apiserver';

/** One write and what a watcher should see for it. */
interface Step {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  name: string;
  /** Known for creates and updates; deletes of ConfigMaps answer with a Status. */
  rv?: number;
  value?: string;
}

function path(ns: string, name?: string): string {
  return `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ''}`;
}

async function create(api: ApiClient, ns: string, name: string, value: string, labels?: Record<string, string>): Promise<Step> {
  const res = await api.post(path(ns), configMap(name, { value }, labels ? { labels } : {}));
  expectStatus(res, 201);
  return { type: 'ADDED', name, rv: rvNum(res.body.metadata.resourceVersion), value };
}

async function update(api: ApiClient, ns: string, name: string, value: string, labels?: Record<string, string>): Promise<Step> {
  const current = await api.get(path(ns, name));
  expectStatus(current, 200);
  const body = { ...current.body, data: { value }, metadata: { ...current.body.metadata, ...(labels ? { labels } : {}) } };
  const res = await api.put(path(ns, name), body);
  expectStatus(res, 200);
  return { type: 'MODIFIED', name, rv: rvNum(res.body.metadata.resourceVersion), value };
}

async function remove(api: ApiClient, ns: string, name: string): Promise<Step> {
  const res = await api.delete(path(ns, name));
  expectStatus(res, 200);
  return { type: 'DELETED', name };
}

/** Compares events with steps: same order, types, names, and RVs where the step knows its RV. */
function expectEvents(events: WatchEvent[], steps: Step[]): void {
  const got = events.map((e) => ({
    type: e.type,
    name: e.object?.metadata?.name,
    rv: e.type === 'DELETED' ? undefined : rvNum(e.object.metadata.resourceVersion),
    value: e.type === 'DELETED' ? undefined : e.object.data?.value,
  }));
  expect(got).toEqual(steps.map((s) => ({ type: s.type, name: s.name, rv: s.rv, value: s.value })));
  const rvs = events.map((e) => rvNum(e.object.metadata.resourceVersion));
  for (let i = 1; i < rvs.length; i++) {
    expect(rvs[i]).toBeGreaterThan(rvs[i - 1]);
  }
}

describe('watch from a resourceVersion, and resuming (invariant 3)', () => {
  let server: TestApiServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestApiServer();
    api = server.api;
    for (const ns of ['resume', 'quiet', 'sel', 'ns-a', 'ns-b']) {
      await createNamespace(api, ns);
    }
  });

  afterAll(async () => {
    await server?.stop();
  });

  test('a watch from the RV of write k delivers exactly the writes after k, with no initial events', async () => {
    const steps: Step[] = [];
    for (let i = 0; i < 10; i++) {
      steps.push(await create(api, 'resume', `r-${i}`, `v${i}`));
    }
    for (let i = 0; i < 10; i++) {
      steps.push(await update(api, 'resume', `r-${i}`, `u${i}`));
    }
    for (let i = 0; i < 5; i++) {
      steps.push(await remove(api, 'resume', `r-${i}`));
    }
    for (let i = 10; i < 15; i++) {
      steps.push(await create(api, 'resume', `r-${i}`, `v${i}`));
    }
    steps.push(await create(api, 'resume', 'r-0', 'again'));

    for (const k of [0, 9, 17, 26]) {
      const from = steps[k].rv!;
      const watch = api.watch(`${path('resume')}?watch=true&resourceVersion=${from}`);
      expect(await watch.status).toBe(200);
      const expected = steps.slice(k + 1);
      const events = await watch.take(expected.length);
      watch.close();
      expectEvents(events, expected);
      expect(rvNum(events[0].object.metadata.resourceVersion)).toBeGreaterThan(from);
    }
  });

  test('a client that disconnects and re-watches from its last RV misses nothing and sees nothing twice', async () => {
    const list = await api.get(path('resume'));
    expectStatus(list, 200);
    const first = api.watch(`${path('resume')}?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`);
    expect(await first.status).toBe(200);
    const steps: Step[] = [];
    for (let i = 0; i < 10; i++) {
      steps.push(await create(api, 'resume', `d-${i}`, `a${i}`));
    }
    const before = await first.take(5);
    first.close();
    for (let i = 0; i < 10; i++) {
      steps.push(await update(api, 'resume', `d-${i}`, `b${i}`));
    }
    for (let i = 0; i < 3; i++) {
      steps.push(await remove(api, 'resume', `d-${i}`));
    }
    const lastSeen = before[before.length - 1].object.metadata.resourceVersion;
    const second = api.watch(`${path('resume')}?watch=true&resourceVersion=${lastSeen}`);
    expect(await second.status).toBe(200);
    const after = await second.take(steps.length - 5);
    second.close();
    expectEvents([...before, ...after], steps);
  });

  test('a watch without resourceVersion, or with resourceVersion=0, starts with ADDED events for the current state', async () => {
    await create(api, 'quiet', 'q-1', 'one');
    const q2 = await create(api, 'quiet', 'q-2', 'two');
    await create(api, 'quiet', 'q-3', 'three');
    await update(api, 'quiet', 'q-1', 'one-b');
    await remove(api, 'quiet', 'q-3');
    const current = await api.get(path('quiet'));
    expectStatus(current, 200);
    const state = Object.fromEntries(current.body.items.map((o: any) => [o.metadata.name, o.metadata.resourceVersion]));
    expect(Object.keys(state).sort()).toEqual(['q-1', 'q-2']);
    expect(state['q-2']).toBe(String(q2.rv));

    for (const query of ['watch=true', 'watch=true&resourceVersion=0']) {
      const watch = api.watch(`${path('quiet')}?${query}`);
      expect(await watch.status).toBe(200);
      const sentinel = `s-${query.length}`;
      await create(api, 'quiet', sentinel, 'live');
      const events = await watch.until((e) => e.object?.metadata?.name === sentinel);
      watch.close();
      const initial = events.slice(0, -1);
      if (query === 'watch=true') {
        // No resourceVersion: a consistent start, so the initial events are exactly the current objects.
        expect(initial.map((e) => e.type)).toEqual(initial.map(() => 'ADDED'));
      }
      // resourceVersion=0 may start from a slightly older cached state, but what it sends must add up to the current one.
      const seen = new Map<string, string>();
      for (const e of initial) {
        if (e.type === 'DELETED') {
          seen.delete(e.object.metadata.name);
        } else {
          seen.set(e.object.metadata.name, e.object.metadata.resourceVersion);
        }
      }
      expect({ query, state: Object.fromEntries(seen) }).toEqual({ query, state });
      expect(events[events.length - 1].type).toBe('ADDED');
      await remove(api, 'quiet', sentinel);
    }
  });

  test('a label-selector watch sees an object leave the selection as DELETED and return as ADDED', async () => {
    const list = await api.get(`${path('sel')}?labelSelector=app%3Dweb`);
    expectStatus(list, 200);
    const watch = api.watch(`${path('sel')}?watch=true&labelSelector=app%3Dweb&resourceVersion=${list.body.metadata.resourceVersion}`);
    expect(await watch.status).toBe(200);
    const added = await create(api, 'sel', 'a', 'v1', { app: 'web' });
    const left = await update(api, 'sel', 'a', 'v2', { app: 'db' });
    await create(api, 'sel', 'b', 'v1', { app: 'db' });
    const back = await update(api, 'sel', 'a', 'v3', { app: 'web' });
    const modified = await update(api, 'sel', 'a', 'v4', { app: 'web' });
    await remove(api, 'sel', 'a');
    const last = await create(api, 'sel', 'c', 'v1', { app: 'web' });
    const events = await watch.until((e) => e.object?.metadata?.name === 'c');
    watch.close();
    expect(events.map((e) => [e.type, e.object.metadata.name, e.object.metadata.resourceVersion])).toEqual([
      ['ADDED', 'a', String(added.rv)],
      // Leaving the selection: DELETED at the RV of the update that changed the label.
      ['DELETED', 'a', String(left.rv)],
      ['ADDED', 'a', String(back.rv)],
      ['MODIFIED', 'a', String(modified.rv)],
      ['DELETED', 'a', expect.stringMatching(/^[1-9][0-9]*$/)],
      ['ADDED', 'c', String(last.rv)],
    ]);
  });

  test('a cluster-wide watch interleaves namespaces in RV order; a namespaced watch sees only its namespace', async () => {
    const list = await api.get('/api/v1/configmaps');
    expectStatus(list, 200);
    const from = list.body.metadata.resourceVersion;
    const all = api.watch(`/api/v1/configmaps?watch=true&resourceVersion=${from}`);
    const onlyB = api.watch(`${path('ns-b')}?watch=true&resourceVersion=${from}`);
    expect(await all.status).toBe(200);
    expect(await onlyB.status).toBe(200);
    const steps: (Step & { ns: string })[] = [];
    for (let i = 0; i < 6; i++) {
      const ns = i % 2 === 0 ? 'ns-a' : 'ns-b';
      steps.push({ ...(await create(api, ns, `x-${i}`, `v${i}`)), ns });
    }
    const events = await all.take(steps.length);
    expect(events.map((e) => [e.object.metadata.namespace, e.object.metadata.name, e.object.metadata.resourceVersion])).toEqual(
      steps.map((s) => [s.ns, s.name, String(s.rv)]),
    );
    const bEvents = await onlyB.take(3);
    expect(bEvents.map((e) => e.object.metadata.name)).toEqual(['x-1', 'x-3', 'x-5']);
    // Nothing from ns-a arrives on the ns-b watch: the next event there is the next ns-b write.
    await create(api, 'ns-a', 'x-6', 'v6');
    const y = await create(api, 'ns-b', 'x-7', 'v7');
    const next = await onlyB.next();
    expect([next.object.metadata.name, next.object.metadata.resourceVersion]).toEqual(['x-7', String(y.rv)]);
    all.close();
    onlyB.close();
  });
});
