import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { ResourceCache } from 'src/storage/cache/resource-cache';
import type { Attrs } from 'src/storage/cache/watcher';
import type { KubeObject } from 'src/registry/generic/object';
import { EVENT_CODE, type ChangeEvent, type Mutation, type MutationResult } from 'src/storage/types';

/** Upper bounds of one group-commit batch. */
const MAX_BATCH_MUTATIONS = 1000;
const MAX_BATCH_BYTES = 16 * 1024 * 1024;

/**
 * Stands in for the resourceVersion in a body until the batch function has assigned it. Random per
 * process, so no object carries it by chance; a body that contains it twice is refused.
 */
export const RV_TOKEN = `kubepg-rv-${randomBytes(16).toString('hex')}`;

/** Channel every apiserver LISTENs on; the payload is the batch's highest resourceVersion. */
export const CHANGE_CHANNEL = 'kubepg_changes';

/** The event each kind of mutation makes. */
const EVENT_OF: Record<Mutation['op'], ChangeEvent['type']> = { create: 'ADDED', update: 'MODIFIED', delete: 'DELETED' };

/** Failure codes of kubepg_write_batch (migrations/0003_write_batch.sql), by position. */
const FAILURE: Record<number, 'exists' | 'notfound' | 'conflict' | undefined> = { 0: undefined, 1: 'exists', 2: 'notfound', 3: 'conflict' };

interface Pending {
  m: Mutation;
  /** Selector attributes, computed on submit: they do not depend on the RV. */
  attrs: Attrs | undefined;
  /** The object's JSON with RV_TOKEN as its resourceVersion, serialised on submit, and where the token starts. */
  body: string;
  at: number;
  resolve(r: MutationResult): void;
  reject(e: unknown): void;
}

/** Where committed batches go: this process's change feed. */
export interface CommitSink {
  /**
   * A batch of this process is about to be sent. Its NOTIFY can arrive before the answer; the feed
   * holds notifications back until publish() or abandon() says whether they were this batch's.
   */
  begin(): void;
  /** Receives each committed batch's events, in order, before the writers are answered. */
  publish(events: ChangeEvent[]): Promise<void>;
  /** The batch committed nothing this process can hand over (nothing passed, or the outcome is unknown). */
  abandon(): void;
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
 * comes from batching rather than from one commit per write. The transaction is one call of the
 * kubepg_write_batch function: one round trip per batch.
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
      const { body, at } = bodyWithToken(m.obj);
      this.queue.push({ m, attrs: attrsOrNone(this.attrsOf, m.resource, m.obj), body, at, resolve, reject });
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

  /** The next batch: queue order, bounded, and ending before a key it already has (the next batch takes that one). */
  private takeBatch(): Pending[] {
    const keys = new Set<string>();
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length && n < MAX_BATCH_MUTATIONS && bytes < MAX_BATCH_BYTES) {
      const { m, body } = this.queue[n];
      const key = `${m.resource}\u0000${m.namespace}\u0000${m.name}`;
      if (keys.has(key)) {
        break;
      }
      keys.add(key);
      bytes += body.length + (m.op === 'create' ? 0 : m.prevJson.length);
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async commit(batch: Pending[]): Promise<void> {
    this.sink.begin();
    let answer: { base_rv: string; failures: number[] };
    try {
      answer = (await this.writeBatch(batch)).rows[0];
    } catch (err) {
      this.sink.abandon();
      throw err;
    }
    let rv = Number(answer.base_rv);
    const results: MutationResult[] = [];
    const events: ChangeEvent[] = [];
    batch.forEach(({ m, attrs, body, at }, i) => {
      const failure = FAILURE[answer.failures[i]];
      if (failure) {
        results.push({ ok: false, reason: failure });
        return;
      }
      rv += 1;
      m.obj.metadata.resourceVersion = String(rv);
      const json = body.slice(0, at) + String(rv) + body.slice(at + RV_TOKEN.length);
      results.push({ ok: true, rv, json });
      events.push({
        rv,
        type: EVENT_OF[m.op],
        resource: m.resource,
        namespace: m.namespace,
        name: m.name,
        json,
        prevJson: m.op === 'create' ? undefined : m.prevJson,
        obj: m.obj,
        attrs,
      });
    });
    this.stats.batches += 1;
    this.stats.mutations += batch.length;
    if (events.length > 0) {
      await this.sink.publish(events);
    } else {
      this.sink.abandon();
    }
    batch.forEach((p, i) => p.resolve(results[i]));
  }

  /**
   * Named query: write-batch. Bodies, previous bodies and attributes travel as JSON arrays of the
   * JSON texts themselves, joined rather than escaped: node-pg would escape a text[] element by
   * element in JavaScript, and JSON.stringify of the strings would escape every quote in them.
   */
  private writeBatch(batch: Pending[]): Promise<{ rows: { base_rv: string; failures: number[] }[] }> {
    const op: number[] = [];
    const resource: string[] = [];
    const namespace: string[] = [];
    const name: string[] = [];
    const expect: (number | null)[] = [];
    const uid: string[] = [];
    const bodies: string[] = [];
    const prevs: string[] = [];
    const attrs: string[] = [];
    for (const p of batch) {
      const m = p.m;
      op.push(EVENT_CODE[EVENT_OF[m.op]]);
      resource.push(m.resource);
      namespace.push(m.namespace);
      name.push(m.name);
      expect.push(m.op === 'create' ? null : m.expectRv);
      uid.push(m.obj.metadata.uid ?? '');
      bodies.push(p.body);
      prevs.push(m.op === 'create' ? 'null' : m.prevJson);
      attrs.push(p.attrs ? ResourceCache.storedAttrs(p.attrs) : 'null');
    }
    return this.pool.query(
      'SELECT base_rv, failures FROM kubepg_write_batch($1::smallint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::json, $8::json, $9::json, $10, $11)',
      [op, resource, namespace, name, expect, uid, `[${bodies.join(',')}]`, `[${prevs.join(',')}]`, `[${attrs.join(',')}]`, RV_TOKEN, CHANGE_CHANNEL],
    );
  }
}

/**
 * The object's JSON with RV_TOKEN where its resourceVersion goes, and the token's offset. The
 * object itself is left as it was.
 */
function bodyWithToken(obj: KubeObject): { body: string; at: number } {
  const meta = obj.metadata as { resourceVersion?: string };
  const had = Object.prototype.hasOwnProperty.call(meta, 'resourceVersion');
  const before = meta.resourceVersion;
  meta.resourceVersion = RV_TOKEN;
  let body: string;
  try {
    body = JSON.stringify(obj);
  } finally {
    if (had) {
      meta.resourceVersion = before;
    } else {
      delete meta.resourceVersion;
    }
  }
  const at = body.indexOf(RV_TOKEN);
  if (at < 0 || body.indexOf(RV_TOKEN, at + RV_TOKEN.length) >= 0) {
    throw new Error('the object contains the writer\'s resourceVersion placeholder');
  }
  return { body, at };
}

/** The attributes, or none when computing them throws: the cache then computes (and reports) them itself. */
function attrsOrNone(attrsOf: (resource: string, obj: KubeObject) => Attrs | undefined, resource: string, obj: KubeObject): Attrs | undefined {
  try {
    return attrsOf(resource, obj);
  } catch {
    return undefined;
  }
}
