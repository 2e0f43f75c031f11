import type { EventType } from 'src/storage/types';

/** Type of a frame on a watch stream. */
export type WatchFrameType = EventType | 'BOOKMARK' | 'ERROR';

/**
 * Frames already encoded for one event, keyed by the sink's encoding and the frame type (an HTTP
 * sink keeps the frame framed as an HTTP/1.1 chunk there too). For one event a frame type always
 * carries the same object (ADDED and MODIFIED the new state, DELETED the deleted object or, for a
 * MODIFIED that left the selection, the previous state), so watchers that see the event as the
 * same type can share the encoded bytes.
 */
export type FrameMemo = Map<string, string | Buffer>;

/** Where a watcher's frames go (an HTTP response, a test collector ...). */
export interface WatchSink {
  /**
   * Sends one frame; returns false once the sink is closed or hopelessly behind. `memo`, when
   * given, holds frames other sinks encoded for the same event (see FrameMemo).
   */
  send(type: WatchFrameType, json: string, rv: number, memo?: FrameMemo): boolean;
  /** Ends the stream. */
  close(): void;
}

/** Attributes a watch filters on, precomputed once per stored object. */
export interface Attrs {
  namespace: string;
  labels: Record<string, string> | undefined;
  fields: Record<string, string>;
}

/** What a watch or list selects: a namespace, a label selector and a field selector. */
export interface Selection {
  namespace?: string;
  label?: (labels: Record<string, string> | undefined) => boolean;
  field?: (fields: Record<string, string>) => boolean;
}

/** Whether an object with these attributes is selected. */
export function selects(sel: Selection, a: Attrs): boolean {
  if (sel.namespace !== undefined && sel.namespace !== a.namespace) {
    return false;
  }
  if (sel.label && !sel.label(a.labels)) {
    return false;
  }
  if (sel.field && !sel.field(a.fields)) {
    return false;
  }
  return true;
}

/** One entry of a resource's event ring. */
export interface CachedEvent {
  rv: number;
  type: EventType;
  json: string;
  attrs: Attrs;
  prevJson?: string;
  prevAttrs?: Attrs;
  /** The DELETED object for watchers this MODIFIED took out of their selection (computed once). */
  deletedJson?: string;
  /** Encoded frames shared by the watchers during this event's live fan-out. */
  frames?: FrameMemo;
}

/** Stamps a different resourceVersion into an object's JSON. */
export function withResourceVersion(json: string, rv: number): string {
  const o = JSON.parse(json) as { metadata?: { resourceVersion?: string } };
  o.metadata = { ...(o.metadata ?? {}), resourceVersion: String(rv) };
  return JSON.stringify(o);
}

/**
 * One open watch. It filters events the way the apiserver's cacher does: an object that starts
 * matching arrives as ADDED, one that stops matching as DELETED (its previous state).
 *
 * Semantics: k8s.io/apiserver pkg/storage/cacher/cache_watcher.go convertToWatchEvent.
 */
export class Watcher {
  /** Events that arrived while the initial replay was still being read. */
  private buffer: CachedEvent[] | undefined = [];
  private lastRv: number;
  private closed = false;

  constructor(
    readonly selection: Selection,
    private readonly sink: WatchSink,
    startRv: number,
    readonly bookmarks: boolean,
    private readonly onStop: (w: Watcher) => void,
  ) {
    this.lastRv = startRv;
  }

  /** The RV of the last frame sent or skipped. */
  get rv(): number {
    return this.lastRv;
  }

  /** Delivers a live event (buffered until the replay is done). */
  push(e: CachedEvent): void {
    if (this.closed) {
      return;
    }
    if (this.buffer) {
      this.buffer.push(e);
      return;
    }
    this.deliver(e);
  }

  /** Sends replayed events, then whatever arrived meanwhile, and switches to live delivery. */
  finishReplay(replayed: CachedEvent[]): void {
    for (const e of replayed) {
      this.deliver(e);
    }
    const pending = this.buffer ?? [];
    this.buffer = undefined;
    for (const e of pending) {
      this.deliver(e);
    }
  }

  /** Sends a synthetic frame (initial ADDED, BOOKMARK, ERROR) outside the event order. */
  sendRaw(type: WatchFrameType, json: string, rv: number): void {
    try {
      if (!this.closed && !this.sink.send(type, json, rv)) {
        this.stop();
      }
    } catch {
      this.stop();
    }
  }

  /** Sends a bookmark at `rv` if nothing newer went out. */
  bookmark(json: string, rv: number): void {
    if (this.bookmarks && !this.buffer && rv >= this.lastRv) {
      this.lastRv = rv;
      this.sendRaw('BOOKMARK', json, rv);
    }
  }

  /** Ends the watch and unregisters it. */
  stop(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.onStop(this);
    this.sink.close();
  }

  private deliver(e: CachedEvent): void {
    if (e.rv <= this.lastRv) {
      return;
    }
    this.lastRv = e.rv;
    try {
      const frame = this.convert(e);
      if (frame && !this.sink.send(frame[0], frame[1], e.rv, e.frames)) {
        this.stop();
      }
    } catch {
      // A frame that cannot be encoded for this client ends its watch (it re-watches from its
      // last RV); it must never reach the write path that is fanning the event out.
      this.stop();
    }
  }

  private convert(e: CachedEvent): [WatchFrameType, string] | undefined {
    const sel = this.selection;
    const cur = selects(sel, e.attrs);
    if (e.type === 'ADDED') {
      return cur ? ['ADDED', e.json] : undefined;
    }
    if (e.type === 'DELETED') {
      return cur ? ['DELETED', e.json] : undefined;
    }
    // MODIFIED without a known previous state: treat the previous state as matching.
    const prev = e.prevAttrs ? selects(sel, e.prevAttrs) : cur;
    if (cur && prev) {
      return ['MODIFIED', e.json];
    }
    if (cur) {
      return ['ADDED', e.json];
    }
    if (prev && e.prevJson) {
      return ['DELETED', (e.deletedJson ??= withResourceVersion(e.prevJson, e.rv))];
    }
    return undefined;
  }
}
