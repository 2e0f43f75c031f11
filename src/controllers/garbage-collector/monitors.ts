import { collectionPath, type ApiResource } from 'src/controllers/common/discovery';
import type { GraphEvent } from 'src/controllers/garbage-collector/graph';
import { Informer } from 'src/controllers/runtime/informer';
import type { KubeClient } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';

/** Resources the collector never watches: events are many, short-lived and never owners. */
export const IGNORED_RESOURCES = new Set(['events', 'events.events.k8s.io']);

/** `resource.group` (or `resource` for the core group), as upstream's GroupResource prints. */
function groupResource(r: ApiResource): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/**
 * The resources the collector watches: one version of each served resource that supports
 * delete, list and watch, minus the ignored ones.
 * Semantics: garbagecollector.go GetDeletableResources + graph_builder.go ignoredResources.
 */
export function deletableResources(preferred: ApiResource[]): ApiResource[] {
  return preferred.filter((r) => ['delete', 'list', 'watch'].every((v) => r.verbs.includes(v)) && !IGNORED_RESOURCES.has(groupResource(r)));
}

/**
 * One informer ("monitor") per watched resource, feeding every add, update and delete into the
 * graph. Monitors are started and stopped as discovery changes.
 * Semantics: graph_builder.go syncMonitors / startMonitors.
 */
export class ResourceMonitors {
  private readonly monitors = new Map<string, { resource: ApiResource; informer: Informer<KubeObject> }>();

  constructor(
    private readonly client: KubeClient,
    private readonly onEvent: (ev: GraphEvent) => void,
    private readonly log: (msg: string) => void,
  ) {}

  /** Keys (`apiVersion/resource`) of the running monitors. */
  keys(): string[] {
    return [...this.monitors.keys()];
  }

  /**
   * Starts monitors for new resources and stops those no longer wanted (keeping any in `keep`,
   * e.g. resources of group versions discovery failed to read); resolves once the new ones synced.
   */
  async sync(wanted: ApiResource[], keep: (key: string) => boolean = () => false): Promise<void> {
    const want = new Map(wanted.map((r) => [monitorKey(r), r]));
    for (const [key, m] of this.monitors) {
      if (!want.has(key) && !keep(key)) {
        m.informer.stop();
        this.monitors.delete(key);
      }
    }
    const started: Promise<void>[] = [];
    for (const [key, r] of want) {
      if (this.monitors.has(key)) {
        continue;
      }
      const informer = this.watch(r);
      this.monitors.set(key, { resource: r, informer });
      started.push(
        informer.start().catch((err: unknown) => {
          this.log(`garbage-collector: cannot watch ${key}: ${err instanceof Error ? err.message : String(err)}`);
          informer.stop();
          this.monitors.delete(key);
        }),
      );
    }
    await Promise.all(started);
  }

  /** The watched object of a resource from the monitor's cache, if that resource is watched and holds it. */
  cached(r: ApiResource, namespace: string, name: string): KubeObject | undefined {
    return this.monitors.get(monitorKey(r))?.informer.get(namespace ? `${namespace}/${name}` : name);
  }

  /** Stops every monitor. */
  stop(): void {
    for (const m of this.monitors.values()) {
      m.informer.stop();
    }
    this.monitors.clear();
  }

  private watch(r: ApiResource): Informer<KubeObject> {
    const informer = new Informer<KubeObject>(this.client, collectionPath(r));
    const { apiVersion, kind } = r;
    informer.on('add', (obj) => this.onEvent({ type: 'add', apiVersion, kind, obj }));
    informer.on('update', (obj, old) => this.onEvent({ type: 'update', apiVersion, kind, obj, old }));
    informer.on('delete', (obj) => this.onEvent({ type: 'delete', apiVersion, kind, obj }));
    return informer;
  }
}

/** The key of a monitor: `apiVersion/resource`. */
export function monitorKey(r: ApiResource): string {
  return `${r.apiVersion}/${r.resource}`;
}
