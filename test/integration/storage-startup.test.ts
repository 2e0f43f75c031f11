// Start-up of the storage layer: the apiserver waits for a database that is still starting (as
// under `kubepg up`, which starts both at once) but fails at once on a real configuration error,
// and the snapshot that primes the watch cache streams every live object in key order, at the RV
// of the same transaction.
import { Pool } from 'pg';
import { runMigrations } from 'src/db/migrate';
import { connectWhenReady } from 'src/db/wait';
import { loadSnapshot } from 'src/storage/postgres/history';
import { databaseUrl, freePort } from 'test/support/global-setup';
import { adminUrl, createTestDatabase, withDatabase, type TestDatabase } from 'test/support/postgres';

describe('connectWhenReady', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.drop();
  });

  it('waits for a database that does not exist yet (created right after Postgres starts)', async () => {
    const later = `${db.name}_later`;
    const waits: string[] = [];
    const connecting = connectWhenReady(databaseUrl(adminUrl(), later), (m) => waits.push(m));
    await new Promise((r) => setTimeout(r, 300));
    await withDatabase(adminUrl(), (c) => c.query(`ALTER DATABASE ${db.name} RENAME TO ${later}`));
    const client = await connecting;
    try {
      const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
      expect(rows[0].db).toBe(later);
    } finally {
      await client.end();
      await withDatabase(adminUrl(), (c) => c.query(`ALTER DATABASE ${later} RENAME TO ${db.name}`));
    }
  });

  it('gives up after its time limit when nothing listens', async () => {
    const port = await freePort();
    await expect(connectWhenReady(`postgres://postgres@127.0.0.1:${port}/kubepg`, () => undefined, 300)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('fails at once on an error that waiting cannot fix (unknown role), however long it may wait', async () => {
    const url = new URL(db.url);
    url.username = 'no_such_role';
    // Class 28, invalid authorization: 28000 under trust authentication, 28P01 with passwords.
    await expect(connectWhenReady(url.toString(), () => undefined, 3_600_000)).rejects.toMatchObject({ code: expect.stringMatching(/^28/) });
  });
});

describe('runMigrations', () => {
  it('migrates an empty database, finds it current afterwards, and applies a migration it has not recorded', async () => {
    const name = `t_startup_migrations_${process.pid}`;
    await withDatabase(adminUrl(), (c) => c.query(`DROP DATABASE IF EXISTS ${name}`).then(() => c.query(`CREATE DATABASE ${name}`)));
    const url = databaseUrl(adminUrl(), name);
    const recorded = (): Promise<number> =>
      withDatabase(url, async (c) => Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM drizzle.__drizzle_migrations')).rows[0].n));
    try {
      await runMigrations(url);
      const all = await recorded();
      expect(all).toBeGreaterThan(0);
      await runMigrations(url);
      expect(await recorded()).toBe(all);
      // The newest migration (each is idempotent) forgotten: the next start must apply it again.
      await withDatabase(url, (c) =>
        c.query('DELETE FROM drizzle.__drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM drizzle.__drizzle_migrations)'),
      );
      await runMigrations(url);
      expect(await recorded()).toBe(all);
      const { rows } = await withDatabase(url, (c) => c.query<{ rv: string }>('SELECT rv FROM rv_counter WHERE id = 1'));
      expect(rows).toEqual([{ rv: '1' }]);
      const fn = await withDatabase(url, (c) => c.query("SELECT 1 FROM pg_proc WHERE proname = 'kubepg_write_batch'"));
      expect(fn.rowCount).toBe(1);
      // Bodies are stored out of line without compression (migration 0004).
      const storage = await withDatabase(url, (c) =>
        c.query<{ col: string; attstorage: string }>(
          `SELECT attrelid::regclass || '.' || attname AS col, attstorage FROM pg_attribute
           WHERE attrelid IN ('events'::regclass, 'objects'::regclass) AND attname IN ('data', 'prev') ORDER BY 1`,
        ),
      );
      expect(storage.rows).toEqual([
        { col: 'events.data', attstorage: 'e' },
        { col: 'events.prev', attstorage: 'e' },
        { col: 'objects.data', attstorage: 'e' },
      ]);
    } finally {
      await withDatabase(adminUrl(), (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
  });
});

describe('loadSnapshot', () => {
  let db: TestDatabase;
  let pool: Pool;
  /** More rows than one page of the former paged read (10,000), across several resources. */
  const PODS = 12_345;
  beforeAll(async () => {
    db = await createTestDatabase();
    await withDatabase(db.url, async (c) => {
      await c.query(
        `INSERT INTO objects (resource, namespace, name, rv, uid, data)
         SELECT 'pods', 'ns-' || (i % 7), 'pod-' || i, 100 + i, 'uid-' || i, json_build_object('kind', 'Pod', 'metadata', json_build_object('name', 'pod-' || i))::text
           FROM generate_series(1, $1::int) i`,
        [PODS],
      );
      // Byte order, not a locale's: 'B' < 'a' and '' < anything.
      await c.query(`INSERT INTO objects (resource, namespace, name, rv, uid, data) VALUES
        ('namespaces', '', 'a', 5, 'u1', '{"kind":"Namespace"}'), ('namespaces', '', 'B', 6, 'u2', '{"kind":"Namespace"}'),
        ('configmaps', 'x', 'c', 7, 'u3', '{"kind":"ConfigMap"}')`);
      await c.query('UPDATE rv_counter SET rv = $1, compacted_rv = 42 WHERE id = 1', [100 + PODS + 1]);
    });
    pool = new Pool({ connectionString: db.url, max: 1 });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('streams every object in (resource, namespace, name) byte order with the counter of the same snapshot', async () => {
    const keys: string[] = [];
    let podRvs = 0;
    const state = await loadSnapshot(pool, (resource, namespace, name, rv, json) => {
      keys.push(`${resource}\u0000${namespace}\u0000${name}`);
      if (resource === 'pods') {
        podRvs += rv;
        expect(JSON.parse(json)).toEqual({ kind: 'Pod', metadata: { name } });
      }
    });
    expect(state).toEqual({ rv: 100 + PODS + 1, compactedRv: 42 });
    expect(keys).toHaveLength(PODS + 3);
    expect(keys.slice(0, 3)).toEqual(['configmaps\u0000x\u0000c', 'namespaces\u0000\u0000B', 'namespaces\u0000\u0000a']);
    expect([...keys].sort()).toEqual(keys);
    expect(podRvs).toBe(100 * PODS + (PODS * (PODS + 1)) / 2);
  });

  it('fails when a row cannot be loaded, and gives its connection back', async () => {
    let seen = 0;
    const load = loadSnapshot(pool, () => {
      seen += 1;
      if (seen === 5000) {
        throw new Error('unreadable object');
      }
    });
    await expect(load).rejects.toThrow('unreadable object');
    // The pool has one connection: this query only runs if the failed load released it, outside any transaction.
    const { rows } = await pool.query<{ status: string }>("SELECT CASE WHEN now() = statement_timestamp() THEN 'idle' ELSE 'in transaction' END AS status");
    expect(rows[0].status).toBe('idle');
  });
});
