import { discoverResources, type DiscoveryResult } from 'src/controllers/common/discovery';
import { deletionConditions, mergeConditions, type DeletionReport } from 'src/controllers/namespace/conditions';
import { NamespaceContentDeleter } from 'src/controllers/namespace/content-deleter';
import { QueueController, type ControllerContext, type ControllerFactory } from 'src/controllers/runtime/controller';
import { isConflict, isNotFound, resourcePath } from 'src/controllers/runtime/kube-client';
import type { ReconcileResult } from 'src/controllers/runtime/work-queue';
import type { KubeObject } from 'src/registry/generic/object';

/** The finalizer this controller owns in spec.finalizers. */
export const KUBERNETES_FINALIZER = 'kubernetes';
/**
 * Delay before a deleted namespace is processed, so that objects created at the last moment are
 * seen (upstream namespaceDeletionGracePeriod).
 */
export const NAMESPACE_DELETION_GRACE_MS = 5_000;
/** Workers (kube-controller-manager --concurrent-namespace-syncs). */
const WORKERS = 10;
/** Longest back-off after failures: a namespace is looked at again at least every minute. */
const MAX_BACKOFF_MS = 60_000;
/** Conflicts retried at once when writing the namespace. */
const CONFLICT_RETRIES = 5;

/** An RFC 3339 timestamp with second precision. */
function seconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The namespace controller: for a namespace with a deletionTimestamp, deletes every namespaced
 * object of every served resource in it, reports progress in the five deletion conditions, waits
 * (requeues) while content remains, then removes the `kubernetes` finalizer through
 * /finalize so the apiserver deletes the namespace.
 * Semantics: kubernetes pkg/controller/namespace/namespace_controller.go + deletion/namespaced_resources_deleter.go Delete.
 */
export class NamespaceController extends QueueController {
  private readonly deleter: NamespaceContentDeleter;

  constructor(
    ctx: ControllerContext,
    private readonly discover: () => Promise<DiscoveryResult> = () => discoverResources(ctx.client),
  ) {
    super('namespace', ctx, WORKERS, { maxDelayMs: MAX_BACKOFF_MS });
    this.deleter = new NamespaceContentDeleter(ctx.client, ctx.options.now);
    const namespaces = ctx.informers.informer('/api/v1/namespaces');
    const enqueue = (ns: KubeObject) => {
      if (ns.metadata.deletionTimestamp) {
        this.queue.addAfter(ns.metadata.name!, NAMESPACE_DELETION_GRACE_MS);
      }
    };
    namespaces.on('add', enqueue);
    namespaces.on('update', enqueue);
  }

  /** Deletes the namespace's content; returns the delay before looking again while content remains. */
  async reconcile(name: string): Promise<ReconcileResult> {
    const path = resourcePath('v1', 'namespaces', undefined, name);
    let ns: KubeObject;
    try {
      ns = await this.ctx.client.get<KubeObject>(path);
    } catch (err) {
      if (isNotFound(err)) {
        return;
      }
      throw err;
    }
    if (!ns.metadata.deletionTimestamp) {
      return;
    }
    try {
      ns = await this.retryOnConflict(ns, (n) => this.ensureTerminating(n));
    } catch (err) {
      if (isNotFound(err)) {
        return;
      }
      throw err;
    }
    if (!ns.metadata.deletionTimestamp || (ns.spec?.finalizers ?? []).length === 0) {
      return;
    }
    const discovered = await this.discover().catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
    const result = await this.deleter.deleteAllContent(ns, discovered);
    ns = await this.writeConditions(ns, result.report);
    if (result.errors.length > 0) {
      throw new Error(`namespace ${name}: ${result.errors.join('; ')}`);
    }
    if (result.estimate > 0) {
      // Semantics: namespace_controller.go worker (ResourcesRemainingError: AddAfter estimate/2+1 seconds).
      return (Math.floor(result.estimate / 2) + 1) * 1000;
    }
    try {
      await this.retryOnConflict(ns, (n) => this.finalize(n));
    } catch (err) {
      if (!isNotFound(err)) {
        throw err;
      }
    }
  }

  /** Sets phase Terminating through /status unless the apiserver already did. */
  private async ensureTerminating(ns: KubeObject): Promise<KubeObject> {
    if (ns.status?.phase === 'Terminating') {
      return ns;
    }
    const next = { ...ns, status: { ...(ns.status ?? {}), phase: 'Terminating' } };
    return this.ctx.client.replace<KubeObject>(resourcePath('v1', 'namespaces', undefined, ns.metadata.name, 'status'), next);
  }

  /** Writes the deletion conditions when they changed; a failed write is only logged, as upstream. */
  private async writeConditions(ns: KubeObject, report: DeletionReport): Promise<KubeObject> {
    const { conditions, changed } = mergeConditions(ns.status?.conditions, deletionConditions(report), seconds(this.ctx.options.now()));
    if (!changed) {
      return ns;
    }
    const next = { ...ns, status: { ...(ns.status ?? {}), conditions } };
    try {
      return await this.ctx.client.replace<KubeObject>(resourcePath('v1', 'namespaces', undefined, ns.metadata.name, 'status'), next);
    } catch (err) {
      this.ctx.log(`namespace: couldn't update status condition for namespace "${ns.metadata.name}": ${err instanceof Error ? err.message : String(err)}`);
      return ns;
    }
  }

  /** PUT /finalize without the `kubernetes` finalizer (the rest sorted and de-duplicated). */
  private finalize(ns: KubeObject): Promise<KubeObject> {
    const rest = [...new Set<string>((ns.spec?.finalizers ?? []).filter((f: string) => f !== KUBERNETES_FINALIZER))].sort();
    const body = { apiVersion: 'v1', kind: 'Namespace', metadata: ns.metadata, spec: { ...(ns.spec ?? {}), finalizers: rest } };
    return this.ctx.client.replace<KubeObject>(resourcePath('v1', 'namespaces', undefined, ns.metadata.name, 'finalize'), body);
  }

  /**
   * Runs a write, re-reading the namespace after a conflict (failing if its uid changed).
   * Semantics: namespaced_resources_deleter.go retryOnConflictError.
   */
  private async retryOnConflict(ns: KubeObject, write: (ns: KubeObject) => Promise<KubeObject>): Promise<KubeObject> {
    let latest = ns;
    for (let attempt = 0; ; attempt++) {
      try {
        return await write(latest);
      } catch (err) {
        if (!isConflict(err) || attempt + 1 >= CONFLICT_RETRIES) {
          throw err;
        }
      }
      const prev = latest;
      latest = await this.ctx.client.get<KubeObject>(resourcePath('v1', 'namespaces', undefined, ns.metadata.name));
      if (latest.metadata.uid !== prev.metadata.uid) {
        throw new Error('namespace uid has changed across retries');
      }
    }
  }
}

/** The `namespace` controller. */
export const namespaceController: ControllerFactory = (ctx) => new NamespaceController(ctx);
