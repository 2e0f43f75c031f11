// Invariant 4: an update or delete whose precondition names a stale resourceVersion fails with
// 409 Conflict, and concurrent writers never lose an update.
import { configMap, createNamespace, expectStatus, rvNum, startTestApiServer, type ApiClient, type TestApiServer } from 'test/support/apiserver';

const NS = 'conflicts';
const CM = `/api/v1/namespaces/${NS}/configmaps`;
const OPTIMISTIC = 'the object has been modified; please apply your changes to the latest version and try again';
const COUNTER = 'example.com/counter';

/** Increments the counter annotation with read-modify-write, retrying on 409; returns how many 409s it met. */
async function increment(api: ApiClient, name: string): Promise<number> {
  for (let conflicts = 0; ; conflicts++) {
    const current = await api.get(`${CM}/${name}`);
    expectStatus(current, 200);
    const obj = current.body;
    const n = Number(obj.metadata.annotations?.[COUNTER] ?? '0');
    obj.metadata.annotations = { ...obj.metadata.annotations, [COUNTER]: String(n + 1) };
    const res = await api.put(`${CM}/${name}`, obj);
    if (res.status === 200) {
      return conflicts;
    }
    expectStatus(res, 409);
    expect(res.body.reason).toBe('Conflict');
  }
}

describe('optimistic concurrency (invariant 4)', () => {
  let server: TestApiServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestApiServer();
    api = server.api;
    await createNamespace(api, NS);
  });

  afterAll(async () => {
    await server?.stop();
  });

  test('PUT with a stale resourceVersion is 409 Conflict and changes nothing', async () => {
    const created = await api.post(CM, configMap('stale', { v: '1' }));
    expectStatus(created, 201);
    const rv1 = created.body.metadata.resourceVersion;
    const updated = await api.put(`${CM}/stale`, { ...created.body, data: { v: '2' } });
    expectStatus(updated, 200);
    const rv2 = updated.body.metadata.resourceVersion;
    expect(rvNum(rv2)).toBeGreaterThan(rvNum(rv1));

    const stale = await api.put(`${CM}/stale`, { ...created.body, data: { v: '3' } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'Conflict',
      code: 409,
      message: `Operation cannot be fulfilled on configmaps "stale": ${OPTIMISTIC}`,
      details: { name: 'stale', kind: 'configmaps' },
    });
    const after = await api.get(`${CM}/stale`);
    expect([after.body.metadata.resourceVersion, after.body.data]).toEqual([rv2, { v: '2' }]);
  });

  test('a merge patch naming a stale resourceVersion is 409 Conflict', async () => {
    const created = await api.post(CM, configMap('stale-patch', { v: '1' }));
    expectStatus(created, 201);
    const rv1 = created.body.metadata.resourceVersion;
    expectStatus(await api.patch(`${CM}/stale-patch`, { data: { v: '2' } }), 200);
    const res = await api.patch(`${CM}/stale-patch`, { metadata: { resourceVersion: rv1 }, data: { v: '3' } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ reason: 'Conflict', code: 409, message: `Operation cannot be fulfilled on configmaps "stale-patch": ${OPTIMISTIC}` });
    expect((await api.get(`${CM}/stale-patch`)).body.data).toEqual({ v: '2' });
  });

  test('DELETE with a stale resourceVersion precondition is 409 and keeps the object', async () => {
    const created = await api.post(CM, configMap('stale-delete', { v: '1' }));
    expectStatus(created, 201);
    const rv1 = created.body.metadata.resourceVersion;
    const updated = await api.patch(`${CM}/stale-delete`, { data: { v: '2' } });
    expectStatus(updated, 200);
    const res = await api.delete(`${CM}/stale-delete`, { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { resourceVersion: rv1 } });
    expect(res.status).toBe(409);
    expect(res.body.reason).toBe('Conflict');
    expect(res.body.message).toContain(
      `the ResourceVersion in the precondition (${rv1}) does not match the ResourceVersion in record (${updated.body.metadata.resourceVersion})`,
    );
    expectStatus(await api.get(`${CM}/stale-delete`), 200);
    // With the current RV the delete goes through.
    const ok = await api.delete(`${CM}/stale-delete`, { preconditions: { resourceVersion: updated.body.metadata.resourceVersion } });
    expectStatus(ok, 200);
    expect((await api.get(`${CM}/stale-delete`)).status).toBe(404);
  });

  test('an RV from before a delete and re-create does not match the new object', async () => {
    const first = await api.post(CM, configMap('reborn', { v: '1' }));
    expectStatus(first, 201);
    expectStatus(await api.delete(`${CM}/reborn`), 200);
    const second = await api.post(CM, configMap('reborn', { v: '2' }));
    expectStatus(second, 201);
    expect(second.body.metadata.uid).not.toBe(first.body.metadata.uid);
    const res = await api.put(`${CM}/reborn`, { ...first.body, data: { v: '3' } });
    expect(res.status).toBe(409);
    expect(res.body.reason).toBe('Conflict');
    expect((await api.get(`${CM}/reborn`)).body.data).toEqual({ v: '2' });
  });

  test('creating an existing name is 409 AlreadyExists', async () => {
    expectStatus(await api.post(CM, configMap('twice')), 201);
    const res = await api.post(CM, configMap('twice'));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'AlreadyExists',
      code: 409,
      message: 'configmaps "twice" already exists',
      details: { name: 'twice', kind: 'configmaps' },
    });
  });

  test('8 concurrent creates of one name: exactly one succeeds', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => api.post(CM, configMap('race-create', { who: String(i) }))));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 201)!;
    expect((await api.get(`${CM}/race-create`)).body.data).toEqual(winner.body.data);
  });

  test('8 concurrent PUTs with the same resourceVersion: exactly one succeeds', async () => {
    const created = await api.post(CM, configMap('race-put', { who: 'nobody' }));
    expectStatus(created, 201);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => api.put(`${CM}/race-put`, { ...created.body, data: { who: String(i) } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 200)!;
    const now = await api.get(`${CM}/race-put`);
    expect([now.body.data, now.body.metadata.resourceVersion]).toEqual([winner.body.data, winner.body.metadata.resourceVersion]);
  });

  test('16 concurrent PUTs without a resourceVersion all succeed, each storing its own body', async () => {
    // Unconditional updates that lose the race are retried on the newer object; a retry must start
    // from the request's body again (the first attempt pinned the old resourceVersion into it).
    const created = await api.post(CM, configMap('race-unpinned', { who: 'nobody' }));
    expectStatus(created, 201);
    const { resourceVersion: _rv, ...meta } = created.body.metadata;
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => api.put(`${CM}/race-unpinned`, { ...created.body, metadata: meta, data: { who: String(i) } })));
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    expect(results.map((r) => r.body.data.who)).toEqual(results.map((_, i) => String(i)));
    const rvs = new Set(results.map((r) => r.body.metadata.resourceVersion));
    expect(rvs.size).toBe(16);
    const last = results.reduce((a, b) => (rvNum(b.body.metadata.resourceVersion) > rvNum(a.body.metadata.resourceVersion) ? b : a));
    expect((await api.get(`${CM}/race-unpinned`)).body.data).toEqual(last.body.data);
  });

  test('8 workers x 25 read-modify-write increments with retry on 409 lose no increment', async () => {
    const created = await api.post(CM, configMap('counter', {}, { annotations: { [COUNTER]: '0' } }));
    expectStatus(created, 201);
    const watch = api.watch(`${CM}?watch=true&fieldSelector=metadata.name%3Dcounter&resourceVersion=${created.body.metadata.resourceVersion}`);
    expect(await watch.status).toBe(200);

    const WORKERS = 8;
    const EACH = 25;
    const conflicts = await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        let total = 0;
        for (let i = 0; i < EACH; i++) {
          total += await increment(api, 'counter');
        }
        return total;
      }),
    );
    const final = await api.get(`${CM}/counter`);
    expect(final.body.metadata.annotations[COUNTER]).toBe(String(WORKERS * EACH));
    // With 8 writers racing, some attempts must have lost (otherwise the test proves nothing).
    expect(conflicts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

    // Every successful increment is one MODIFIED event, with values 1..200 in order.
    const events = await watch.take(WORKERS * EACH, 60_000);
    watch.close();
    expect(events.map((e) => e.type)).toEqual(events.map(() => 'MODIFIED'));
    expect(events.map((e) => Number(e.object.metadata.annotations[COUNTER]))).toEqual(Array.from({ length: WORKERS * EACH }, (_, i) => i + 1));
    expect(events[events.length - 1].object.metadata.resourceVersion).toBe(final.body.metadata.resourceVersion);
  }, 120_000);
});
