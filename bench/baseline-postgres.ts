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
  /** Our writer's transaction shape (one round trip) with 100 rows each, one transaction at a time. */
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

// A batch the way the writer's kubepg_write_batch (migrations/0003_write_batch.sql) writes it, in
// one round trip on the mirror tables: counter lock, precondition lookup, events, objects, NOTIFY.
const BATCHED = `WITH c AS (
    UPDATE bench_counter SET rv = rv + cardinality($1::text[]) WHERE id = 1 RETURNING rv - cardinality($1::text[]) AS base
  ), k AS (
    SELECT n.name, n.i, o.rv AS have FROM unnest($1::text[]) WITH ORDINALITY AS n(name, i)
    LEFT JOIN bench_objects o ON o.resource = 'pods' AND o.namespace = 'bench' AND o.name = n.name
  ), ev AS (
    INSERT INTO bench_events (rv, resource, namespace, name, type, data, prev)
    SELECT c.base + k.i, 'pods', 'bench', k.name, 1, $2, NULL FROM c, k WHERE k.have IS NULL
  ), up AS (
    INSERT INTO bench_objects (resource, namespace, name, rv, uid, data)
    SELECT 'pods', 'bench', k.name, c.base + k.i, k.name, $2 FROM c, k WHERE k.have IS NULL
  ) SELECT pg_notify('${CHANNEL}', (c.base + cardinality($1::text[]))::text) FROM c`;

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
    let batchedRows = 0;
    const batched = await runLoad({ clients: 1, count: Math.ceil((ops * 5) / BATCH), maxMs }, async (i) => {
      await pool.query(BATCHED, [Array.from({ length: BATCH }, (_, k) => `b-${i}-${k}`), rowJson]);
      batchedRows += BATCH;
    });
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
