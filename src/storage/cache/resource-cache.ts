import { fieldSetOf } from 'src/registry/generic/field-selector';
import type { KubeObject } from 'src/registry/generic/object';
import type { RegisteredResource } from 'src/registry/generic/resource';
import { fromStored, StoredAttrs, type LabelsAndFields } from 'src/storage/cache/stored-attrs';
import { selects, type Attrs, type CachedEvent, type Selection, type Watcher } from 'src/storage/cache/watcher';
import type { ChangeEvent } from 'src/storage/types';

/** One live object in the cache: its JSON as stored, and what selectors look at. */
export interface CacheEntry {
  name: string;
  rv: number;
  json: string;
  attrs: Attrs;
}

/** Bounds of a resource's event ring. */
export interface RingLimits {
  maxEvents: number;
  maxAgeMs: number;
}

/**
 * The cache key of an object. NUL sorts before every name character, so plain string order of
 * keys is (namespace, name) order, the same as the objects table's primary key under COLLATE "C".
 */
export function cacheKey(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
}

/**
 * The watch cache of one resource type: every live object plus a ring of recent events, and
 * the open watchers. It serves watches and cached lists without SQL.
 *
 * Semantics: k8s.io/apiserver pkg/storage/cacher (watchCache, cacheWatcher).
 */
export class ResourceCache {
  private readonly entries = new Map<string, CacheEntry>();
  /** Keys in storage order: built by the first ordered read, then kept up to date by apply(). */
  private sorted: string[] | undefined;
  /** Entries before ringStart are trimmed and cleared, so they no longer hold their JSON. */
  private ring: (CachedEvent | undefined)[] = [];
  private ringTimes: number[] = [];
  private ringStart = 0;
  /** Events with rv > floor are all in the ring. */
  private floor: number;
  readonly watchers = new Set<Watcher>();

  constructor(
    readonly resource: RegisteredResource,
    startRv: number,
    private readonly limits: RingLimits,
  ) {
    this.floor = startRv;
  }

  /** Selector attributes of an object of this resource. */
  attrsOf(obj: KubeObject): Attrs {
    return { namespace: obj.metadata?.namespace ?? '', labels: obj.metadata?.labels, fields: fieldSetOf(this.resource, obj) };
  }

  /** The attributes of `attrs` as the writer stores them: `{"l": labels, "f": fields}`. */
  static storedAttrs(attrs: Attrs): string {
    return JSON.stringify({ l: attrs.labels, f: attrs.fields });
  }

  /** What StoredAttrs parses on first use: the stored attributes, else the object's own. */
  private readonly parseLoaded = (stored: string | null | undefined, json: string): LabelsAndFields =>
    (stored && fromStored(stored, this.fieldNames())) || this.attrsOf(JSON.parse(json) as KubeObject);

  private fieldNameSet: Set<string> | undefined;

  private fieldNames(): Set<string> {
    this.fieldNameSet ??= new Set(['metadata.name', 'metadata.namespace', ...Object.keys(this.resource.selectableFields ?? {})]);
    return this.fieldNameSet;
  }

  /**
   * Replaces up to `budget` loaded entries' StoredAttrs by plain attributes (selector reads of
   * plain objects are faster); resumes where the last call stopped. Returns false once none is left.
   */
  settleLoaded(budget: number): boolean {
    if (this.settling === null) {
      return false;
    }
    this.settling ??= this.entries.values();
    for (let i = 0; i < budget; i++) {
      const next = this.settling.next();
      if (next.done) {
        this.settling = null;
        return false;
      }
      if (next.value.attrs instanceof StoredAttrs) {
        next.value.attrs = next.value.attrs.plain();
      }
    }
    return true;
  }

  /** Where settleLoaded goes on; null once it has gone through every entry. */
  private settling: Iterator<CacheEntry> | null | undefined;

  /** Marks the RV the loaded state is consistent at: the ring covers only later events. */
  startAt(rv: number): void {
    this.floor = rv;
  }

  /**
   * Loads one object at start-up (no event). `stored` is the attributes the writer saved beside it
   * (see storedAttrs); without them, or when they name other fields than this version selects on,
   * the object itself is parsed. Either happens on first use (StoredAttrs).
   */
  load(namespace: string, name: string, rv: number, json: string, stored?: string | null): void {
    const attrs = new StoredAttrs(namespace, stored, json, this.parseLoaded);
    this.entries.set(cacheKey(namespace, name), { name, rv, json, attrs });
    this.sorted = undefined;
  }

  /** Applies one committed change and fans it out to the watchers. */
  apply(e: ChangeEvent, now: number): void {
    const key = cacheKey(e.namespace, e.name);
    const prev = this.entries.get(key);
    const attrs = e.attrs ?? this.attrsOf(e.obj ?? (JSON.parse(e.json) as KubeObject));
    if (e.type === 'DELETED') {
      if (this.entries.delete(key)) {
        this.unsort(key);
      }
    } else {
      if (!prev) {
        this.sortIn(key);
      }
      this.entries.set(key, { name: e.name, rv: e.rv, json: e.json, attrs });
    }
    const ce: CachedEvent = { rv: e.rv, type: e.type, json: e.json, attrs, prevJson: undefined, prevAttrs: undefined };
    if (e.type === 'MODIFIED') {
      // The previous state matters only to a watcher this change can take out of its selection
      // (it gets a DELETED of that state); with the same attributes every selection answers the same
      // for both states. A DELETED event is sent as its own object. Held for the ring's lifetime,
      // the previous JSON would otherwise double the memory of every update and delete in the window.
      const prevJson = prev?.json ?? e.prevJson;
      const prevAttrs = prev?.attrs ?? (prevJson ? this.attrsOf(JSON.parse(prevJson) as KubeObject) : undefined);
      if (prevAttrs && !sameAttrs(prevAttrs, attrs)) {
        ce.prevJson = prevJson;
        ce.prevAttrs = prevAttrs;
      }
    }
    this.ring.push(ce);
    this.ringTimes.push(now);
    this.trim(now);
    if (this.watchers.size === 0) {
      return;
    }
    // Watchers that send this event the same way share one encoded frame; the frames are kept only
    // for this fan-out (a watcher still replaying encodes its own later), not for the ring's lifetime.
    ce.frames = this.watchers.size > 1 ? new Map() : undefined;
    try {
      for (const w of this.watchers) {
        w.push(ce);
      }
    } finally {
      ce.frames = undefined;
    }
  }

  /** Number of live objects. */
  get size(): number {
    return this.entries.size;
  }

  /** The object at namespace/name, if any. */
  get(namespace: string, name: string): CacheEntry | undefined {
    return this.entries.get(cacheKey(namespace, name));
  }

  /** Every selected object, in key order when `sorted` is asked for. */
  list(sel: Selection, sorted: boolean): CacheEntry[] {
    const out: CacheEntry[] = [];
    if (sorted) {
      for (const k of this.sortedKeys()) {
        const e = this.entries.get(k)!;
        if (selects(sel, e.attrs)) {
          out.push(e);
        }
      }
      return out;
    }
    for (const e of this.entries.values()) {
      if (selects(sel, e.attrs)) {
        out.push(e);
      }
    }
    return out;
  }

  /** A page of selected objects after (startNs, startName), in key order; `more` if any remain. */
  page(sel: Selection, after: { ns: string; name: string } | undefined, limit: number): { items: CacheEntry[]; more: boolean; remaining: number } {
    const all = this.sortedKeys();
    const afterKey = after ? cacheKey(after.ns, after.name) : undefined;
    // The first key after `afterKey`: the insertion point of afterKey, past it when it is there.
    let lo = afterKey === undefined ? 0 : lowerBound(all, afterKey);
    if (afterKey !== undefined && all[lo] === afterKey) {
      lo++;
    }
    const items: CacheEntry[] = [];
    let i = lo;
    for (; i < all.length && items.length < limit; i++) {
      const e = this.entries.get(all[i])!;
      if (selects(sel, e.attrs)) {
        items.push(e);
      }
    }
    let remaining = 0;
    for (let j = i; j < all.length; j++) {
      if (selects(sel, this.entries.get(all[j])!.attrs)) {
        remaining++;
      }
    }
    return { items, more: remaining > 0, remaining };
  }

  /** Events with rv > after, if the ring still holds all of them; undefined when it does not. */
  eventsAfter(after: number): CachedEvent[] | undefined {
    if (after < this.floor) {
      return undefined;
    }
    const out: CachedEvent[] = [];
    for (let i = this.ringStart; i < this.ring.length; i++) {
      const e = this.ring[i]!;
      if (e.rv > after) {
        out.push(e);
      }
    }
    return out;
  }

  /** Drops ring entries beyond the count and age limits, moving the floor. */
  trim(now: number): void {
    const live = (): number => this.ring.length - this.ringStart;
    while (live() > 0 && (live() > this.limits.maxEvents || now - this.ringTimes[this.ringStart] > this.limits.maxAgeMs)) {
      this.floor = this.ring[this.ringStart]!.rv;
      // The array is compacted only once half of it is trimmed: until then a trimmed event would
      // keep its objects' JSON (up to maxEvents of them) alive for nothing.
      this.ring[this.ringStart++] = undefined;
    }
    if (this.ringStart > 1024 && this.ringStart * 2 > this.ring.length) {
      this.ring = this.ring.slice(this.ringStart);
      this.ringTimes = this.ringTimes.slice(this.ringStart);
      this.ringStart = 0;
    }
  }

  // One add or delete moves part of the key array instead of sorting every key again on the next
  // ordered LIST (a LIST under steady pod churn would otherwise sort 10,000 keys each time).
  private sortIn(key: string): void {
    if (this.sorted) {
      this.sorted.splice(lowerBound(this.sorted, key), 0, key);
    }
  }

  private unsort(key: string): void {
    if (this.sorted) {
      const i = lowerBound(this.sorted, key);
      if (this.sorted[i] === key) {
        this.sorted.splice(i, 1);
      }
    }
  }

  private sortedKeys(): string[] {
    if (!this.sorted) {
      this.sorted = [...this.entries.keys()].sort();
    }
    return this.sorted;
  }
}

/** Whether two states select alike under every selection: same namespace, labels and fields. */
function sameAttrs(a: Attrs, b: Attrs): boolean {
  return a.namespace === b.namespace && sameRecord(a.labels, b.labels) && sameRecord(a.fields, b.fields);
}

// No labels and an empty label map select alike. A key b lacks reads as undefined (or an
// Object.prototype member), never equal to a's string value.
function sameRecord(a: Record<string, string> | null | undefined, b: Record<string, string> | null | undefined): boolean {
  const x = a ?? {};
  const y = b ?? {};
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => x[k] === y[k]);
}

/** The first index of `sorted` whose key is not below `key`. */
function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}
