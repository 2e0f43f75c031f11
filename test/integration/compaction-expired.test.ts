// Invariant 5: history stays addressable for the watch window; once compacted, a watch from an
// older RV gets an ERROR event carrying a 410 Expired Status inside a 200 stream, and a continue
// token from before the compaction gets 410. Compaction is done through SQL the way the server
// does it, then a fresh apiserver is started so no cache still holds the old events.
import { configMap, createNamespace, expectStatus, rvNum, startTestApiServer, type ApiClient, type TestApiServer } from 'test/support/apiserver';
import { createTestDatabase, withDatabase, type TestDatabase } from 'test/support/postgres';

const NS = 'compact';
const CM = `/api/v1/namespaces/${NS}/configmaps`;

async function put(api: ApiClient, name: string, value: string): Promise<number> {
  const current = await api.get(`${CM}/${name}`);
  const res = current.status === 404 ? await api.post(CM, configMap(name, { value })) : await api.put(`${CM}/${name}`, { ...current.body, data: { value } });
  expectStatus(res, current.status === 404 ? 201 : 200);
  return rvNum(res.body.metadata.resourceVersion);
}

/** The ERROR event an expired watch must start with. */
function expectExpiredEvent(event: { type: string; object: any }): void {
  expect(event.type).toBe('ERROR');
  expect(event.object).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired' });
  expect(event.object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
}

describe('compaction and 410 Expired (invariant 5)', () => {
  let db: TestDatabase;
  let server: TestApiServer | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  test('history written moments ago is still addressable: a watch from the oldest RV replays it', async () => {
    server = await startTestApiServer({ database: db });
    await createNamespace(server.api, NS);
    const first = await put(server.api, 'early-0', 'a');
    const rvs = [first];
    for (let i = 1; i < 5; i++) {
      rvs.push(await put(server.api, `early-${i}`, 'a'));
    }
    const watch = server.api.watch(`${CM}?watch=true&resourceVersion=${first - 1}`);
    expect(await watch.status).toBe(200);
    const events = await watch.take(5);
    watch.close();
    expect(events.map((e) => [e.type, e.object.metadata.resourceVersion])).toEqual(rvs.map((rv) => ['ADDED', String(rv)]));
  });

  test('after compaction: watches from older RVs get ERROR 410 Expired, stale continue tokens get 410, and a relist recovers', async () => {
    const api = server!.api;
    const created: number[] = [];
    for (let i = 0; i < 10; i++) {
      created.push(await put(api, `e-${i}`, 'v1'));
    }
    const old = created[0];

    const page = await api.get(`${CM}?limit=3`);
    expectStatus(page, 200);
    const token = page.body.metadata.continue as string;
    expect(token).toBeTruthy();
    const listRv = rvNum(page.body.metadata.resourceVersion);

    let compactTo = 0;
    for (let i = 0; i < 5; i++) {
      compactTo = await put(api, `e-${i}`, 'v2');
    }

    // Before compaction both are fine, so the 410s below are caused by the compaction.
    const before = await api.get(`${CM}?limit=3&continue=${encodeURIComponent(token)}`);
    expectStatus(before, 200);
    const watchBefore = api.watch(`${CM}?watch=true&resourceVersion=${old}`);
    expect(await watchBefore.status).toBe(200);
    expect((await watchBefore.next()).object.metadata.resourceVersion).toBe(String(created[1]));
    watchBefore.close();

    await server!.stop();
    server = undefined;
    await withDatabase(db.url, async (c) => {
      await c.query('DELETE FROM events WHERE rv <= $1', [compactTo]);
      await c.query('UPDATE rv_counter SET compacted_rv = $1 WHERE id = 1', [compactTo]);
    });
    server = await startTestApiServer({ database: db });
    const fresh = server.api;

    for (const from of [old, listRv]) {
      const watch = fresh.watch(`${CM}?watch=true&resourceVersion=${from}`);
      expect(await watch.status).toBe(200);
      expectExpiredEvent(await watch.next());
      // The server ends the watch after the error.
      expect(await watch.waitClosed()).toBe('end');
    }

    const continued = await fresh.get(`${CM}?limit=3&continue=${encodeURIComponent(token)}`);
    expect(continued.status).toBe(410);
    expect(continued.body).toMatchObject({ kind: 'Status', status: 'Failure', code: 410, reason: 'Expired' });

    const exact = await fresh.get(`${CM}?resourceVersion=${old}&resourceVersionMatch=Exact`);
    expect(exact.status).toBe(410);
    expect(exact.body).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });

    // A watch from exactly the compaction point needs nothing that was deleted.
    const atEdge = fresh.watch(`${CM}?watch=true&resourceVersion=${compactTo}`);
    expect(await atEdge.status).toBe(200);

    // What an informer does next: relist, then watch from the list's RV.
    const relist = await fresh.get(CM);
    expectStatus(relist, 200);
    const state = Object.fromEntries(relist.body.items.map((o: any) => [o.metadata.name, o.data.value]));
    expect(state).toMatchObject(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`e-${i}`, i < 5 ? 'v2' : 'v1'])));
    expect(rvNum(relist.body.metadata.resourceVersion)).toBeGreaterThanOrEqual(compactTo);
    const watch = fresh.watch(`${CM}?watch=true&resourceVersion=${relist.body.metadata.resourceVersion}`);
    expect(await watch.status).toBe(200);
    const next = await put(fresh, 'e-10', 'v1');
    const event = await watch.next();
    expect([event.type, event.object.metadata.name, event.object.metadata.resourceVersion]).toEqual(['ADDED', 'e-10', String(next)]);
    watch.close();

    const edgeEvent = await atEdge.next();
    expect([edgeEvent.type, edgeEvent.object.metadata.resourceVersion]).toEqual(['ADDED', String(next)]);
    atEdge.close();

    // New RVs continue above the compaction point.
    expect(next).toBeGreaterThan(compactTo);
  });
});
