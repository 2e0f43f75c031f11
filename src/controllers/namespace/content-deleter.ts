import { collectionPath, parseGroupVersion, type ApiResource, type DiscoveryResult } from 'src/controllers/common/discovery';
import type { DeletionReport } from 'src/controllers/namespace/conditions';
import { ApiError, isNotFound, type KubeClient } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';

/** Seconds assumed for finalizers to finish on remaining objects (upstream finalizerEstimateSeconds). */
export const FINALIZER_ESTIMATE_SECONDS = 15;

/** The namespace controller deletes with this policy so no orphan finalizer is ever added. */
const BACKGROUND = { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' };

/** What deleting one resource's content left behind. */
export interface ResourceDeletionResult {
  /** Seconds to wait before looking again (0: no estimate). */
  estimate: number;
  remaining: number;
  finalizers: Map<string, number>;
  error?: string;
}

/** The outcome of deleting all content of a namespace once. */
export interface ContentDeletionResult {
  estimate: number;
  report: DeletionReport;
  /** Errors that keep the namespace from being finalized now. */
  errors: string[];
}

/** How upstream prints a GroupVersionResource: `apps/v1, Resource=deployments`, `/v1, Resource=pods` for core. */
export function formatGvr(r: ApiResource): string {
  return `${r.group}/${r.version}, Resource=${r.resource}`;
}

/**
 * The longest termination grace period among the non-terminal pods, or 0 once that long has passed
 * since the namespace's deletion started.
 * Semantics: namespaced_resources_deleter.go estimateGracefulTermination(ForPods).
 */
export function podGraceEstimate(pods: KubeObject[], deletedAt: string, now: Date): number {
  let estimate = 0;
  for (const pod of pods) {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      continue;
    }
    const grace = pod.spec?.terminationGracePeriodSeconds;
    if (typeof grace === 'number' && grace > estimate) {
      estimate = grace;
    }
  }
  const elapsedMs = now.getTime() - Date.parse(deletedAt);
  return elapsedMs >= estimate * 1000 ? 0 : estimate;
}

/**
 * The per-resource verdict after deletion: nothing left; or objects left, waiting on a pod grace
 * estimate or on finalizers (15 s); or objects left for no reason, which is an error.
 * Semantics: namespaced_resources_deleter.go deleteAllContentForGroupVersionResource (after the final list).
 */
export function remainingVerdict(r: ApiResource, namespace: string, items: KubeObject[], estimate: number): ResourceDeletionResult {
  if (items.length === 0) {
    return { estimate: 0, remaining: 0, finalizers: new Map() };
  }
  const finalizers = new Map<string, number>();
  for (const item of items) {
    for (const f of item.metadata.finalizers ?? []) {
      finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    }
  }
  if (estimate !== 0) {
    return { estimate, remaining: items.length, finalizers };
  }
  if (finalizers.size > 0) {
    return { estimate: FINALIZER_ESTIMATE_SECONDS, remaining: items.length, finalizers };
  }
  return { estimate, remaining: items.length, finalizers: new Map(), error: `unexpected items still remain in namespace: ${namespace} for gvr: ${formatGvr(r)}` };
}

/**
 * Deletes every namespaced object of a namespace, resource by resource (deletecollection where
 * served, else list and delete each), and reports what remains.
 * Semantics: kubernetes pkg/controller/namespace/deletion/namespaced_resources_deleter.go deleteAllContent.
 */
export class NamespaceContentDeleter {
  constructor(
    private readonly client: KubeClient,
    private readonly now: () => Date,
  ) {}

  /** One pass over all content of `ns` (which has a deletionTimestamp), given a discovery outcome. */
  async deleteAllContent(ns: KubeObject, discovered: DiscoveryResult | Error): Promise<ContentDeletionResult> {
    const name = ns.metadata.name!;
    const report: DeletionReport = { contentErrors: [], remainingByResource: new Map(), remainingByFinalizer: new Map() };
    const errors: string[] = [];
    let resources: ApiResource[] = [];
    if (discovered instanceof Error) {
      report.discoveryError = discovered.message;
      errors.push(discovered.message);
    } else {
      if (discovered.failed.size > 0) {
        report.failedGroups = discovered.failed;
        errors.push([...discovered.failed].map(([gv, e]) => `${gv}: ${e}`).join(', '));
      }
      resources = discovered.preferred.filter((r) => r.namespaced && r.verbs.includes('delete'));
      const bad = discovered.unparsable.find((gv) => !parseGroupVersion(gv));
      if (bad !== undefined) {
        // GroupVersionResources fails as a whole: nothing is deleted this round.
        report.groupVersionError = `unexpected GroupVersion string: ${bad}`;
        errors.push(report.groupVersionError);
        resources = [];
      }
    }
    const deletedAt = ns.metadata.deletionTimestamp!;
    const results = await Promise.all(resources.map((r) => this.deleteResource(r, name, deletedAt)));
    let estimate = 0;
    results.forEach((res, i) => {
      if (res.error) {
        errors.push(res.error);
        report.contentErrors.push(res.error);
      }
      estimate = Math.max(estimate, res.estimate);
      if (res.remaining > 0) {
        const r = resources[i];
        report.remainingByResource.set(`${r.resource}.${r.group}`, res.remaining);
        for (const [f, n] of res.finalizers) {
          report.remainingByFinalizer.set(f, (report.remainingByFinalizer.get(f) ?? 0) + n);
        }
      }
    });
    return { estimate, report, errors };
  }

  /** Deletes one resource's content in the namespace and checks what is left. */
  private async deleteResource(r: ApiResource, namespace: string, deletedAt: string): Promise<ResourceDeletionResult> {
    const path = collectionPath(r, namespace);
    let estimate = 0;
    try {
      if (r.group === '' && r.resource === 'pods') {
        const pods = await this.client.list<KubeObject>(path);
        estimate = podGraceEstimate(pods.items, deletedAt, this.now());
      }
      if (!(await this.deleteCollection(r, path))) {
        await this.deleteEachItem(r, path);
      }
      if (!r.verbs.includes('list')) {
        return { estimate, remaining: 0, finalizers: new Map() };
      }
      const left = await this.client.list<KubeObject>(path);
      return remainingVerdict(r, namespace, left.items, estimate);
    } catch (err) {
      return { estimate, remaining: 0, finalizers: new Map(), error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** DELETE on the collection; false when the resource does not serve it. */
  private async deleteCollection(r: ApiResource, path: string): Promise<boolean> {
    if (!r.verbs.includes('deletecollection')) {
      return false;
    }
    try {
      await this.client.delete(path, BACKGROUND);
      return true;
    } catch (err) {
      if (isNotFound(err) || (err instanceof ApiError && err.code === 405)) {
        return false;
      }
      throw err;
    }
  }

  /** Lists the collection and deletes each object. */
  private async deleteEachItem(r: ApiResource, path: string): Promise<void> {
    if (!r.verbs.includes('list')) {
      return;
    }
    const list = await this.client.list<KubeObject>(path);
    await Promise.all(
      list.items.map((item) =>
        this.client.delete(`${path}/${encodeURIComponent(item.metadata.name!)}`, BACKGROUND).catch((err: unknown) => {
          if (!isNotFound(err) && !(err instanceof ApiError && err.code === 405)) {
            throw err;
          }
        }),
      ),
    );
  }
}
