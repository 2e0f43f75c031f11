import { discoverResources, RestMapper } from 'src/controllers/common/discovery';
import { AbsentOwnerCache } from 'src/controllers/garbage-collector/absent-owner-cache';
import { decideDependent, foregroundOwnerStep, unblockOwnerRefsPatch } from 'src/controllers/garbage-collector/decisions';
import { DependencyGraph, type GraphNode } from 'src/controllers/garbage-collector/graph';
import { FOREGROUND_FINALIZER, formatIdentity, identityOfRef, ORPHAN_FINALIZER, type ObjectIdentity } from 'src/controllers/garbage-collector/identity';
import { deletableResources, ResourceMonitors } from 'src/controllers/garbage-collector/monitors';
import { GcOperations, NamespacedOwnerOfClusterScopedObjectError } from 'src/controllers/garbage-collector/operations';
import type { Controller, ControllerContext, ControllerFactory } from 'src/controllers/runtime/controller';
import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import { isNotFound } from 'src/controllers/runtime/kube-client';
import { WorkQueue, type ReconcileResult } from 'src/controllers/runtime/work-queue';

/**
 * Workers per queue. Upstream's --concurrent-gc-syncs is 20; kubepg's apiserver commits writes in
 * batches, so more requests in flight mean more deletions per second.
 */
const GC_WORKERS = 50;
/** How often discovery is read again for new or removed resources. */
const RESYNC_PERIOD_MS = 30_000;
/** Pause before retrying a failed first discovery. */
const START_RETRY_MS = 1_000;
/** Dependents orphaned at once. */
const ORPHAN_CONCURRENCY = 50;

/** The node was seen by a GET but not yet by an informer: look again later (with back-off). */
class NotYetObserved extends Error {}

/**
 * The garbage collector: a graph of owners and dependents over every deletable resource the
 * apiserver serves, collecting dependents whose owners are gone, deleting dependents of owners in
 * foreground deletion before releasing them, and orphaning dependents of owners deleted with the
 * orphan policy.
 * Semantics: kubernetes pkg/controller/garbagecollector/garbagecollector.go.
 */
export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';
  private readonly absent = new AbsentOwnerCache();
  private readonly graph: DependencyGraph;
  private readonly ops: GcOperations;
  private readonly monitors: ResourceMonitors;
  private readonly deleteQueue: WorkQueue;
  private readonly orphanQueue: WorkQueue;
  private readonly recorder: EventRecorder;
  private mapper = new RestMapper([]);
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private syncing?: Promise<void>;

  constructor(private readonly ctx: ControllerContext) {
    this.recorder = ctx.recorder('garbage-collector-controller');
    this.graph = new DependencyGraph(this.absent, {
      attemptToDelete: (n) => this.deleteQueue.add(n.identity.uid),
      attemptToOrphan: (n) => this.orphanQueue.add(n.identity.uid),
      invalidOwnerNamespace: (dep, uid) => this.reportInvalidNamespace(dep, uid),
    });
    this.ops = new GcOperations(ctx.client, () => this.mapper, this.absent);
    this.monitors = new ResourceMonitors(ctx.client, (ev) => this.graph.process(ev), ctx.log);
    const onResult = this.onResult();
    this.deleteQueue = new WorkQueue('garbage_collector_attempt_to_delete', (uid) => this.attemptToDeleteWorker(uid), { workers: GC_WORKERS, onResult });
    this.orphanQueue = new WorkQueue('garbage_collector_attempt_to_orphan', (uid) => this.attemptToOrphanWorker(uid), { workers: GC_WORKERS, onResult });
    ctx.metrics.track(this.deleteQueue);
    ctx.metrics.track(this.orphanQueue);
  }

  /** Discovers resources, starts monitors and, once they listed, the workers; then re-discovers every 30 s. */
  start(): void {
    void this.run();
  }

  /** Stops discovery, workers and monitors. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.syncing?.catch(() => undefined);
    await Promise.all([this.deleteQueue.stop(), this.orphanQueue.stop()]);
    this.monitors.stop();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.resync();
        if (this.monitors.keys().length > 0) {
          break;
        }
      } catch (err) {
        this.ctx.log(`garbage-collector: discovery failed: ${message(err)}`);
      }
      await new Promise((r) => setTimeout(r, START_RETRY_MS));
    }
    if (this.stopped) {
      return;
    }
    this.deleteQueue.start();
    this.orphanQueue.start();
    this.timer = setInterval(() => {
      if (!this.syncing) {
        this.resync().catch((err: unknown) => this.ctx.log(`garbage-collector: resync failed: ${message(err)}`));
      }
    }, RESYNC_PERIOD_MS);
    this.timer.unref();
  }

  /** One discovery round: refresh the REST mapping and the set of monitors. Semantics: garbagecollector.go Sync. */
  private resync(): Promise<void> {
    this.syncing = (async () => {
      const found = await discoverResources(this.ctx.client);
      if (found.all.length === 0 || this.stopped) {
        return;
      }
      this.mapper = new RestMapper(found.all);
      const failedPrefixes = [...found.failed.keys()].map((gv) => `${gv}/`);
      await this.monitors.sync(deletableResources(found.preferred), (key) => failedPrefixes.some((p) => key.startsWith(p)));
    })().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async attemptToDeleteWorker(uid: string): Promise<ReconcileResult> {
    const node = this.graph.get(uid);
    if (!node) {
      return;
    }
    try {
      if ((await this.attemptToDeleteItem(node)) === 'virtual-delete') {
        return;
      }
    } catch (err) {
      if (err instanceof NamespacedOwnerOfClusterScopedObjectError) {
        return;
      }
      throw err;
    }
    if (node.virtual && this.graph.get(uid) === node) {
      throw new NotYetObserved(`${formatIdentity(node.identity)} not yet observed`);
    }
  }

  /**
   * Reads the object (from the monitor's cache when the node was observed: the deletes below are
   * conditioned on its uid and resourceVersion, so a stale copy only costs a retry; upstream leaves
   * this as a TODO and always GETs) and deletes it when all its owners are gone (or waiting for it),
   * removes references to absent owners when some owner remains, or releases a foreground owner
   * whose blocking dependents are gone.
   * Semantics: garbagecollector.go attemptToDeleteItem.
   */
  private async attemptToDeleteItem(item: GraphNode): Promise<'done' | 'virtual-delete'> {
    if (item.beingDeleted && !item.deletingDependents) {
      return 'done';
    }
    const id = item.identity;
    let latest = item.virtual ? undefined : this.monitors.cached(this.ops.resource(id.apiVersion, id.kind), id.namespace, id.name);
    try {
      latest ??= await this.ops.get(id);
    } catch (err) {
      if (isNotFound(err)) {
        return this.virtualDelete(id);
      }
      throw err;
    }
    if (latest.metadata.uid !== id.uid) {
      return this.virtualDelete(id);
    }
    if (item.deletingDependents) {
      await this.processDeletingDependents(item);
      return 'done';
    }
    const refs = latest.metadata.ownerReferences ?? [];
    if (refs.length === 0) {
      return 'done';
    }
    const classified = await this.ops.classify(id, refs);
    const deps = [...item.dependents];
    const decision = decideDependent(latest, classified, { hasDependents: deps.length > 0, someDependentDeletingDependents: deps.some((d) => d.deletingDependents) });
    if (decision.action === 'none') {
      return 'done';
    }
    if (decision.action === 'removeOwnerRefs') {
      await this.ops.removeOwnerRefs(id, decision.uids);
      return 'done';
    }
    if (decision.unblockFirst) {
      const patch = unblockOwnerRefsPatch(id.uid, item.owners);
      if (patch) {
        await this.ops.patch(id, patch);
      }
    }
    try {
      await this.ops.delete(id, latest.metadata.resourceVersion, latest.metadata.ownerReferences, decision.policy);
    } catch (err) {
      if (isNotFound(err)) {
        return this.virtualDelete(id);
      }
      throw err;
    }
    return 'done';
  }

  /** An owner in foreground deletion: release it when no blocking dependent is left, else look at those. */
  private async processDeletingDependents(item: GraphNode): Promise<void> {
    const step = foregroundOwnerStep(item);
    if ('removeFinalizer' in step) {
      await this.ops.removeFinalizer(item.identity, FOREGROUND_FINALIZER);
      return;
    }
    step.recheck.forEach((dep) => this.deleteQueue.add(dep.identity.uid));
  }

  /**
   * Strips the owner from every dependent's ownerReferences, then removes its orphan finalizer.
   * Semantics: garbagecollector.go attemptToOrphanWorker / orphanDependents.
   */
  private async attemptToOrphanWorker(uid: string): Promise<ReconcileResult> {
    const owner = this.graph.get(uid);
    if (!owner) {
      return;
    }
    const failures: string[] = [];
    const deps = [...owner.dependents];
    for (let i = 0; i < deps.length; i += ORPHAN_CONCURRENCY) {
      await Promise.all(
        deps.slice(i, i + ORPHAN_CONCURRENCY).map((d) =>
          this.ops.removeOwnerRefs(d.identity, [uid]).catch((err: unknown) => {
            if (!isNotFound(err)) {
              failures.push(`orphaning ${formatIdentity(d.identity)} failed, ${message(err)}`);
            }
          }),
        ),
      );
    }
    if (failures.length > 0) {
      throw new Error(`failed to orphan dependents of owner ${formatIdentity(owner.identity)}, got errors: ${failures.join(', ')}`);
    }
    await this.ops.removeFinalizer(owner.identity, ORPHAN_FINALIZER);
  }

  /** The apiserver says the object is gone: remove it from the graph as if the informer had said so. */
  private virtualDelete(id: ObjectIdentity): 'virtual-delete' {
    this.graph.process({ type: 'delete', virtual: true, apiVersion: id.apiVersion, kind: id.kind, obj: { metadata: { name: id.name, namespace: id.namespace || undefined, uid: id.uid } } });
    return 'virtual-delete';
  }

  /** Warning event on a dependent naming an owner in another namespace. Semantics: graph_builder.go reportInvalidNamespaceOwnerRef. */
  private reportInvalidNamespace(dep: GraphNode, ownerUid: string): void {
    const ref = dep.owners.find((o) => o.uid === ownerUid);
    if (!ref) {
      return;
    }
    const d = dep.identity;
    const involved = { apiVersion: d.apiVersion, kind: d.kind, metadata: { name: d.name, namespace: d.namespace || undefined, uid: d.uid } };
    this.recorder.event(involved, 'Warning', 'OwnerRefInvalidNamespace', `ownerRef ${formatIdentity(identityOfRef(ref, d.namespace))} does not exist in namespace "${d.namespace}"`);
  }

  private onResult() {
    const count = this.ctx.metrics.resultHook(this.name);
    return (outcome: 'success' | 'error' | 'requeue', ms: number, error?: unknown): void => {
      count(outcome, ms);
      if (outcome === 'error' && !(error instanceof NotYetObserved)) {
        this.ctx.log(`${this.name}: ${message(error)}`);
      }
    };
  }

  /** Keys of the running monitors (`apiVersion/resource`), for tests and debugging. */
  monitoredResources(): string[] {
    return this.monitors.keys();
  }

  /** Whether the graph holds a uid (upstream's GraphHasUID, for tests). */
  graphHasUid(uid: string): boolean {
    return !!this.graph.get(uid);
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The `garbage-collector` controller. */
export const garbageCollectorController: ControllerFactory = (ctx) => new GarbageCollector(ctx);
