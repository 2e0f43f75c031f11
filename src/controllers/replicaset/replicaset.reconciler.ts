import { BY_CONTROLLER_UID, claimCandidates, claimDependents } from 'src/controllers/common/claim-dependents';
import { ORPHANS_BY_NAMESPACE, orphansByNamespace } from 'src/controllers/common/orphans';
import { byControllerUid, byNamespace, controllerRef, isPodActive, isPodReady, isPodTerminal } from 'src/controllers/common/pods';
import { manageReplicas, type ManageContext } from 'src/controllers/replicaset/manage-replicas';
import { podsToDelete } from 'src/controllers/replicaset/pod-ranking';
import { selectorOf } from 'src/controllers/replicaset/selector';
import { calculateStatus, nextAvailabilityCheckMs, statusNeedsUpdate, type ManageError } from 'src/controllers/replicaset/replicaset-status';
import { QueueController, type ControllerContext, type ControllerFactory } from 'src/controllers/runtime/controller';
import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import { Expectations } from 'src/controllers/runtime/expectations';
import { keyOf, type Informer } from 'src/controllers/runtime/informer';
import { isConflict, resourcePath } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';
import { jsonEqual } from 'src/registry/generic/validation';

/** Index name this controller registers (shared with other controllers using the same function). */
const BY_NAMESPACE = 'byNamespace';

/**
 * The ReplicaSet controller: keeps spec.replicas active pods per ReplicaSet (adopting matching
 * orphans, releasing pods that stopped matching), and reports their counts in status.
 * Semantics: kubernetes pkg/controller/replicaset/replica_set.go (ReplicaSetController).
 */
export class ReplicaSetController extends QueueController {
  private readonly sets: Informer<KubeObject>;
  private readonly pods: Informer<KubeObject>;
  private readonly expectations = new Expectations();
  private readonly recorder: EventRecorder;

  constructor(ctx: ControllerContext) {
    super('replicaset', ctx);
    this.recorder = ctx.recorder('replicaset-controller');
    this.sets = ctx.informers.informer('/apis/apps/v1/replicasets', { [BY_NAMESPACE]: byNamespace, [BY_CONTROLLER_UID]: byControllerUid });
    this.pods = ctx.informers.informer('/api/v1/pods', { [BY_CONTROLLER_UID]: byControllerUid, [ORPHANS_BY_NAMESPACE]: orphansByNamespace });
    this.sets.on('add', (rs) => this.enqueue(keyOf(rs)));
    this.sets.on('update', (rs) => this.enqueue(keyOf(rs)));
    this.sets.on('delete', (rs) => {
      this.expectations.delete(keyOf(rs));
      this.enqueue(keyOf(rs));
    });
    this.pods.on('add', (pod) => this.addPod(pod));
    this.pods.on('update', (pod, old) => this.updatePod(pod, old));
    this.pods.on('delete', (pod) => this.deletePod(pod));
  }

  protected async reconcile(key: string): Promise<void | number> {
    const cached = this.sets.get(key);
    if (!cached) {
      this.expectations.delete(key);
      return;
    }
    const rs: KubeObject = { ...cached, apiVersion: 'apps/v1', kind: 'ReplicaSet' };
    const needsSync = this.expectations.satisfied(key);
    const selector = selectorOf(cached);
    const candidates = this.candidates(rs);
    const owned = await claimDependents(this.ctx.client, {
      owner: rs,
      selector: rs.spec?.selector,
      candidates: candidates.filter(isPodActive),
      pathOf: (p) => resourcePath('v1', 'pods', p.metadata.namespace, p.metadata.name),
      fetchOwner: () => this.ctx.client.get<KubeObject>(resourcePath('apps/v1', 'replicasets', rs.metadata.namespace, rs.metadata.name)),
    });
    const terminating = candidates.filter((p) => p.metadata.deletionTimestamp && !isPodTerminal(p) && controllerRef(p)?.uid === rs.metadata.uid && selector(p.metadata.labels));
    let failure: ManageError | undefined;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      const mc: ManageContext = { client: this.ctx.client, recorder: this.recorder, expectations: this.expectations, key };
      failure = await manageReplicas(mc, rs, owned, (diff) => podsToDelete(owned, this.relatedPods(rs, owned), diff, this.ctx.options.now()));
    }
    const now = this.ctx.options.now();
    const updated = await this.writeStatus(rs, calculateStatus(rs, owned, terminating, failure, now));
    const minReady = updated.spec?.minReadySeconds ?? 0;
    let requeue: number | undefined;
    if (minReady > 0 && (updated.status?.readyReplicas ?? 0) !== (updated.status?.availableReplicas ?? 0)) {
      requeue = nextAvailabilityCheckMs(owned, minReady, now) ?? minReady * 1000;
    }
    if (failure) {
      if (requeue !== undefined) {
        this.queue.addAfter(key, requeue);
      }
      throw new Error(failure.message);
    }
    return requeue;
  }

  /** Pods this ReplicaSet owns plus the namespace's orphans (the only ones it may claim). */
  private candidates(rs: KubeObject): KubeObject[] {
    return claimCandidates(this.pods, rs);
  }

  /**
   * Pods of every ReplicaSet with the same controller (the Deployment's other revisions), so a
   * scale-down prefers nodes that run several of them. Semantics: replica_set.go getIndirectlyRelatedPods.
   */
  private relatedPods(rs: KubeObject, own: KubeObject[]): KubeObject[] {
    const ref = controllerRef(rs);
    if (!ref) {
      return own;
    }
    const seen = new Set<string>();
    const out: KubeObject[] = [];
    for (const sibling of this.sets.byIndex(BY_CONTROLLER_UID, ref.uid)) {
      const sel = selectorOf(sibling);
      for (const p of this.pods.byIndex(BY_CONTROLLER_UID, sibling.metadata.uid!)) {
        if (!seen.has(p.metadata.uid!) && sel(p.metadata.labels)) {
          seen.add(p.metadata.uid!);
          out.push(p);
        }
      }
    }
    return out;
  }

  /** PUT /status when something changed; one retry on a conflict with a fresh GET. Semantics: replica_set_utils.go updateReplicaSetStatus. */
  private async writeStatus(rs: KubeObject, status: Record<string, any>): Promise<KubeObject> {
    if (!statusNeedsUpdate(rs, status)) {
      return rs;
    }
    const path = resourcePath('apps/v1', 'replicasets', rs.metadata.namespace, rs.metadata.name, 'status');
    const body = (obj: KubeObject): KubeObject => ({ ...obj, status: { ...status, observedGeneration: obj.metadata.generation } });
    try {
      return await this.ctx.client.replace<KubeObject>(path, body(rs));
    } catch (e) {
      if (!isConflict(e)) {
        throw e;
      }
      const fresh = await this.ctx.client.get<KubeObject>(resourcePath('apps/v1', 'replicasets', rs.metadata.namespace, rs.metadata.name));
      return this.ctx.client.replace<KubeObject>(path, body(fresh));
    }
  }

  /** The ReplicaSet a controllerRef points at, if it is cached with that uid. */
  private resolve(namespace: string | undefined, ref: { kind: string; name: string; uid: string } | undefined): KubeObject | undefined {
    if (ref?.kind !== 'ReplicaSet') {
      return undefined;
    }
    const rs = this.sets.get(`${namespace}/${ref.name}`);
    return rs?.metadata.uid === ref.uid ? rs : undefined;
  }

  /** ReplicaSets of the pod's namespace whose (non-empty) selector matches an orphan pod. */
  private setsSelecting(pod: KubeObject): KubeObject[] {
    return this.sets.byIndex(BY_NAMESPACE, pod.metadata.namespace ?? '').filter((rs) => {
      const sel = selectorOf(rs);
      return !sel.empty && sel(pod.metadata.labels);
    });
  }

  private addPod(pod: KubeObject): void {
    if (pod.metadata.deletionTimestamp) {
      this.deletePod(pod);
      return;
    }
    const ref = controllerRef(pod);
    if (ref) {
      const rs = this.resolve(pod.metadata.namespace, ref);
      if (rs) {
        this.expectations.creationObserved(keyOf(rs));
        this.enqueue(keyOf(rs));
      }
      return;
    }
    for (const rs of this.setsSelecting(pod)) {
      this.enqueue(keyOf(rs));
    }
  }

  private updatePod(cur: KubeObject, old: KubeObject): void {
    if (cur.metadata.resourceVersion === old.metadata.resourceVersion) {
      return;
    }
    const labelsChanged = !jsonEqual(cur.metadata.labels ?? {}, old.metadata.labels ?? {});
    if (cur.metadata.deletionTimestamp) {
      this.deletePod(cur);
      if (labelsChanged) {
        this.deletePod(old);
      }
      return;
    }
    const curRef = controllerRef(cur);
    const oldRef = controllerRef(old);
    const refChanged = !jsonEqual(curRef ?? null, oldRef ?? null);
    if (refChanged && oldRef) {
      const previous = this.resolve(old.metadata.namespace, oldRef);
      if (previous) {
        this.enqueue(keyOf(previous));
      }
    }
    if (curRef) {
      const rs = this.resolve(cur.metadata.namespace, curRef);
      if (rs) {
        this.enqueue(keyOf(rs));
        const minReady = rs.spec?.minReadySeconds ?? 0;
        if (minReady > 0 && !isPodReady(old) && isPodReady(cur)) {
          this.queue.addAfter(keyOf(rs), minReady * 1000 + 1000);
        }
      }
      return;
    }
    if (labelsChanged || refChanged) {
      for (const rs of this.setsSelecting(cur)) {
        this.enqueue(keyOf(rs));
      }
    }
  }

  private deletePod(pod: KubeObject): void {
    const rs = this.resolve(pod.metadata.namespace, controllerRef(pod));
    if (rs) {
      this.expectations.deletionObserved(keyOf(rs), pod.metadata.uid!);
      this.enqueue(keyOf(rs));
    }
  }
}

/** Factory of the `replicaset` controller. */
export const replicaSetController: ControllerFactory = (ctx) => new ReplicaSetController(ctx);
