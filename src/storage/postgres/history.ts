import { Query, type Pool, type PoolClient, type QueryResultRow } from 'pg';
import { EVENT_TYPE, type ChangeEvent } from 'src/storage/types';

/** The counter row: the latest committed RV and the compaction horizon. */
export interface CounterState {
  rv: number;
  compactedRv: number;
}

/** Named query: read-counter. */
export async function readCounter(pool: Pool): Promise<CounterState> {
  const { rows } = await pool.query<{ rv: string; compacted_rv: string }>('SELECT rv, compacted_rv FROM rv_counter WHERE id = 1');
  return { rv: Number(rows[0].rv), compactedRv: Number(rows[0].compacted_rv) };
}

/**
 * Named query: replay-events. History of one resource in (after, upTo], read in the same snapshot
 * as the compaction horizon so a concurrent compaction cannot hide a hole.
 * Returns undefined when `after` is older than the horizon (the caller answers 410).
 */
export async function replayEvents(pool: Pool, resource: string, after: number, upTo: number): Promise<{ events: ChangeEvent[]; compactedRv: number } | undefined> {
  const { rows } = await pool.query<{ compacted_rv: string; rv: string | null; type: number; namespace: string; name: string; data: string; prev: string | null }>(
    `WITH c AS (SELECT compacted_rv FROM rv_counter WHERE id = 1)
     SELECT c.compacted_rv, e.rv, e.type, e.namespace, e.name, e.data, e.prev
       FROM c LEFT JOIN events e ON e.resource = $1 AND e.rv > $2 AND e.rv <= $3 AND $2 >= c.compacted_rv
      ORDER BY e.rv`,
    [resource, after, upTo],
  );
  const compactedRv = Number(rows[0].compacted_rv);
  if (after < compactedRv) {
    return undefined;
  }
  const events: ChangeEvent[] = [];
  for (const r of rows) {
    if (r.rv !== null) {
      events.push({ rv: Number(r.rv), type: EVENT_TYPE[r.type], resource, namespace: r.namespace, name: r.name, json: r.data, prevJson: r.prev ?? undefined });
    }
  }
  return { events, compactedRv };
}

/** One object of a list page read from Postgres. */
export interface StoredRow {
  namespace: string;
  name: string;
  json: string;
}

/**
 * Named query: list-at-rv. The objects of one resource as they were at resourceVersion `rv`,
 * in key order after (afterNs, afterName): rows unchanged since `rv`, plus, for keys changed
 * later, the state before their first later change. Needs history after `rv`, so it returns
 * undefined when `rv` is older than the compaction horizon.
 */
export async function listAtRv(
  pool: Pool,
  resource: string,
  namespace: string | undefined,
  rv: number,
  after: { ns: string; name: string } | undefined,
  limit: number,
): Promise<StoredRow[] | undefined> {
  const { rows } = await pool.query<{ compacted_rv: string; namespace: string | null; name: string | null; data: string | null }>(
    `WITH c AS (SELECT compacted_rv FROM rv_counter WHERE id = 1),
     changed AS (
       SELECT DISTINCT ON (e.namespace, e.name) e.namespace, e.name, e.type, e.prev
         FROM events e
        WHERE e.resource = $1 AND e.rv > $2 AND ($3::text IS NULL OR e.namespace = $3)
        ORDER BY e.namespace, e.name, e.rv
     ),
     at_rv AS (
       SELECT o.namespace, o.name, o.data FROM objects o
        WHERE o.resource = $1 AND o.rv <= $2 AND ($3::text IS NULL OR o.namespace = $3)
          AND (o.namespace, o.name) > ($4::text COLLATE "C", $5::text COLLATE "C")
       UNION ALL
       SELECT ch.namespace, ch.name, ch.prev FROM changed ch
        WHERE ch.type <> 1 AND (ch.namespace, ch.name) > ($4::text COLLATE "C", $5::text COLLATE "C")
       ORDER BY 1, 2
       LIMIT $6
     )
     SELECT c.compacted_rv, a.namespace, a.name, a.data FROM c LEFT JOIN at_rv a ON $2 >= c.compacted_rv
     ORDER BY a.namespace, a.name`,
    [resource, rv, namespace ?? null, after?.ns ?? '', after ? after.name : '', limit],
  );
  if (rv < Number(rows[0].compacted_rv)) {
    return undefined;
  }
  return rows.filter((r) => r.data !== null).map((r) => ({ namespace: r.namespace!, name: r.name!, json: r.data! }));
}

/**
 * Named query: load-snapshot. Every live object and the RV they are consistent at, read in one
 * REPEATABLE READ transaction. The rows stream: `onRow` sees each as it arrives, so Postgres
 * reads and sends the rest while this process digests the first (no pages, no second round trip).
 * An exception from `onRow` fails the load once the query has ended.
 */
export async function loadSnapshot(pool: Pool, onRow: (resource: string, namespace: string, name: string, rv: number, json: string, attrs: string | null) => void): Promise<CounterState> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows: c } = await client.query<{ rv: string; compacted_rv: string }>('SELECT rv, compacted_rv FROM rv_counter WHERE id = 1');
    await streamRows<SnapshotRow>(client, 'SELECT resource, namespace, name, rv, data, attrs FROM objects ORDER BY resource, namespace, name', (r) =>
      onRow(r.resource, r.namespace, r.name, Number(r.rv), r.data, r.attrs),
    );
    await client.query('COMMIT');
    return { rv: Number(c[0].rv), compactedRv: Number(c[0].compacted_rv) };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** One row of load-snapshot as node-postgres hands it over (bigint as text). */
interface SnapshotRow {
  resource: string;
  namespace: string;
  name: string;
  rv: string;
  data: string;
  attrs: string | null;
}

/** Runs `text` and hands each row to `onRow` as it arrives (none are kept). */
function streamRows<R extends QueryResultRow>(client: PoolClient, text: string, onRow: (row: R) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed: unknown;
    const query = client.query(new Query<R>(text));
    query.on('row', (row: R) => {
      if (failed === undefined) {
        try {
          onRow(row);
        } catch (err) {
          failed = err;
        }
      }
    });
    query.on('error', reject);
    query.on('end', () => (failed === undefined ? resolve() : reject(failed)));
  });
}
