// Invariants 1 and 2 (ARCHITECTURE.md "Storage: invariants"): every successful write gets a decimal
// resourceVersion greater than every RV handed out before it, and watchers receive writes in RV
// order with nothing skipped and nothing repeated, also across apiservers sharing one Postgres.
import {
  configMap,
  createNamespace,
  expectStatus,
  rvNum,
  startTestApiServer,
  type ApiClient,
  type TestApiServer,
  type WatchEvent,
  type WatchStream,
} from 'test/support/apiserver';

const NS = 'default';
const CM = `/api/v1/namespaces/${NS}/configmaps`;

/** One acknowledged write, as the writer saw it. */
interface Write {
  rv: number;
  type: 'ADDED' | 'MODIFIED';
  name: string;
  seq: number;
}

/**
 * One writer: `count` sequential writes; the first `objects` create w<id>-<k>, the rest update
 * them round-robin with the resourceVersion of that object's previous write as precondition.
 */
async function writer(api: ApiClient, id: string, count: number, objects: number, onWrite?: (w: Write) => void, base = CM): Promise<Write[]> {
  const lastRv = new Map<string, string>();
  const writes: Write[] = [];
  for (let seq = 0; seq < count; seq++) {
    const name = `w${id}-${seq % objects}`;
    const previous = lastRv.get(name);
    const res = previous
      ? await api.put(`${base}/${name}`, configMap(name, { seq: String(seq), writer: id }, { resourceVersion: previous }))
      : await api.post(base, configMap(name, { seq: String(seq), writer: id }));
    expectStatus(res, previous ? 200 : 201);
    const rv = res.body.metadata.resourceVersion as string;
    lastRv.set(name, rv);
    const w: Write = { rv: rvNum(rv), type: previous ? 'MODIFIED' : 'ADDED', name, seq };
    writes.push(w);
    onWrite?.(w);
  }
  return writes;
}

/** Checks that a sequence of events is exactly the given writes, in strictly increasing RV order. */
function expectExactlyTheseWrites(events: WatchEvent[], writes: Write[]): void {
  const odd = events.find((e) => e.type !== 'ADDED' && e.type !== 'MODIFIED');
  if (odd) {
    throw new Error(`unexpected ${odd.type} event: ${JSON.stringify(odd.object)}`);
  }
  const rvs = events.map((e) => rvNum(e.object.metadata.resourceVersion));
  for (let i = 1; i < rvs.length; i++) {
    if (rvs[i] <= rvs[i - 1]) {
      throw new Error(`watch delivered RV ${rvs[i]} after RV ${rvs[i - 1]} (event #${i})`);
    }
  }
  const byRv = new Map(writes.map((w) => [w.rv, w]));
  const seen = new Set(rvs);
  const missing = writes.filter((w) => !seen.has(w.rv)).map((w) => w.rv);
  const unexpected = rvs.filter((rv) => !byRv.has(rv));
  expect({ missing: missing.slice(0, 20), unexpected: unexpected.slice(0, 20) }).toEqual({ missing: [], unexpected: [] });
  expect(events).toHaveLength(writes.length);
  for (const e of events) {
    const w = byRv.get(rvNum(e.object.metadata.resourceVersion))!;
    expect({ type: e.type, name: e.object.metadata.name, seq: e.object.data.seq, kind: e.object.kind, apiVersion: e.object.apiVersion }).toEqual({
      type: w.type,
      name: w.name,
      seq: String(w.seq),
      kind: 'ConfigMap',
      apiVersion: 'v1',
    });
  }
}

/** Reads events until the one carrying the highest RV of the writes has arrived. */
async function readThrough(watch: WatchStream, writes: Write[], timeoutMs: number): Promise<WatchEvent[]> {
  const last = Math.max(...writes.map((w) => w.rv));
  return watch.until((e) => e.type === 'ERROR' || rvNum(e.object.metadata.resourceVersion) >= last, timeoutMs);
}

describe('resourceVersion ordering (invariants 1 and 2)', () => {
  let server: TestApiServer;

  beforeAll(async () => {
    server = await startTestApiServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  test('batches with several writes to one key (patches, a delete, a re-create) store the last write of each key as its current row', async () => {
    const api = server.api;
    // A namespace of its own: the other tests list every ConfigMap of theirs.
    const ns = 'batches';
    await createNamespace(api, ns);
    const CM = `/api/v1/namespaces/${ns}/configmaps`;
    const names = Array.from({ length: 20 }, (_, i) => `batch-${i}`);
    for (const n of names) {
      expectStatus(await api.post(CM, configMap(n, { v: '0' })), 201);
    }
    // Fired together, so the group-commit writer puts writes to the same key in one transaction.
    const answers = await Promise.all(
      names.flatMap((n, i) => [
        ...Array.from({ length: 5 }, (_, k) => api.patch(`${CM}/${n}`, { data: { v: String(k + 1) } })),
        ...(i % 4 === 0 ? [api.delete(`${CM}/${n}`)] : []),
      ]),
    );
    for (const a of answers) {
      expect([200, 404]).toContain(a.status);
    }
    await Promise.all(names.filter((_, i) => i % 8 === 0).map((n) => api.post(CM, configMap(n, { v: 'again' }))));
    const { withDatabase } = await import('test/support/postgres');
    const rows = await withDatabase(server.database.url, async (c) => {
      const r = await c.query<{ name: string; current: string | null; last: string; type: number }>(
        `SELECT e.name, o.data AS current, e.data AS last, e.type FROM events e
           LEFT JOIN objects o ON o.resource = e.resource AND o.namespace = e.namespace AND o.name = e.name
          WHERE e.resource = 'configmaps' AND e.namespace = $1 AND e.name LIKE 'batch-%'
            AND e.rv = (SELECT max(rv) FROM events x WHERE x.resource = e.resource AND x.namespace = e.namespace AND x.name = e.name)`,
        [ns],
      );
      return r.rows;
    });
    expect(rows).toHaveLength(names.length);
    for (const row of rows) {
      const live = await api.get(`${CM}/${row.name}`);
      if (row.type === 3) {
        // The last event is a DELETED: no current row, and the apiserver answers 404.
        expect({ name: row.name, current: row.current, status: live.status }).toEqual({ name: row.name, current: null, status: 404 });
      } else {
        expect({ name: row.name, current: row.current }).toEqual({ name: row.name, current: row.last });
        expect(live.text.trim()).toBe(row.last);
      }
    }
    const deleted = rows.filter((r) => r.type === 3).map((r) => r.name);
    expect(deleted.length).toBeGreaterThan(0);
  });

  test('8 concurrent writers x 1,000 writes: one watch sees every write once, in strictly increasing RV order', async () => {
    const WRITERS = 8;
    const WRITES = 1_000;
    const OBJECTS = 100;
    const list = await server.api.get(CM);
    expectStatus(list, 200);
    const startRv = list.body.metadata.resourceVersion as string;
    rvNum(startRv);
    const watch = server.api.watch(`${CM}?watch=true&resourceVersion=${startRv}`);
    expect(await watch.status).toBe(200);

    // A second watch joins half-way, from an RV a writer has just been handed.
    let midWatch: { watch: WatchStream; fromRv: number } | undefined;
    let acknowledged = 0;
    const onWrite = (w: Write) => {
      acknowledged += 1;
      if (!midWatch && acknowledged === (WRITERS * WRITES) / 2) {
        midWatch = { watch: server.api.watch(`${CM}?watch=true&resourceVersion=${w.rv}`), fromRv: w.rv };
      }
    };
    const perWriter = await Promise.all(Array.from({ length: WRITERS }, (_, i) => writer(server.api, String(i), WRITES, OBJECTS, onWrite)));
    const all = perWriter.flat();

    // Invariant 1: RVs are unique, and each writer's sequential writes got increasing RVs.
    expect(new Set(all.map((w) => w.rv)).size).toBe(WRITERS * WRITES);
    for (const writes of perWriter) {
      for (let i = 1; i < writes.length; i++) {
        expect(writes[i].rv).toBeGreaterThan(writes[i - 1].rv);
      }
    }
    expect(Math.min(...all.map((w) => w.rv))).toBeGreaterThan(rvNum(startRv));

    // Invariant 2: the watch delivers exactly these writes, in RV order.
    const events = await readThrough(watch, all, 120_000);
    expectExactlyTheseWrites(events, all);
    watch.close();

    expect(midWatch).toBeDefined();
    const later = all.filter((w) => w.rv > midWatch!.fromRv);
    const midEvents = await readThrough(midWatch!.watch, later, 60_000);
    expectExactlyTheseWrites(midEvents, later);
    midWatch!.watch.close();

    // No acknowledged write is lost: a consistent list shows each object at its last write.
    const final = await server.api.get(CM);
    expectStatus(final, 200);
    const lastWrite = new Map<string, Write>();
    for (const w of [...all].sort((a, b) => a.rv - b.rv)) {
      lastWrite.set(w.name, w);
    }
    const listed = new Map<string, { rv: number; seq: string }>(
      final.body.items.map((o: any) => [o.metadata.name, { rv: rvNum(o.metadata.resourceVersion), seq: o.data.seq }]),
    );
    expect(listed.size).toBe(WRITERS * OBJECTS);
    for (const [name, w] of lastWrite) {
      expect({ name, ...listed.get(name) }).toEqual({ name, rv: w.rv, seq: String(w.seq) });
    }
    expect(rvNum(final.body.metadata.resourceVersion)).toBeGreaterThanOrEqual(Math.max(...all.map((w) => w.rv)));
  }, 240_000);

  test('two apiservers on one database: writes through both reach both watches in the same complete order', async () => {
    const second = await startTestApiServer({ database: server.database });
    try {
      await createNamespace(second.api, 'shared');
      const path = '/api/v1/namespaces/shared/configmaps';
      const list = await second.api.get(path);
      expectStatus(list, 200);
      const fromRv = list.body.metadata.resourceVersion as string;
      const watchA = server.api.watch(`${path}?watch=true&resourceVersion=${fromRv}`);
      const watchB = second.api.watch(`${path}?watch=true&resourceVersion=${fromRv}`);
      expect(await watchA.status).toBe(200);
      expect(await watchB.status).toBe(200);

      const writes = (
        await Promise.all([
          writer(server.api, 'a0', 150, 10, undefined, path),
          writer(server.api, 'a1', 150, 10, undefined, path),
          writer(second.api, 'b0', 150, 10, undefined, path),
          writer(second.api, 'b1', 150, 10, undefined, path),
        ])
      ).flat();
      expect(new Set(writes.map((w) => w.rv)).size).toBe(writes.length);

      const seenByA = await readThrough(watchA, writes, 60_000);
      const seenByB = await readThrough(watchB, writes, 60_000);
      expectExactlyTheseWrites(seenByA, writes);
      expectExactlyTheseWrites(seenByB, writes);
      expect(seenByB.map((e) => e.object.metadata.resourceVersion)).toEqual(seenByA.map((e) => e.object.metadata.resourceVersion));
      watchA.close();
      watchB.close();
    } finally {
      await second.stop();
    }
  }, 180_000);
});
