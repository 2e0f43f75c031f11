import type { KubernetesListObject, KubernetesObject, ListWatch } from '@kubernetes/client-node';
import { loadClientNode } from 'src/controllers/runtime/client-node';
import type { KubeClient } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';

/** Options of an informer: server-side selectors and local indexes. */
export interface InformerOptions<T extends KubeObject> {
  labelSelector?: string;
  fieldSelector?: string;
  /** Named index functions; each returns the index values an object is filed under. */
  indexers?: Record<string, (obj: T) => string[]>;
}

type Handlers<T> = { add: ((obj: T) => void)[]; update: ((obj: T, old: T) => void)[]; delete: ((obj: T) => void)[] };

/** First and longest pause before an informer that lost its watch starts again. */
const RESTART_MIN_MS = 500;
const RESTART_MAX_MS = 30_000;

/** The cache key of an object: `namespace/name`, or `name` for cluster-scoped objects. */
export function keyOf(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${obj.metadata.name}` : String(obj.metadata.name);
}

/**
 * A shared informer: client-node's ListWatch (LIST, then WATCH from its resourceVersion, re-LIST
 * after 410) keeping a local cache with indexes, and handlers that get the old object on update.
 * client-node 1.x stops a ListWatch on any error other than 410; this one starts it again with
 * back-off, so it survives watch timeouts, apiserver restarts and expired resourceVersions.
 */
export class Informer<T extends KubeObject> {
  private readonly objects = new Map<string, T>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();
  private readonly handlers: Handlers<T> = { add: [], update: [], delete: [] };
  /** client-node types objects with Date timestamps; ours are the plain JSON the server sends. */
  private readonly lw: ListWatch<KubernetesObject>;
  private stopped = false;
  private synced = false;
  private restartDelay = RESTART_MIN_MS;
  private restartTimer?: NodeJS.Timeout;

  constructor(
    private readonly client: KubeClient,
    private readonly listPath: string,
    private readonly opts: InformerOptions<T> = {},
  ) {
    const k8s = loadClientNode();
    const list = async () => {
      const res = await client.list<T>(listPath, { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector });
      return res as unknown as KubernetesListObject<KubernetesObject>;
    };
    this.lw = new k8s.ListWatch<KubernetesObject>(listPath, new k8s.Watch(client.kubeConfig), list, false, opts.labelSelector, opts.fieldSelector);
    this.lw.on('add', (obj) => this.apply(obj as T, false));
    this.lw.on('update', (obj) => this.apply(obj as T, false));
    this.lw.on('delete', (obj) => this.apply(obj as T, true));
    this.lw.on('connect', () => {
      this.restartDelay = RESTART_MIN_MS;
    });
    this.lw.on('error', () => this.scheduleRestart());
  }

  /** Registers a handler; handlers should only enqueue work. */
  on(ev: 'add', cb: (obj: T) => void): void;
  on(ev: 'update', cb: (obj: T, old: T) => void): void;
  on(ev: 'delete', cb: (obj: T) => void): void;
  on(ev: keyof Handlers<T>, cb: (...args: any[]) => void): void {
    (this.handlers[ev] as ((...args: any[]) => void)[]).push(cb);
  }

  /** Starts listing and watching; resolves once the first LIST has been delivered to the handlers. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.lw.start();
    while (this.lw.latestResourceVersion() === '' && !this.stopped) {
      await new Promise((r) => setTimeout(r, 50));
    }
    this.synced = true;
  }

  /** Stops watching; the cache keeps its last state. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    void this.lw.stop();
  }

  /** Whether the first LIST has been delivered. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** The cached object with this key (see keyOf). */
  get(key: string): T | undefined {
    return this.objects.get(key);
  }

  /** Every cached object. */
  list(): T[] {
    return [...this.objects.values()];
  }

  /** The cached objects filed under `value` by the named indexer. */
  byIndex(index: string, value: string): T[] {
    const keys = this.indexes.get(index)?.get(value);
    if (!keys) {
      return [];
    }
    const out: T[] = [];
    for (const k of keys) {
      const o = this.objects.get(k);
      if (o) {
        out.push(o);
      }
    }
    return out;
  }

  private apply(obj: T, deleted: boolean): void {
    const key = keyOf(obj);
    const old = this.objects.get(key);
    if (old) {
      this.unindex(key, old);
    }
    if (deleted) {
      this.objects.delete(key);
      for (const cb of this.handlers.delete) {
        cb(obj);
      }
      return;
    }
    this.objects.set(key, obj);
    this.index(key, obj);
    if (old) {
      for (const cb of this.handlers.update) {
        cb(obj, old);
      }
    } else {
      for (const cb of this.handlers.add) {
        cb(obj);
      }
    }
  }

  private index(key: string, obj: T): void {
    for (const [name, fn] of Object.entries(this.opts.indexers ?? {})) {
      let idx = this.indexes.get(name);
      if (!idx) {
        this.indexes.set(name, (idx = new Map()));
      }
      for (const v of fn(obj)) {
        let set = idx.get(v);
        if (!set) {
          idx.set(v, (set = new Set()));
        }
        set.add(key);
      }
    }
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of Object.entries(this.opts.indexers ?? {})) {
      const idx = this.indexes.get(name);
      for (const v of fn(obj)) {
        const set = idx?.get(v);
        set?.delete(key);
        if (set?.size === 0) {
          idx!.delete(v);
        }
      }
    }
  }

  private scheduleRestart(): void {
    if (this.stopped) {
      return;
    }
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      if (!this.stopped) {
        void this.lw.start();
      }
    }, this.restartDelay);
    this.restartDelay = Math.min(this.restartDelay * 2, RESTART_MAX_MS);
  }
}
