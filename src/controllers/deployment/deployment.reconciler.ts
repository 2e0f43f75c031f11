import { BY_CONTROLLER_UID, claimCandidates, claimDependents } from 'src/controllers/common/claim-dependents';
import { ORPHANS_BY_NAMESPACE, orphansByNamespace } from 'src/controllers/common/orphans';
import { byControllerUid, byNamespace, controllerRef } from 'src/controllers/common/pods';
import { selectorOf } from 'src/controllers/replicaset/selector';
import { QueueController, type ControllerContext, type ControllerFactory } from 'src/controllers/runtime/controller';
import { keyOf, type Informer } from 'src/controllers/runtime/informer';
import { resourcePath } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';
import { jsonEqual } from 'src/registry/generic/validation';
import { clientDeploymentApi, type DeploymentApi, type SyncState } from 'src/controllers/deployment/deployment-api';
import { syncDeployment } from 'src/controllers/deployment/sync';

const BY_NAMESPACE = 'byNamespace';

/**
 * The Deployment controller: owns ReplicaSets (one per pod template revision) and moves
 * replicas between them by the Deployment's strategy, reporting progress in status.
 * Semantics: kubernetes pkg/controller/deployment/deployment_controller.go (DeploymentController).
 */
export class DeploymentController extends QueueController {
  private readonly deployments: Informer<KubeObject>;
  private readonly sets: Informer<KubeObject>;
  private readonly pods: Informer<KubeObject>;
  private readonly api: DeploymentApi;

  constructor(ctx: ControllerContext) {
    super('deployment', ctx);
    this.deployments = ctx.informers.informer('/apis/apps/v1/deployments', { [BY_NAMESPACE]: byNamespace });
    this.sets = ctx.informers.informer('/apis/apps/v1/replicasets', { [BY_NAMESPACE]: byNamespace, [BY_CONTROLLER_UID]: byControllerUid, [ORPHANS_BY_NAMESPACE]: orphansByNamespace });
    this.pods = ctx.informers.informer('/api/v1/pods', { [BY_CONTROLLER_UID]: byControllerUid });
    this.api = clientDeploymentApi(ctx.client, ctx.recorder('deployment-controller'), (ns, name) => this.sets.get(`${ns}/${name}`));
    this.deployments.on('add', (d) => this.enqueue(keyOf(d)));
    this.deployments.on('update', (d) => this.enqueue(keyOf(d)));
    this.deployments.on('delete', (d) => this.enqueue(keyOf(d)));
    this.sets.on('add', (rs) => this.addReplicaSet(rs));
    this.sets.on('update', (rs, old) => this.updateReplicaSet(rs, old));
    this.sets.on('delete', (rs) => this.enqueueOwner(rs));
    this.pods.on('delete', (pod) => this.deletePod(pod));
  }

  protected async reconcile(key: string): Promise<void | number> {
    const cached = this.deployments.get(key);
    if (!cached) {
      return;
    }
    const d: KubeObject = { ...structuredClone(cached), apiVersion: 'apps/v1', kind: 'Deployment' };
    const s: SyncState = { d, api: this.api, now: this.ctx.options.now() };
    await syncDeployment(s, {
      claimReplicaSets: (dep) => this.claimReplicaSets(dep),
      podsBySet: (dep, sets) => this.podsBySet(dep, sets),
    });
    return s.requeueAfter;
  }

  /** Adopts matching orphan ReplicaSets and releases owned ones that stopped matching. Semantics: getReplicaSetsForDeployment. */
  private claimReplicaSets(d: KubeObject): Promise<KubeObject[]> {
    return claimDependents(this.ctx.client, {
      owner: d,
      selector: d.spec?.selector,
      candidates: claimCandidates(this.sets, d),
      pathOf: (rs) => resourcePath('apps/v1', 'replicasets', rs.metadata.namespace, rs.metadata.name),
      fetchOwner: () => this.ctx.client.get<KubeObject>(resourcePath('apps/v1', 'deployments', d.metadata.namespace, d.metadata.name)),
    });
  }

  /** Pods of each ReplicaSet that match the Deployment's selector, by ReplicaSet uid. Semantics: getPodMapForDeployment. */
  private podsBySet(d: KubeObject, sets: KubeObject[]): Map<string, KubeObject[]> {
    const sel = selectorOf(d);
    return new Map(sets.map((rs) => [rs.metadata.uid!, this.pods.byIndex(BY_CONTROLLER_UID, rs.metadata.uid!).filter((p) => sel(p.metadata.labels))]));
  }

  /** The Deployment a controllerRef points at, if cached with that uid. */
  private resolve(namespace: string | undefined, ref: { kind: string; name: string; uid: string } | undefined): KubeObject | undefined {
    if (ref?.kind !== 'Deployment') {
      return undefined;
    }
    const d = this.deployments.get(`${namespace}/${ref.name}`);
    return d?.metadata.uid === ref.uid ? d : undefined;
  }

  private enqueueOwner(rs: KubeObject): void {
    const d = this.resolve(rs.metadata.namespace, controllerRef(rs));
    if (d) {
      this.enqueue(keyOf(d));
    }
  }

  /** Deployments whose (non-empty) selector matches an orphan ReplicaSet's labels. */
  private enqueueSelecting(rs: KubeObject): void {
    if (Object.keys(rs.metadata.labels ?? {}).length === 0) {
      return;
    }
    for (const d of this.deployments.byIndex(BY_NAMESPACE, rs.metadata.namespace ?? '')) {
      const sel = selectorOf(d);
      if (!sel.empty && sel(rs.metadata.labels)) {
        this.enqueue(keyOf(d));
      }
    }
  }

  private addReplicaSet(rs: KubeObject): void {
    if (rs.metadata.deletionTimestamp || controllerRef(rs)) {
      this.enqueueOwner(rs);
      return;
    }
    this.enqueueSelecting(rs);
  }

  private updateReplicaSet(cur: KubeObject, old: KubeObject): void {
    if (cur.metadata.resourceVersion === old.metadata.resourceVersion) {
      return;
    }
    const curRef = controllerRef(cur);
    const oldRef = controllerRef(old);
    const refChanged = !jsonEqual(curRef ?? null, oldRef ?? null);
    if (refChanged && oldRef) {
      this.enqueueOwner(old);
    }
    if (curRef) {
      this.enqueueOwner(cur);
      return;
    }
    if (refChanged || !jsonEqual(cur.metadata.labels ?? {}, old.metadata.labels ?? {})) {
      this.enqueueSelecting(cur);
    }
  }

  /** A Recreate Deployment waits for its old pods to be gone: the last one's deletion wakes it. */
  private deletePod(pod: KubeObject): void {
    const ref = controllerRef(pod);
    if (ref?.kind !== 'ReplicaSet') {
      return;
    }
    const rs = this.sets.get(`${pod.metadata.namespace}/${ref.name}`);
    if (rs?.metadata.uid !== ref.uid) {
      return;
    }
    const d = this.resolve(rs.metadata.namespace, controllerRef(rs));
    if (d?.spec?.strategy?.type !== 'Recreate') {
      return;
    }
    const left = this.sets.byIndex(BY_CONTROLLER_UID, d.metadata.uid!).reduce((n, s) => n + this.pods.byIndex(BY_CONTROLLER_UID, s.metadata.uid!).length, 0);
    if (left === 0) {
      this.enqueue(keyOf(d));
    }
  }
}

/** Factory of the `deployment` controller. */
export const deploymentController: ControllerFactory = (ctx) => new DeploymentController(ctx);
