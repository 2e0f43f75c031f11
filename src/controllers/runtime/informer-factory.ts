import { Informer, type InformerOptions } from 'src/controllers/runtime/informer';
import type { KubeClient } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';

/**
 * One informer per collection path, shared by every controller of a process (as client-go's
 * SharedInformerFactory): the pod cache and its watch exist once however many controllers read
 * pods. Indexers are merged; ask for everything before start().
 */
export class InformerFactory {
  private readonly informers = new Map<string, { informer: Informer<KubeObject>; indexers: Record<string, (o: KubeObject) => string[]> }>();
  private started = false;

  constructor(private readonly client: KubeClient) {}

  /** The shared informer of a list path (e.g. `/api/v1/pods`), with extra indexes. */
  informer<T extends KubeObject = KubeObject>(listPath: string, indexers: Record<string, (o: T) => string[]> = {}): Informer<T> {
    let entry = this.informers.get(listPath);
    if (!entry) {
      if (this.started) {
        throw new Error(`informer for ${listPath} requested after the factory started`);
      }
      const merged: Record<string, (o: KubeObject) => string[]> = {};
      entry = { informer: new Informer<KubeObject>(this.client, listPath, { indexers: merged } as InformerOptions<KubeObject>), indexers: merged };
      this.informers.set(listPath, entry);
    }
    for (const [name, fn] of Object.entries(indexers)) {
      if (entry.indexers[name] && entry.indexers[name] !== (fn as unknown)) {
        throw new Error(`informer ${listPath}: indexer ${name} registered twice with different functions`);
      }
      if (this.started) {
        throw new Error(`informer ${listPath}: indexer ${name} added after the factory started`);
      }
      entry.indexers[name] = fn as (o: KubeObject) => string[];
    }
    return entry.informer as unknown as Informer<T>;
  }

  /** Starts every informer and resolves once all have synced. */
  async start(): Promise<void> {
    this.started = true;
    await Promise.all([...this.informers.values()].map((e) => e.informer.start()));
  }

  /** Stops every informer. */
  stop(): void {
    for (const e of this.informers.values()) {
      e.informer.stop();
    }
  }
}
