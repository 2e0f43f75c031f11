// The change feed and the group-commit writer together (invariants 2 and 3): a batch this process
// commits reaches the cache from the writer's hands, not read back from the events table, even
// when its NOTIFY arrives before the COMMIT's answer; another apiserver's batches are read from
// history; either way the consumer sees every RV once, in order.
import { Pool } from 'pg';
import type { KubeObject } from 'src/registry/generic/object';
import { ChangeFeed } from 'src/storage/postgres/change-feed';
import { readCounter } from 'src/storage/postgres/history';
import { GroupCommitWriter, RV_TOKEN, type CommitSink } from 'src/storage/postgres/writer';
import type { ChangeEvent } from 'src/storage/types';
import { createTestDatabase, type TestDatabase } from 'test/support/postgres';

function configMap(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', uid: `uid-${name}` }, data: { k: name } } as KubeObject;
}

/** `n` concurrent creates through `writer`, in batches of whatever the writer groups. */
async function createMany(writer: GroupCommitWriter, prefix: string, n: number): Promise<number[]> {
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) => writer.submit({ op: 'create', resource: 'configmaps', namespace: 'default', name: `${prefix}-${i}`, obj: configMap(`${prefix}-${i}`) })),
  );
  return results.map((r) => {
    if (!r.ok) {
      throw new Error(`create failed: ${r.reason}`);
    }
    return r.rv;
  });
}

/** Waits until `cond` holds, polling every 20 ms, for at most 10 s. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe(ChangeFeed.name, () => {
  let db: TestDatabase;
  let pool: Pool;
  let feed: ChangeFeed;
  const seen: ChangeEvent[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 6 });
    const start = await readCounter(pool);
    feed = new ChangeFeed(pool, { connectionString: db.url }, start.rv, (events) => seen.push(...events), () => undefined);
    await feed.start();
  });

  afterAll(async () => {
    await feed?.stop();
    await pool?.end();
    await db?.drop();
  });

  const local = (): CommitSink => ({ begin: () => feed.beginLocal(), publish: (e) => feed.publishLocal(e), abandon: () => feed.abandonLocal() });

  test("this process's batches are handed over by the writer, never read back from history", async () => {
    const writer = new GroupCommitWriter(pool, local());
    const from = seen.length;
    // Many batches, so a NOTIFY overtaking its COMMIT's answer happens (it did for about a third of
    // the batches before the feed knew which notifications were its own).
    for (let round = 0; round < 20; round++) {
      await createMany(writer, `local-${round}`, 25);
    }
    const mine = seen.slice(from);
    expect(mine).toHaveLength(500);
    expect(mine.filter((e) => e.obj === undefined).map((e) => e.rv)).toEqual([]);
    expect(mine.map((e) => e.rv)).toEqual(mine.map((_, i) => mine[0].rv + i));
    await writer.close();
  });

  test("another apiserver's batches are read from history, in order, between this process's own", async () => {
    const writer = new GroupCommitWriter(pool, local());
    // The other apiserver's writer publishes to nobody here: only our feed's LISTEN can bring its events.
    const other = new GroupCommitWriter(pool, { begin: () => undefined, publish: async () => undefined, abandon: () => undefined });
    const from = seen.length;
    const [ours, theirs] = await Promise.all([createMany(writer, 'mix-ours', 200), createMany(other, 'mix-theirs', 200)]);
    await until(() => seen.length - from === 400, '400 events');
    const got = seen.slice(from);
    expect(got.map((e) => e.rv)).toEqual(got.map((_, i) => got[0].rv + i));
    const byRv = new Map(got.map((e) => [e.rv, e]));
    expect(theirs.filter((rv) => byRv.get(rv)?.name.startsWith('mix-theirs') !== true)).toEqual([]);
    expect(ours.filter((rv) => byRv.get(rv)?.name.startsWith('mix-ours') !== true)).toEqual([]);
    await Promise.all([writer.close(), other.close()]);
  });

  test('notifications held back during a batch of ours that ends without handing anything over start a catch-up', async () => {
    const other = new GroupCommitWriter(pool, { begin: () => undefined, publish: async () => undefined, abandon: () => undefined });
    const from = seen.length;
    feed.beginLocal();
    const rvs = await createMany(other, 'held', 10);
    // Give the other writer's NOTIFY time to arrive: it is held back, nothing is delivered yet.
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.length - from).toBe(0);
    feed.abandonLocal();
    await until(() => seen.length - from === 10, '10 events');
    expect(seen.slice(from).map((e) => e.rv)).toEqual(rvs);
    await other.close();
  });
});

describe(GroupCommitWriter.name, () => {
  let db: TestDatabase;
  let pool: Pool;
  const published: ChangeEvent[] = [];
  let writer: GroupCommitWriter;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 4 });
    writer = new GroupCommitWriter(pool, { begin: () => undefined, publish: async (e) => void published.push(...e), abandon: () => undefined });
  });

  afterAll(async () => {
    await writer?.close();
    await pool?.end();
    await db?.drop();
  });

  const key = { resource: 'configmaps', namespace: 'default' };

  test('stores exactly the JSON it answers with, the resourceVersion in place, for creates, updates and deletes', async () => {
    const obj = configMap('exact');
    obj.metadata.labels = { quote: 'a"b\\c', unicode: 'é☃' };
    const created = await writer.submit({ op: 'create', ...key, name: 'exact', obj });
    if (!created.ok) {
      throw new Error(created.reason);
    }
    expect(JSON.parse(created.json).metadata.resourceVersion).toBe(String(created.rv));
    expect(obj.metadata.resourceVersion).toBe(String(created.rv));
    const row = await pool.query<{ data: string; rv: string; attrs: string | null }>("SELECT data, rv, attrs FROM objects WHERE name = 'exact'");
    expect(row.rows[0].data).toBe(created.json);
    expect(Number(row.rows[0].rv)).toBe(created.rv);

    const next = JSON.parse(created.json);
    next.data = { k: 'v2' };
    const updated = await writer.submit({ op: 'update', ...key, name: 'exact', obj: next, expectRv: created.rv, prevJson: created.json });
    if (!updated.ok) {
      throw new Error(updated.reason);
    }
    const ev = await pool.query<{ data: string; prev: string | null; type: number }>('SELECT data, prev, type FROM events WHERE rv = $1', [updated.rv]);
    expect(ev.rows[0]).toEqual({ data: updated.json, prev: created.json, type: 2 });

    const gone = await writer.submit({ op: 'delete', ...key, name: 'exact', obj: JSON.parse(updated.json), expectRv: updated.rv, prevJson: updated.json });
    expect(gone.ok).toBe(true);
    expect((await pool.query("SELECT 1 FROM objects WHERE name = 'exact'")).rowCount).toBe(0);
  });

  test('stores a body too big for its row out of line and uncompressed, in objects and events', async () => {
    const obj = configMap('big');
    obj.data = { k: 'x'.repeat(6000) };
    const created = await writer.submit({ op: 'create', ...key, name: 'big', obj });
    if (!created.ok) {
      throw new Error(created.reason);
    }
    type Stored = { method: string | null; size: number };
    const stored = (table: string) =>
      pool.query<Stored>(`SELECT pg_column_compression(data) AS method, pg_column_size(data) AS size FROM ${table} WHERE name = 'big'`).then((r) => r.rows);
    // pglz would shrink 6,000 repeated bytes to a few hundred.
    for (const rows of [await stored('objects'), await stored('events')]) {
      expect(rows).toEqual([{ method: null, size: expect.any(Number) }]);
      expect(rows[0].size).toBeGreaterThanOrEqual(Buffer.byteLength(created.json));
    }
  });

  test('fails only the mutations whose precondition fails, and numbers the others without gaps', async () => {
    const base = await writer.submit({ op: 'create', ...key, name: 'pre', obj: configMap('pre') });
    if (!base.ok) {
      throw new Error(base.reason);
    }
    const before = published.length;
    const outcomes = await Promise.all([
      writer.submit({ op: 'create', ...key, name: 'pre', obj: configMap('pre') }),
      writer.submit({ op: 'create', ...key, name: 'pre-a', obj: configMap('pre-a') }),
      writer.submit({ op: 'update', ...key, name: 'missing', obj: configMap('missing'), expectRv: 1, prevJson: '{}' }),
      writer.submit({ op: 'update', ...key, name: 'pre', obj: configMap('pre'), expectRv: base.rv - 1, prevJson: base.json }),
      writer.submit({ op: 'create', ...key, name: 'pre-b', obj: configMap('pre-b') }),
      // The same key again: the writer ends the batch before it, so this sees the create above.
      writer.submit({ op: 'update', ...key, name: 'pre-b', obj: configMap('pre-b'), expectRv: base.rv + 2, prevJson: '{}' }),
    ]);
    expect(outcomes.map((o) => (o.ok ? o.rv - base.rv : o.reason))).toEqual(['exists', 1, 'notfound', 'conflict', 2, 3]);
    expect(published.slice(before).map((e) => [e.name, e.type])).toEqual([
      ['pre-a', 'ADDED'],
      ['pre-b', 'ADDED'],
      ['pre-b', 'MODIFIED'],
    ]);
  });

  test('refuses an object that carries its placeholder, and the batch around it still commits', async () => {
    const ok = writer.submit({ op: 'create', ...key, name: 'fine', obj: configMap('fine') });
    // The placeholder is random per process; an object can only contain it on purpose.
    const token = RV_TOKEN;
    expect(token).toMatch(/^kubepg-rv-[0-9a-f]{32}$/);
    const bad = configMap('bad');
    bad.metadata.labels = { x: token };
    await expect(writer.submit({ op: 'create', ...key, name: 'bad', obj: bad })).rejects.toThrow(/placeholder/);
    expect((await ok).ok).toBe(true);
  });
});
