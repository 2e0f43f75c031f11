// The compactor itself (invariant 5): it deletes only history older than the window, in bounded
// batches, moves the horizon before deleting, and never touches current objects or newer events.
import { Pool } from 'pg';
import { Compactor } from 'src/storage/postgres/compactor';
import { readCounter, replayEvents } from 'src/storage/postgres/history';
import { createTestDatabase, type TestDatabase } from 'test/support/postgres';

/** Appends `n` history rows for configmaps, `ageSeconds` old, continuing the counter. */
async function appendHistory(pool: Pool, n: number, ageSeconds: number): Promise<number[]> {
  const { rows } = await pool.query<{ rv: string }>('UPDATE rv_counter SET rv = rv + $1 WHERE id = 1 RETURNING rv', [n]);
  const last = Number(rows[0].rv);
  const rvs = Array.from({ length: n }, (_, i) => last - n + 1 + i);
  await pool.query(
    `INSERT INTO events (rv, resource, namespace, name, type, data, created_at)
     SELECT rv, 'configmaps', 'default', 'cm-' || rv, 1, '{}', now() - make_interval(secs => $2)
       FROM unnest($1::bigint[]) AS rv`,
    [rvs, ageSeconds],
  );
  return rvs;
}

describe(Compactor.name, () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 4 });
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  test('removes history older than the window across several batches and moves the horizon to its end', async () => {
    const old = await appendHistory(pool, 12_000, 600);
    const recent = await appendHistory(pool, 50, 0);
    const logs: string[] = [];
    await new Compactor(pool, 300, (m) => logs.push(m)).runOnce();

    expect(logs).toEqual([]);
    const counter = await readCounter(pool);
    expect(counter.compactedRv).toBe(old[old.length - 1]);
    const { rows } = await pool.query<{ n: string; min: string }>('SELECT count(*) AS n, min(rv) AS min FROM events');
    expect(Number(rows[0].n)).toBe(recent.length);
    expect(Number(rows[0].min)).toBe(recent[0]);
  });

  test('history after the horizon still replays; history before it is refused', async () => {
    const { compactedRv } = await readCounter(pool);
    const replay = await replayEvents(pool, 'configmaps', compactedRv, Number.MAX_SAFE_INTEGER);
    expect(replay?.events.length).toBe(50);
    expect(await replayEvents(pool, 'configmaps', compactedRv - 1, Number.MAX_SAFE_INTEGER)).toBeUndefined();
  });

  test('a second pass with nothing old enough changes nothing', async () => {
    const before = await readCounter(pool);
    await new Compactor(pool, 300, () => undefined).runOnce();
    expect(await readCounter(pool)).toEqual(before);
  });
});
