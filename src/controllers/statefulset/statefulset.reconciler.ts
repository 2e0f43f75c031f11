import type { KubeObject } from 'src/registry/generic/object';
import { fromLabelSelector } from 'src/registry/generic/label-selector';
import { BY_CONTROLLER_UID, claimCandidates, claimDependents } from 'src/controllers/common/claim-dependents';
import { applyTemplateRevision, sortRevisions } from 'src/controllers/common/controller-history';
import { ORPHANS_BY_NAMESPACE, orphansByNamespace } from 'src/controllers/common/orphans';
import { byControllerUid, byNamespace, controllerRef } from 'src/controllers/common/pods';
import { slowStartBatch } from 'src/controllers/common/slow-start-batch';
import { QueueController, type ControllerContext, type ControllerFactory } from 'src/controllers/runtime/controller';
import { Expectations } from 'src/controllers/runtime/expectations';
import type { Informer } from 'src/controllers/runtime/informer';
import { keyOf } from 'src/controllers/runtime/informer';
import { resourcePath } from 'src/controllers/runtime/kube-client';
import type { ReconcileResult } from 'src/controllers/runtime/work-queue';
import { deleteRevisions, resolveRevisions, revisionsToTruncate } from 'src/controllers/statefulset/history';
import { isMemberOf, parentAndOrdinal } from 'src/controllers/statefulset/identity';
import { planStatefulSet, type StatefulAction } from 'src/controllers/statefulset/plan';
import { StatefulPodControl } from 'src/controllers/statefulset/pod-control';
import { completeRollingUpdate, statusChanged, type StatefulSetStatus } from 'src/controllers/statefulset/status';

// Semantics: kubernetes pkg/controller/statefulset/stateful_set.go (handlers, sync, claims) and
// stateful_set_control.go UpdateStatefulSet (revisions, plan, status, history).

/** Pod index: pods filed under `namespace/<set name>` as their names encode it. */
const BY_PARENT_NAME = 'statefulset:byParentName';

function byParentName(pod: KubeObject): string[] {
  const { parent, ordinal } = parentAndOrdinal(pod.metadata.name);
  return ordinal >= 0 ? [`${pod.metadata.namespace}/${parent}`] : [];
}

/** The StatefulSet controller: ordered pods with stable names and claims, revisions, rolling updates. */
export class StatefulSetReconciler extends QueueController {
  private readonly sets: Informer<KubeObject>;
  private readonly pods: Informer<KubeObject>;
  private readonly claims: Informer<KubeObject>;
  private readonly revisions: Informer<KubeObject>;
  private readonly expectations = new Expectations();
  private readonly control: StatefulPodControl;

  constructor(ctx: ControllerContext) {
    super('statefulset', ctx);
    this.sets = ctx.informers.informer('/apis/apps/v1/statefulsets', { byNamespace });
    this.pods = ctx.informers.informer('/api/v1/pods', { byControllerUid, [BY_PARENT_NAME]: byParentName });
    this.claims = ctx.informers.informer('/api/v1/persistentvolumeclaims');
    this.revisions = ctx.informers.informer('/apis/apps/v1/controllerrevisions', { byControllerUid, [ORPHANS_BY_NAMESPACE]: orphansByNamespace });
    this.control = new StatefulPodControl(
      ctx.client,
      ctx.recorder('statefulset-controller'),
      (ns, name) => this.claims.get(`${ns}/${name}`),
      this.expectations,
    );
    this.sets.on('add', (s) => this.enqueue(keyOf(s)));
    this.sets.on('update', (s) => this.enqueue(keyOf(s)));
    this.sets.on('delete', (s) => this.enqueue(keyOf(s)));
    this.pods.on('add', (p) => this.podAdded(p));
    this.pods.on('update', (p, old) => this.podUpdated(p, old));
    this.pods.on('delete', (p) => this.podDeleted(p));
  }

  protected async reconcile(key: string): Promise<ReconcileResult> {
    const set = this.sets.get(key);
    if (!set) {
      this.expectations.delete(key);
      return;
    }
    if (!this.expectations.satisfied(key)) {
      return;
    }
    const ns = set.metadata.namespace!;
    const setPath = resourcePath('apps/v1', 'statefulsets', ns, set.metadata.name);
    const fetchOwner = () => this.ctx.client.get<KubeObject>(setPath);
    const owned = await claimDependents(this.ctx.client, {
      owner: set,
      selector: set.spec?.selector,
      candidates: claimCandidates(this.revisions, set),
      pathOf: (r) => resourcePath('apps/v1', 'controllerrevisions', ns, r.metadata.name),
      fetchOwner,
    });
    const podCandidates = unique([...this.pods.byIndex(BY_CONTROLLER_UID, set.metadata.uid!), ...this.pods.byIndex(BY_PARENT_NAME, key)]);
    const pods = await claimDependents(this.ctx.client, {
      owner: set,
      selector: set.spec?.selector,
      candidates: podCandidates,
      filter: (p) => isMemberOf(set, p),
      pathOf: (p) => resourcePath('v1', 'pods', ns, p.metadata.name),
      fetchOwner,
    });
    const revisions = sortRevisions(owned);
    const live = await resolveRevisions(this.ctx.client, set, revisions);
    const now = this.ctx.options.now();
    const plan = planStatefulSet({
      set,
      currentSet: applyTemplateRevision(set, live.current),
      updateSet: applyTemplateRevision(set, live.update),
      currentRevision: live.current.metadata.name!,
      updateRevision: live.update.metadata.name!,
      collisionCount: live.collisionCount,
      pods,
      claim: (name) => this.claims.get(`${ns}/${name}`),
      now,
    });
    const failure = await this.run(set, key, applyTemplateRevision(set, live.update), plan.steps);
    const status = completeRollingUpdate(set, plan.status);
    if (statusChanged(set, status)) {
      await this.writeStatus(set, status);
    }
    await deleteRevisions(this.ctx.client, revisionsToTruncate(set, pods, revisions, live));
    if (failure !== undefined) {
      throw failure;
    }
    const minReady = Number(set.spec?.minReadySeconds ?? 0);
    if (minReady > 0 && status.availableReplicas !== Number(set.spec?.replicas ?? 1)) {
      return minReady * 1000;
    }
  }

  /** Runs the plan's steps in order; the actions of a step in slow-start batches. Returns the first error. */
  private async run(set: KubeObject, key: string, updateSet: KubeObject, steps: StatefulAction[][]): Promise<unknown> {
    for (const step of steps) {
      const { errors } = await slowStartBatch(step, (a) => this.apply(set, key, updateSet, a));
      if (errors.length > 0) {
        return errors[0];
      }
    }
    return undefined;
  }

  private apply(set: KubeObject, key: string, updateSet: KubeObject, action: StatefulAction): Promise<void> {
    switch (action.kind) {
      case 'create':
        return this.control.createPod(set, key, action.pod);
      case 'delete':
        return this.control.deletePod(set, key, action.pod);
      case 'ensureClaims':
        return this.control.ensureClaims(set, action.pod);
      case 'updatePod':
        return this.control.updatePod(updateSet, action.pod);
      case 'fixClaims':
        return this.control.updateClaimOwners(updateSet, action.pod);
    }
  }

  private async writeStatus(set: KubeObject, status: StatefulSetStatus): Promise<void> {
    const body = { ...set, status: { ...(set.status ?? {}), ...status } };
    await this.ctx.client.replace(resourcePath('apps/v1', 'statefulsets', set.metadata.namespace, set.metadata.name, 'status'), body);
  }

  /** The set a controller reference names, if it still exists with that uid. */
  private resolve(namespace: string | undefined, ref: ReturnType<typeof controllerRef>): KubeObject | undefined {
    if (!ref || ref.kind !== 'StatefulSet') {
      return undefined;
    }
    const set = this.sets.get(`${namespace}/${ref.name}`);
    return set?.metadata.uid === ref.uid ? set : undefined;
  }

  /** Sets of the pod's namespace whose selector matches an orphan pod (adoption candidates). */
  private setsSelecting(pod: KubeObject): KubeObject[] {
    return this.sets.byIndex('byNamespace', pod.metadata.namespace ?? '').filter((s) => fromLabelSelector(s.spec?.selector)(pod.metadata.labels));
  }

  private podAdded(pod: KubeObject): void {
    if (pod.metadata.deletionTimestamp) {
      this.podDeleted(pod);
      return;
    }
    const ref = controllerRef(pod);
    if (ref) {
      const set = this.resolve(pod.metadata.namespace, ref);
      if (set) {
        this.expectations.creationObserved(keyOf(set));
        this.enqueue(keyOf(set));
      }
      return;
    }
    for (const s of this.setsSelecting(pod)) {
      this.enqueue(keyOf(s));
    }
  }

  private podUpdated(pod: KubeObject, old: KubeObject): void {
    if (pod.metadata.resourceVersion === old.metadata.resourceVersion) {
      return;
    }
    const ref = controllerRef(pod);
    const oldRef = controllerRef(old);
    if (oldRef && oldRef.uid !== ref?.uid) {
      const prev = this.resolve(old.metadata.namespace, oldRef);
      if (prev) {
        this.enqueue(keyOf(prev));
      }
    }
    if (ref) {
      const set = this.resolve(pod.metadata.namespace, ref);
      if (set) {
        if (pod.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) {
          this.expectations.deletionObserved(keyOf(set), pod.metadata.uid!);
        }
        this.enqueue(keyOf(set));
      }
      return;
    }
    if (JSON.stringify(pod.metadata.labels ?? {}) !== JSON.stringify(old.metadata.labels ?? {}) || oldRef) {
      for (const s of this.setsSelecting(pod)) {
        this.enqueue(keyOf(s));
      }
    }
  }

  private podDeleted(pod: KubeObject): void {
    const set = this.resolve(pod.metadata.namespace, controllerRef(pod));
    if (set) {
      this.expectations.deletionObserved(keyOf(set), pod.metadata.uid!);
      this.enqueue(keyOf(set));
    }
  }
}

function unique(objs: KubeObject[]): KubeObject[] {
  return [...new Map(objs.map((o) => [o.metadata.uid, o])).values()];
}

/** Factory of the `statefulset` controller (kube-controller-manager's name). */
export const statefulSetController: ControllerFactory = (ctx) => new StatefulSetReconciler(ctx);
