import type { Pool, PoolClient } from 'pg';
import { ResourceCache } from 'src/storage/cache/resource-cache';
import type { Attrs } from 'src/storage/cache/watcher';
import type { KubeObject } from 'src/registry/generic/object';
import { EVENT_CODE, type ChangeEvent, type Mutation, type MutationResult } from 'src/storage/types';

/** Upper bounds of one group-commit batch. */
const MAX_BATCH_MUTATIONS = 1000;
const MAX_BATCH_BYTES = 16 * 1024 * 1024;

/**
 * SQL for a text[] sent as one JSON array parameter. Object bodies travel this way because node-pg
 * escapes every element of a text[] parameter with JavaScript regular expressions, the largest
 * part of the batch's own CPU in a create profile; JSON.stringify escapes them natively.
 */
function jsonTextArray(param: string): string {
  return `ARRAY(SELECT t FROM json_array_elements_text(${param}::json) WITH ORDINALITY AS a(t, i) ORDER BY i)`;
}

/** Channel every apiserver LISTENs on; the payload is the batch's highest resourceVersion. */
export const CHANGE_CHANNEL = 'kubepg_changes';

interface Pending {
  m: Mutation;
  /** Selector attributes, computed on submit: they do not depend on the RV, so not under the counter lock. */
  attrs: Attrs | undefined;
  resolve(r: MutationResult): void;
  reject(e: unknown): void;
}

/** Where committed batches go: this process's change feed. */
export interface CommitSink {
  /**
   * Called just before the COMMIT of a batch whose last resourceVersion is `rv`: the NOTIFY that
   * commit sends is this process's own, and publish() will hand its events over.
   */
  expect(rv: number): void;
  /** Receives each committed batch's events, in order, before the writers are answered. */
  publish(events: ChangeEvent[]): Promise<void>;
  /** The batch expected at `rv` did not commit, or its outcome is unknown. */
  abandon(rv: number): void;
}

/** Statistics the metrics endpoint and benchmarks read. */
export interface WriterStats {
  batches: number;
  mutations: number;
}

/**
 * The group-commit writer: concurrent mutations queue up and are applied together in one
 * transaction that locks the resourceVersion counter, checks each mutation's precondition,
 * assigns consecutive RVs to the successful ones, appends their events, sends ONE NOTIFY and
 * commits. RVs are therefore gapless and in commit order (invariants 1 and 2), and throughput
 * comes from batching rather than from one commit per write.
 */
export class GroupCommitWriter {
  private queue: Pending[] = [];
  private running = false;
  private closed = false;
  readonly stats: WriterStats = { batches: 0, mutations: 0 };

  constructor(
    private readonly pool: Pool,
    private readonly sink: CommitSink,
    /** Selector attributes of an object of a resource, stored beside it for the next start-up. */
    private readonly attrsOf: (resource: string, obj: KubeObject) => Attrs | undefined = () => undefined,
  ) {}

  /** Queues a mutation; resolves once it is committed and visible in this process's cache. */
  submit(m: Mutation): Promise<MutationResult> {
    if (this.closed) {
      return Promise.reject(new Error('storage is shutting down'));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ m, attrs: attrsOrNone(this.attrsOf, m.resource, m.obj), resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Stops accepting writes and waits for the batch in flight. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.running) {
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        try {
          await this.commit(batch);
        } catch (err) {
          for (const p of batch) {
            p.reject(err);
          }
        }
      }
    } finally {
      this.running = false;
    }
  }

  private takeBatch(): Pending[] {
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length && n < MAX_BATCH_MUTATIONS && bytes < MAX_BATCH_BYTES) {
      bytes += this.queue[n].m.op === 'delete' ? 256 : 2048;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async commit(batch: Pending[]): Promise<void> {
    const client = await this.pool.connect();
    let events: ChangeEvent[] = [];
    const results: MutationResult[] = [];
    let expected: number | undefined;
    try {
      // Named statement: lock-counter. The lock orders every writer of every apiserver.
      const locked = (await client.query('BEGIN; SELECT rv FROM rv_counter WHERE id = 1 FOR UPDATE')) as unknown as { rows: { rv: string }[] }[];
      let rv = Number(locked[1].rows[0].rv);
      const current = await this.currentVersions(client, batch);
      events = [];
      for (const { m, attrs } of batch) {
        const key = `${m.resource}\u0000${m.namespace}\u0000${m.name}`;
        const have = current.get(key);
        const failure = precondition(m, have);
        if (failure) {
          results.push({ ok: false, reason: failure });
          continue;
        }
        rv += 1;
        m.obj.metadata.resourceVersion = String(rv);
        const json = JSON.stringify(m.obj);
        current.set(key, m.op === 'delete' ? undefined : rv);
        results.push({ ok: true, rv, json });
        events.push({
          rv,
          type: m.op === 'create' ? 'ADDED' : m.op === 'update' ? 'MODIFIED' : 'DELETED',
          resource: m.resource,
          namespace: m.namespace,
          name: m.name,
          json,
          prevJson: m.op === 'create' ? undefined : m.prevJson,
          obj: m.obj,
          attrs,
        });
      }
      if (events.length === 0) {
        await client.query('ROLLBACK');
      } else {
        await this.apply(client, events, rv);
        expected = rv;
        this.sink.expect(rv);
        await client.query('COMMIT');
      }
    } catch (err) {
      if (expected !== undefined) {
        this.sink.abandon(expected);
      }
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(true);
      throw err;
    }
    client.release();
    this.stats.batches += 1;
    this.stats.mutations += batch.length;
    if (events.length > 0) {
      await this.sink.publish(events);
    }
    batch.forEach((p, i) => p.resolve(results[i]));
  }

  /** Named query: current-versions. The committed RV of every key the batch touches. */
  private async currentVersions(client: PoolClient, batch: Pending[]): Promise<Map<string, number | undefined>> {
    const res: string[] = [];
    const ns: string[] = [];
    const names: string[] = [];
    for (const { m } of batch) {
      res.push(m.resource);
      ns.push(m.namespace);
      names.push(m.name);
    }
    const { rows } = await client.query<{ resource: string; namespace: string; name: string; rv: string }>(
      `SELECT o.resource, o.namespace, o.name, o.rv FROM objects o
         JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(resource, namespace, name)
           ON o.resource = k.resource AND o.namespace = k.namespace AND o.name = k.name`,
      [res, ns, names],
    );
    const out = new Map<string, number | undefined>();
    for (const r of rows) {
      out.set(`${r.resource}\u0000${r.namespace}\u0000${r.name}`, Number(r.rv));
    }
    return out;
  }

  /**
   * Named query: apply-batch. One statement writes the history, the current rows (last write
   * per key wins), the counter and the NOTIFY doorbell.
   */
  private async apply(client: PoolClient, events: ChangeEvent[], lastRv: number): Promise<void> {
    // Position (1-based) of the last event of each key: the current row's body is that event's.
    const last = new Map<string, number>();
    events.forEach((e, i) => last.set(`${e.resource}\u0000${e.namespace}\u0000${e.name}`, i + 1));
    const upserts: number[] = [];
    const deletes: ChangeEvent[] = [];
    for (const i of last.values()) {
      if (events[i - 1].type === 'DELETED') {
        deletes.push(events[i - 1]);
      } else {
        upserts.push(i);
      }
    }
    const up = upserts.map((i) => events[i - 1]);
    // Each body crosses the wire once (escaped once), in $6: the objects rows pick theirs by position.
    await client.query(
      `WITH body AS (
         SELECT t, i FROM json_array_elements_text($6::json) WITH ORDINALITY AS a(t, i)
       ), ev AS (
         INSERT INTO events (rv, resource, namespace, name, type, data, prev)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::smallint[], ARRAY(SELECT t FROM body ORDER BY i), ${jsonTextArray('$7')})
       ), up AS (
         INSERT INTO objects (resource, namespace, name, rv, uid, data, attrs)
         SELECT u.resource, u.namespace, u.name, u.rv, u.uid, body.t, u.attrs
           FROM unnest($8::text[], $9::text[], $10::text[], $11::bigint[], $12::text[], $13::bigint[], ${jsonTextArray('$18')}) AS u(resource, namespace, name, rv, uid, i, attrs)
           JOIN body ON body.i = u.i
         ON CONFLICT (resource, namespace, name) DO UPDATE SET rv = excluded.rv, uid = excluded.uid, data = excluded.data, attrs = excluded.attrs
       ), del AS (
         DELETE FROM objects o USING unnest($14::text[], $15::text[], $16::text[]) AS k(resource, namespace, name)
         WHERE o.resource = k.resource AND o.namespace = k.namespace AND o.name = k.name
       ), c AS (
         UPDATE rv_counter SET rv = $17 WHERE id = 1
       )
       SELECT pg_notify('${CHANGE_CHANNEL}', $17::text)`,
      [
        events.map((e) => e.rv),
        events.map((e) => e.resource),
        events.map((e) => e.namespace),
        events.map((e) => e.name),
        events.map((e) => EVENT_CODE[e.type]),
        JSON.stringify(events.map((e) => e.json)),
        JSON.stringify(events.map((e) => e.prevJson ?? null)),
        up.map((e) => e.resource),
        up.map((e) => e.namespace),
        up.map((e) => e.name),
        up.map((e) => e.rv),
        up.map((e) => e.obj?.metadata.uid ?? ''),
        upserts,
        deletes.map((e) => e.resource),
        deletes.map((e) => e.namespace),
        deletes.map((e) => e.name),
        lastRv,
        JSON.stringify(up.map((e) => (e.attrs ? ResourceCache.storedAttrs(e.attrs) : null))),
      ],
    );
  }
}

/** The attributes, or none when computing them throws: the cache then computes (and reports) them itself. */
function attrsOrNone(attrsOf: (resource: string, obj: KubeObject) => Attrs | undefined, resource: string, obj: KubeObject): Attrs | undefined {
  try {
    return attrsOf(resource, obj);
  } catch {
    return undefined;
  }
}

/** Checks one mutation against the committed RV of its key (undefined: no such object). */
function precondition(m: Mutation, have: number | undefined): 'exists' | 'notfound' | 'conflict' | undefined {
  if (m.op === 'create') {
    return have === undefined ? undefined : 'exists';
  }
  if (have === undefined) {
    return 'notfound';
  }
  return have === m.expectRv ? undefined : 'conflict';
}
