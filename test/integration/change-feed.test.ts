// The change feed and the group-commit writer together (invariants 2 and 3): a batch this process
// commits reaches the cache from the writer's hands, not read back from the events table, even
// when its NOTIFY arrives before the COMMIT's answer; another apiserver's batches are read from
// history; either way the consumer sees every RV once, in order.
import { Pool } from 'pg';
import type { KubeObject } from 'src/registry/generic/object';
import { ChangeFeed } from 'src/storage/postgres/change-feed';
import { readCounter } from 'src/storage/postgres/history';
import { GroupCommitWriter, type CommitSink } from 'src/storage/postgres/writer';
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

  const local = (): CommitSink => ({ expect: (rv) => feed.expectLocal(rv), publish: (e) => feed.publishLocal(e), abandon: (rv) => feed.abandonLocal(rv) });

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
    const other = new GroupCommitWriter(pool, { expect: () => undefined, publish: async () => undefined, abandon: () => undefined });
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

  test('an abandoned batch leaves the feed reading history, so later writes still arrive', async () => {
    const writer = new GroupCommitWriter(pool, local());
    const before = feed.rv;
    // As if a batch ending at the next RV had failed at COMMIT: nothing was committed at that RV.
    feed.expectLocal(before + 1);
    feed.abandonLocal(before + 1);
    const from = seen.length;
    const rvs = await createMany(writer, 'after-abandon', 10);
    await until(() => seen.length - from === 10, '10 events');
    expect(seen.slice(from).map((e) => e.rv)).toEqual(rvs);
    await writer.close();
  });
});
