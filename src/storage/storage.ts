import type { Pool } from 'pg';
import type { KubeObject } from 'src/registry/generic/object';
import type { RegisteredResource } from 'src/registry/generic/resource';
import type { Registry } from 'src/registry/registry';
import { ResourceCache } from 'src/storage/cache/resource-cache';
import { Watcher, type CachedEvent, type Selection, type WatchSink } from 'src/storage/cache/watcher';
import { ChangeFeed } from 'src/storage/postgres/change-feed';
import { Compactor } from 'src/storage/postgres/compactor';
import { listAtRv, loadSnapshot, readCounter, replayEvents, type StoredRow } from 'src/storage/postgres/history';
import { GroupCommitWriter } from 'src/storage/postgres/writer';
import type { ChangeEvent, Mutation, MutationResult } from 'src/storage/types';

/** How long a read waits for this process's cache to reach a resourceVersion. */
export const CACHE_WAIT_MS = 3000;
/** How often open watches that asked for bookmarks get one. */
const BOOKMARK_INTERVAL_MS = 60_000;
/** Loaded entries whose selector attributes are parsed per turn of the event loop after start-up (~2 ms). */
const SETTLE_PER_TURN = 1_000;

/** Construction parameters of the storage layer. */
export interface StorageOptions {
  pool: Pool;
  /** Connection string for the dedicated LISTEN connection. */
  databaseUrl: string;
  registry: Registry;
  eventWindowSeconds: number;
  log: (msg: string) => void;
}

/** How a watch starts: with the current state (initial ADDED events), or after an RV. */
export type WatchStart = { initial: true; initialEventsEnd: boolean } | { initial: false; afterRv: number };

/** Outcome of a watch start that could not be served. */
export type WatchRefusal = { expired: true; message: string } | { tooNew: true; message: string };

/**
 * The storage layer behind the generic store: Postgres as the only truth, written through the
 * group-commit writer, and an in-memory watch cache per resource fed by the change feed.
 */
export class Storage {
  private readonly caches = new Map<string, ResourceCache>();
  private readonly writer: GroupCommitWriter;
  private feed!: ChangeFeed;
  private readonly compactor: Compactor;
  private bookmarkTimer?: NodeJS.Timeout;
  private stopping = false;
  /** Last compaction horizon seen; refreshed by every consistent read. */
  compactedRv = 0;

  constructor(private readonly opts: StorageOptions) {
    this.writer = new GroupCommitWriter(
      opts.pool,
      { begin: () => this.feed.beginLocal(), publish: (events) => this.feed.publishLocal(events), abandon: () => this.feed.abandonLocal() },
      (resource, obj) => this.caches.get(resource)?.attrsOf(obj),
    );
    this.compactor = new Compactor(opts.pool, opts.eventWindowSeconds, opts.log);
  }

  /** Loads every object into the caches, then starts listening for changes. */
  async start(): Promise<void> {
    const ringLimits = { maxEvents: 20_000, maxAgeMs: (this.opts.eventWindowSeconds + 30) * 1000 };
    for (const r of this.opts.registry.resources) {
      this.caches.set(r.groupResource, new ResourceCache(r, 0, ringLimits));
    }
    const state = await loadSnapshot(this.opts.pool, (resource, namespace, name, rv, json, attrs) => {
      this.caches.get(resource)?.load(namespace, name, rv, json, attrs);
    });
    for (const c of this.caches.values()) {
      c.startAt(state.rv);
    }
    this.compactedRv = state.compactedRv;
    this.feed = new ChangeFeed(this.opts.pool, { connectionString: this.opts.databaseUrl }, state.rv, (events) => this.applyEvents(events), this.opts.log);
    await this.feed.start();
    this.compactor.start();
    this.bookmarkTimer = setInterval(() => this.sendBookmarks(), BOOKMARK_INTERVAL_MS);
    this.bookmarkTimer.unref();
    this.settleLoaded([...this.caches.values()]);
  }

  /**
   * Once serving, parses the loaded objects' stored selector attributes a slice per turn of the
   * event loop (StoredAttrs), so that start-up does not wait for it and requests are not held up.
   */
  private settleLoaded(pending: ResourceCache[]): void {
    while (pending.length > 0 && !pending[0].settleLoaded(SETTLE_PER_TURN)) {
      pending.shift();
    }
    if (pending.length > 0 && !this.stopping) {
      setImmediate(() => this.settleLoaded(pending));
    }
  }

  /** Stops writers, watchers, the feed and the compactor. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.bookmarkTimer);
    await this.writer.close();
    for (const c of this.caches.values()) {
      for (const w of [...c.watchers]) {
        w.stop();
      }
    }
    await this.compactor.stop();
    await this.feed?.stop();
  }

  /** The resourceVersion the caches reflect. */
  get rv(): number {
    return this.feed.rv;
  }

  /** Group-commit statistics. */
  get writerStats(): GroupCommitWriter['stats'] {
    return this.writer.stats;
  }

  /** The cache of one resource. */
  cache(resource: RegisteredResource): ResourceCache {
    return this.caches.get(resource.groupResource)!;
  }

  /** Commits one mutation (batched with concurrent ones). */
  write(m: Mutation): Promise<MutationResult> {
    return this.writer.submit(m);
  }

  /**
   * Waits until the caches reflect every write committed before this call (a consistent read,
   * KEP-2340 style) and returns that RV; false when they did not catch up in time.
   */
  async consistentRv(): Promise<number | false> {
    const counter = await readCounter(this.opts.pool);
    this.compactedRv = counter.compactedRv;
    return (await this.waitForRv(counter.rv)) ? this.feed.rv : false;
  }

  /** Waits (bounded) until the caches reached `rv`. */
  async waitForRv(rv: number, ms = CACHE_WAIT_MS): Promise<boolean> {
    if (this.feed.rv >= rv) {
      return true;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const reached = await Promise.race([this.feed.waitFor(rv).then(() => true as const), timedOut]);
    clearTimeout(timer);
    return reached;
  }

  /** Objects of a resource as they were at `rv` (from Postgres); undefined if compacted. */
  listAt(resource: RegisteredResource, namespace: string | undefined, rv: number, after: { ns: string; name: string } | undefined, limit: number): Promise<StoredRow[] | undefined> {
    return listAtRv(this.opts.pool, resource.groupResource, namespace, rv, after, limit);
  }

  /** Runs one compaction pass now (admin and tests). */
  compact(): Promise<void> {
    return this.compactor.runOnce();
  }

  /**
   * Opens a watch. Initial events (when asked) come from the cache; a watch from an RV replays
   * the cache's ring, or Postgres history when the ring no longer reaches back that far.
   */
  async watch(resource: RegisteredResource, sel: Selection, start: WatchStart, bookmarks: boolean, sink: WatchSink): Promise<Watcher | WatchRefusal> {
    const cache = this.cache(resource);
    if (!start.initial && start.afterRv > this.feed.rv && !(await this.waitForRv(start.afterRv))) {
      return { tooNew: true, message: `Too large resource version: ${start.afterRv}, current: ${this.feed.rv}` };
    }
    const current = this.feed.rv;
    const from = start.initial ? current : start.afterRv;
    const w = new Watcher(sel, sink, from, bookmarks, (x) => cache.watchers.delete(x));
    cache.watchers.add(w);
    if (start.initial) {
      for (const e of cache.list(sel, false)) {
        w.sendRaw('ADDED', e.json, e.rv);
      }
      if (start.initialEventsEnd) {
        w.sendRaw('BOOKMARK', bookmarkJson(resource, current, true), current);
      }
      w.finishReplay([]);
      return w;
    }
    const ring = cache.eventsAfter(from);
    if (ring) {
      w.finishReplay(ring.filter((e) => e.rv <= current));
      return w;
    }
    const replay = await replayEvents(this.opts.pool, resource.groupResource, from, current);
    if (!replay) {
      cache.watchers.delete(w);
      return { expired: true, message: `too old resource version: ${from} (${current})` };
    }
    w.finishReplay(replay.events.map((e) => toCachedEvent(cache, e)));
    return w;
  }

  private applyEvents(events: ChangeEvent[]): void {
    const now = Date.now();
    for (const e of events) {
      try {
        this.caches.get(e.resource)?.apply(e, now);
      } catch (err) {
        // A stored object the cache cannot read must not stall the feed for every other object.
        this.opts.log(`watch cache: cannot apply ${e.type} ${e.resource} ${e.namespace}/${e.name} at rv ${e.rv}: ${(err as Error).message}`);
      }
    }
  }

  private sendBookmarks(): void {
    const rv = this.feed.rv;
    const now = Date.now();
    for (const cache of this.caches.values()) {
      cache.trim(now);
      if (cache.watchers.size > 0) {
        const json = bookmarkJson(cache.resource, rv, false);
        for (const w of cache.watchers) {
          w.bookmark(json, rv);
        }
      }
    }
  }
}

/** A BOOKMARK object: kind, apiVersion and the RV (plus the initial-events-end marker). */
export function bookmarkJson(resource: RegisteredResource, rv: number, initialEventsEnd: boolean): string {
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  if (initialEventsEnd) {
    metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
  }
  return JSON.stringify({ kind: resource.kind, apiVersion: resource.apiVersion, metadata });
}

function toCachedEvent(cache: ResourceCache, e: ChangeEvent): CachedEvent {
  const attrs = cache.attrsOf(JSON.parse(e.json) as KubeObject);
  const prevAttrs = e.prevJson ? cache.attrsOf(JSON.parse(e.prevJson) as KubeObject) : undefined;
  return { rv: e.rv, type: e.type, json: e.json, attrs, prevJson: e.prevJson, prevAttrs };
}
