import type { KubeObject } from 'src/registry/generic/object';
import { fromLabelSelector } from 'src/registry/generic/label-selector';
import { claimCandidates, claimDependents } from 'src/controllers/common/claim-dependents';
import { ORPHANS_BY_NAMESPACE, orphansByNamespace } from 'src/controllers/common/orphans';
import { byControllerUid, byNamespace, controllerRef, isPodReady, isPodTerminal } from 'src/controllers/common/pods';
import { constructHistory, DAEMON_HASH_LABEL, revisionsToClean } from 'src/controllers/daemonset/history';
import { Backoff, planManage } from 'src/controllers/daemonset/manage';
import { nodeShouldRunDaemonPod, targetNodeName } from 'src/controllers/daemonset/node-eligibility';
import { DaemonPodControl } from 'src/controllers/daemonset/pod-control';
import { planRollingUpdate } from 'src/controllers/daemonset/rolling-update';
import { daemonSetCounts, daemonStatusUnchanged } from 'src/controllers/daemonset/status';
import { QueueController, type ControllerContext, type ControllerFactory } from 'src/controllers/runtime/controller';
import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import { Expectations } from 'src/controllers/runtime/expectations';
import { keyOf, type Informer } from 'src/controllers/runtime/informer';
import { isNotFound, resourcePath } from 'src/controllers/runtime/kube-client';
import type { ReconcileResult } from 'src/controllers/runtime/work-queue';

// Semantics: kubernetes pkg/controller/daemon/daemon_controller.go (handlers, syncDaemonSet,
// updateDaemonSet, updateDaemonSetStatus) and update.go (history, rolling update).

/** Daemon pods by target node; terminal pods already being deleted are left out unless asked for. */
function podsByNode(pods: KubeObject[], includeDeletedTerminal: boolean): Map<string, KubeObject[]> {
  const out = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    if (!includeDeletedTerminal && isPodTerminal(pod) && pod.metadata.deletionTimestamp) {
      continue;
    }
    const node = targetNodeName(pod);
    if (node !== undefined) {
      out.set(node, [...(out.get(node) ?? []), pod]);
    }
  }
  return out;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The DaemonSet controller: one pod per eligible node, revisions, rolling updates, status. */
export class DaemonSetReconciler extends QueueController {
  private readonly sets: Informer<KubeObject>;
  private readonly pods: Informer<KubeObject>;
  private readonly nodes: Informer<KubeObject>;
  private readonly revisions: Informer<KubeObject>;
  private readonly expectations = new Expectations();
  private readonly backoff = new Backoff();
  private readonly recorder: EventRecorder;
  private readonly control: DaemonPodControl;

  constructor(ctx: ControllerContext) {
    super('daemonset', ctx);
    this.sets = ctx.informers.informer('/apis/apps/v1/daemonsets', { byNamespace });
    this.pods = ctx.informers.informer('/api/v1/pods', { byControllerUid, [ORPHANS_BY_NAMESPACE]: orphansByNamespace });
    this.nodes = ctx.informers.informer('/api/v1/nodes');
    this.revisions = ctx.informers.informer('/apis/apps/v1/controllerrevisions', { byControllerUid, [ORPHANS_BY_NAMESPACE]: orphansByNamespace });
    this.recorder = ctx.recorder('daemonset-controller');
    this.control = new DaemonPodControl(ctx.client, this.recorder, this.expectations);
    const enqueueSet = (ds: KubeObject) => this.enqueue(keyOf(ds));
    const enqueueOwners = (r: KubeObject) => this.ownerOrSelecting(r).forEach(enqueueSet);
    this.sets.on('add', enqueueSet);
    this.sets.on('update', enqueueSet);
    this.sets.on('delete', enqueueSet);
    this.revisions.on('add', enqueueOwners);
    this.revisions.on('update', enqueueOwners);
    this.revisions.on('delete', enqueueOwners);
    this.pods.on('add', (p) => this.podAdded(p));
    this.pods.on('update', (p, old) => this.podUpdated(p, old));
    this.pods.on('delete', (p) => this.podDeleted(p));
    this.nodes.on('add', (n) => this.sets.list().forEach((ds) => nodeShouldRunDaemonPod(n, ds).shouldRun && this.enqueue(keyOf(ds))));
    this.nodes.on('update', (n, old) => this.nodeUpdated(n, old));
    this.nodes.on('delete', (n) => this.sets.list().forEach((ds) => nodeShouldRunDaemonPod(n, ds).shouldContinueRunning && this.enqueue(keyOf(ds))));
  }

  protected async reconcile(key: string): Promise<ReconcileResult> {
    const ds = this.sets.get(key);
    if (!ds) {
      this.expectations.delete(key);
      return;
    }
    const sel = ds.spec?.selector ?? {};
    if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) {
      this.recorder.event(ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.');
      return;
    }
    if (ds.metadata.deletionTimestamp) {
      return;
    }
    const ns = ds.metadata.namespace!;
    const fetchOwner = () => this.ctx.client.get<KubeObject>(resourcePath('apps/v1', 'daemonsets', ns, ds.metadata.name));
    const revisions = await claimDependents(this.ctx.client, {
      owner: ds,
      selector: ds.spec?.selector,
      candidates: claimCandidates(this.revisions, ds),
      pathOf: (r) => resourcePath('apps/v1', 'controllerrevisions', ns, r.metadata.name),
      fetchOwner,
    });
    const pods = await claimDependents(this.ctx.client, {
      owner: ds,
      selector: ds.spec?.selector,
      candidates: claimCandidates(this.pods, ds),
      pathOf: (p) => resourcePath('v1', 'pods', ns, p.metadata.name),
      fetchOwner,
    });
    const { current, old } = await constructHistory(this.ctx.client, ds, revisions, pods);
    const hash = current.metadata.labels?.[DAEMON_HASH_LABEL] ?? '';
    const nodes = this.nodes.list();
    const now = this.ctx.options.now();
    if (!this.expectations.satisfied(key)) {
      return this.writeStatus(ds, nodes, pods, hash, now, false);
    }
    let failure: unknown;
    const manage = planManage({ ds, nodes, nodeToPods: podsByNode(pods, false), hash, now, backoff: this.backoff });
    for (const e of manage.events) {
      this.recorder.event(ds, e.type, e.reason, e.message);
    }
    [failure] = await this.control.syncNodes(ds, key, manage.deletePods, manage.createOn, hash);
    if (failure === undefined && this.expectations.satisfied(key) && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const rolling = planRollingUpdate(ds, nodes, podsByNode(pods, false), hash, now);
      [failure] = await this.control.syncNodes(ds, key, rolling.deletePods, rolling.createOn, hash);
    }
    if (failure === undefined) {
      for (const r of revisionsToClean(ds, old, pods)) {
        await this.ctx.client.delete(resourcePath('apps/v1', 'controllerrevisions', ns, r.metadata.name)).catch((e: unknown) => {
          if (!isNotFound(e)) {
            throw e;
          }
        });
      }
    }
    const requeue = await this.writeStatus(ds, nodes, pods, hash, now, true);
    if (failure !== undefined) {
      throw failure;
    }
    const after = Math.min(requeue ?? Infinity, manage.requeueAfterMs ?? Infinity);
    return Number.isFinite(after) ? after : undefined;
  }

  /** Writes the status when it changed (retrying once on a stale object); returns the minReadySeconds requeue, if any. */
  private async writeStatus(ds: KubeObject, nodes: KubeObject[], pods: KubeObject[], hash: string, now: Date, observe: boolean): Promise<number | undefined> {
    const counts = daemonSetCounts(ds, nodes, podsByNode(pods, false), hash, now);
    const minReady = Number(ds.spec?.minReadySeconds ?? 0);
    const requeue = minReady > 0 && counts.numberReady !== counts.numberAvailable ? minReady * 1000 : undefined;
    if (daemonStatusUnchanged(ds, counts)) {
      return requeue;
    }
    const path = resourcePath('apps/v1', 'daemonsets', ds.metadata.namespace, ds.metadata.name, 'status');
    const body = (base: KubeObject) => ({
      ...base,
      status: { ...(base.status ?? {}), ...counts, ...(observe ? { observedGeneration: ds.metadata.generation } : {}) },
    });
    try {
      await this.ctx.client.replace(path, body(ds));
    } catch {
      const fresh = await this.ctx.client.get<KubeObject>(resourcePath('apps/v1', 'daemonsets', ds.metadata.namespace, ds.metadata.name));
      await this.ctx.client.replace(path, body(fresh));
    }
    return requeue;
  }

  /** The DaemonSet a controller reference names, if it still exists with that uid. */
  private resolve(namespace: string | undefined, ref: ReturnType<typeof controllerRef>): KubeObject | undefined {
    if (!ref || ref.kind !== 'DaemonSet') {
      return undefined;
    }
    const ds = this.sets.get(`${namespace}/${ref.name}`);
    return ds?.metadata.uid === ref.uid ? ds : undefined;
  }

  /** The object's controlling DaemonSet, or for an orphan every DaemonSet of its namespace selecting it. */
  private ownerOrSelecting(obj: KubeObject): KubeObject[] {
    const ref = controllerRef(obj);
    if (ref) {
      const ds = this.resolve(obj.metadata.namespace, ref);
      return ds ? [ds] : [];
    }
    return this.sets.byIndex('byNamespace', obj.metadata.namespace ?? '').filter((ds) => fromLabelSelector(ds.spec?.selector)(obj.metadata.labels));
  }

  private podAdded(pod: KubeObject): void {
    if (pod.metadata.deletionTimestamp) {
      this.podDeleted(pod);
      return;
    }
    const owners = this.ownerOrSelecting(pod);
    if (controllerRef(pod) && owners.length > 0) {
      this.expectations.creationObserved(keyOf(owners[0]));
    }
    owners.forEach((ds) => this.enqueue(keyOf(ds)));
  }

  private podUpdated(pod: KubeObject, old: KubeObject): void {
    if (pod.metadata.resourceVersion === old.metadata.resourceVersion) {
      return;
    }
    if (pod.metadata.deletionTimestamp) {
      this.podDeleted(pod);
      return;
    }
    const ref = controllerRef(pod);
    const oldRef = controllerRef(old);
    const refChanged = !sameJson(ref, oldRef);
    if (refChanged && oldRef) {
      const prev = this.resolve(old.metadata.namespace, oldRef);
      if (prev) {
        this.enqueue(keyOf(prev));
      }
    }
    if (ref) {
      const ds = this.resolve(pod.metadata.namespace, ref);
      if (ds) {
        this.enqueue(keyOf(ds));
        const minReady = Number(ds.spec?.minReadySeconds ?? 0);
        if (minReady > 0 && !isPodReady(old) && isPodReady(pod)) {
          this.queue.addAfter(keyOf(ds), minReady * 1000 + 1000);
        }
      }
      return;
    }
    if (refChanged || !sameJson(pod.metadata.labels, old.metadata.labels)) {
      this.ownerOrSelecting(pod).forEach((ds) => this.enqueue(keyOf(ds)));
    }
  }

  private podDeleted(pod: KubeObject): void {
    const ds = this.resolve(pod.metadata.namespace, controllerRef(pod));
    if (ds) {
      this.expectations.deletionObserved(keyOf(ds), pod.metadata.uid!);
      this.enqueue(keyOf(ds));
    }
  }

  private nodeUpdated(node: KubeObject, old: KubeObject): void {
    if (sameJson(node.metadata.labels, old.metadata.labels) && sameJson(node.spec?.taints, old.spec?.taints)) {
      return;
    }
    for (const ds of this.sets.list()) {
      const before = nodeShouldRunDaemonPod(old, ds);
      const after = nodeShouldRunDaemonPod(node, ds);
      if (before.shouldRun !== after.shouldRun || before.shouldContinueRunning !== after.shouldContinueRunning) {
        this.enqueue(keyOf(ds));
      }
    }
  }
}

/** Factory of the `daemonset` controller (kube-controller-manager's name). */
export const daemonSetController: ControllerFactory = (ctx) => new DaemonSetReconciler(ctx);
