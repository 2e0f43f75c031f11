import { Client, Pool } from 'pg';
import { runLoad, type LoadResult } from 'bench/load';

/** Raw Postgres write rates on the embedded server kubepg uses, without kubepg in the path. */
export interface PostgresBaseline {
  serverVersion: string;
  /** Bytes of the `data` column written per row (a stored pod's JSON). */
  rowBytes: number;
  /** One object row + one event row + NOTIFY per transaction, 1 connection. */
  singleRow1: LoadResult;
  /** The same from 64 concurrent connections. */
  singleRow64: LoadResult;
  /** The same, every transaction also taking the counter row lock (a write path without batching). */
  singleRowCounter64: LoadResult;
  /** Our writer's transaction shape with 100 rows each, one transaction at a time. */
  batched100: LoadResult & { rowsPerSec: number };
  notificationsReceived: number;
}

const CHANNEL = 'bench_changes';
const BATCH = 100;

/** Mirrors of kubepg's tables (same columns, keys, collations, indexes), dropped afterwards. */
const SETUP = `
  DROP TABLE IF EXISTS bench_objects, bench_events, bench_counter;
  CREATE TABLE bench_objects (LIKE objects INCLUDING ALL);
  CREATE TABLE bench_events (LIKE events INCLUDING ALL);
  CREATE TABLE bench_counter (LIKE rv_counter INCLUDING ALL);
  INSERT INTO bench_counter (id, rv, compacted_rv) VALUES (1, 1000000000, 0);`;

const SINGLE = `WITH ev AS (
    INSERT INTO bench_events (rv, resource, namespace, name, type, data, prev) VALUES ($1, 'pods', 'bench', $2, 0, $3, NULL)
  ), up AS (
    INSERT INTO bench_objects (resource, namespace, name, rv, uid, data) VALUES ('pods', 'bench', $2, $1, $2, $3)
  ) SELECT pg_notify('${CHANNEL}', $1::text)`;

const SINGLE_COUNTER = `WITH c AS (
    UPDATE bench_counter SET rv = rv + 1 WHERE id = 1 RETURNING rv
  ), ev AS (
    INSERT INTO bench_events (rv, resource, namespace, name, type, data, prev) SELECT c.rv, 'pods', 'bench', $1, 0, $2, NULL FROM c
  ), up AS (
    INSERT INTO bench_objects (resource, namespace, name, rv, uid, data) SELECT 'pods', 'bench', $1, c.rv, $1, $2 FROM c
  ) SELECT pg_notify('${CHANNEL}', c.rv::text) FROM c`;

// The writer's two statements (storage/postgres/writer.ts: current-versions and apply-batch), on the mirror tables.
const CURRENT = `SELECT o.resource, o.namespace, o.name, o.rv FROM bench_objects o
  JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(resource, namespace, name)
    ON o.resource = k.resource AND o.namespace = k.namespace AND o.name = k.name`;

const APPLY = `WITH ev AS (
    INSERT INTO bench_events (rv, resource, namespace, name, type, data, prev)
    SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::smallint[], $6::text[], $7::text[])
  ), up AS (
    INSERT INTO bench_objects (resource, namespace, name, rv, uid, data)
    SELECT * FROM unnest($8::text[], $9::text[], $10::text[], $11::bigint[], $12::text[], $13::text[])
    ON CONFLICT (resource, namespace, name) DO UPDATE SET rv = excluded.rv, uid = excluded.uid, data = excluded.data
  ), del AS (
    DELETE FROM bench_objects o USING unnest($14::text[], $15::text[], $16::text[]) AS k(resource, namespace, name)
    WHERE o.resource = k.resource AND o.namespace = k.namespace AND o.name = k.name
  ), c AS (
    UPDATE bench_counter SET rv = $17 WHERE id = 1
  ) SELECT pg_notify('${CHANNEL}', $17::text)`;

/**
 * Writes stored-pod-sized rows straight into mirror tables of the kubepg database: the costs our
 * storage cannot avoid (commit, fsync, NOTIFY, counter lock), measured on the same server.
 */
export async function postgresBaseline(databaseUrl: string, rowJson: string, ops: number, maxMs: number): Promise<PostgresBaseline> {
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  const listener = new Client({ connectionString: databaseUrl });
  await listener.connect();
  let notifications = 0;
  listener.on('notification', () => notifications++);
  const pool = new Pool({ connectionString: databaseUrl, max: 64 });
  try {
    const serverVersion = (await admin.query<{ v: string }>('SELECT version() AS v')).rows[0].v;
    await admin.query(SETUP);
    await listener.query(`LISTEN ${CHANNEL}`);
    await Promise.all(Array.from({ length: 64 }, () => pool.query('SELECT 1')));
    let rv = 0;
    const single = (prefix: string) => async (i: number) => {
      await pool.query(SINGLE, [++rv, `${prefix}-${i}`, rowJson]);
    };
    const singleRow1 = await runLoad({ clients: 1, count: Math.min(ops, 5000), maxMs: maxMs / 2 }, single('s1'));
    const singleRow64 = await runLoad({ clients: 64, count: ops, maxMs }, single('s64'));
    const singleRowCounter64 = await runLoad({ clients: 64, count: ops, maxMs }, async (i) => {
      await pool.query(SINGLE_COUNTER, [`c64-${i}`, rowJson]);
    });
    const batch = await pool.connect();
    let batchedRows = 0;
    const batched = await runLoad({ clients: 1, count: Math.ceil((ops * 5) / BATCH), maxMs }, async (i) => {
      const names = Array.from({ length: BATCH }, (_, k) => `b-${i}-${k}`);
      try {
        await batch.query('BEGIN');
        const locked = await batch.query<{ rv: string }>('SELECT rv FROM bench_counter WHERE id = 1 FOR UPDATE');
        const base = Number(locked.rows[0].rv);
        const resources = names.map(() => 'pods');
        const namespaces = names.map(() => 'bench');
        await batch.query(CURRENT, [resources, namespaces, names]);
        const rvs = names.map((_, k) => base + k + 1);
        const rows = names.map(() => rowJson);
        const events = [rvs, resources, namespaces, names, names.map(() => 0), rows, names.map(() => null)];
        await batch.query(APPLY, [...events, resources, namespaces, names, rvs, names, rows, [], [], [], base + BATCH]);
        await batch.query('COMMIT');
        batchedRows += BATCH;
      } catch (err) {
        await batch.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
    batch.release();
    await admin.query('DROP TABLE IF EXISTS bench_objects, bench_events, bench_counter');
    return {
      serverVersion,
      rowBytes: Buffer.byteLength(rowJson),
      singleRow1,
      singleRow64,
      singleRowCounter64,
      batched100: { ...batched, rowsPerSec: Math.round(batchedRows / batched.seconds) },
      notificationsReceived: notifications,
    };
  } finally {
    await pool.end().catch(() => undefined);
    await listener.end().catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
}
