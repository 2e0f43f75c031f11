import type { KubeObject } from 'src/registry/generic/object';
import { NodeInfo } from 'src/scheduler/framework/node-info';
import { newPodInfo, podKey, type PodInfo } from 'src/scheduler/framework/pod-info';
import type { NodeLister } from 'src/scheduler/framework/types';

// Semantics: kube-scheduler backend/cache (AddPod, UpdatePod, RemovePod, AssumePod, ForgetPod,
// nodes without a Node object kept for their pods) and snapshot.go (HavePodsWithAffinityList).

/**
 * The scheduler's view of the cluster: every node with the pods bound (or assumed) to it, kept
 * up to date incrementally from watch events, so a decision never rebuilds it. Pods are keyed
 * by UID. An assumed pod is one the scheduler placed itself before the API confirmed the
 * binding; the confirming update replaces it, a failed binding forgets it.
 */
export class Snapshot implements NodeLister {
  private readonly infos = new Map<string, NodeInfo>();
  private readonly podNode = new Map<string, string>();
  private readonly assumed = new Set<string>();
  private nodes?: NodeInfo[];
  private withAffinity?: NodeInfo[];
  private withRequiredAnti?: NodeInfo[];
  /** Where the next filter pass starts in list(), so every node gets its turn (round-robin). */
  nextStartNodeIndex = 0;

  /** Adds a node or replaces its Node object. */
  setNode(node: KubeObject): void {
    const name = String(node.metadata.name);
    const info = this.infos.get(name);
    if (info) {
      const wasKnown = info.node !== undefined;
      info.setNode(node);
      if (!wasKnown) {
        this.invalidate();
      }
      return;
    }
    const created = new NodeInfo(name);
    created.setNode(node);
    this.infos.set(name, created);
    this.invalidate();
  }

  /** Removes a node; its pods stay known until they are deleted themselves. */
  removeNode(name: string): void {
    const info = this.infos.get(name);
    if (!info) {
      return;
    }
    if (info.pods.size === 0) {
      this.infos.delete(name);
    } else {
      info.clearNode();
    }
    this.invalidate();
  }

  /** Adds or updates a pod bound to `spec.nodeName` (an assumed copy of it is replaced). */
  addPod(pod: KubeObject): void {
    this.place(newPodInfo(pod), String(pod.spec?.nodeName ?? ''));
    this.assumed.delete(podKey(pod));
  }

  /** Removes a pod (by object or key), wherever it is. */
  removePod(podOrKey: KubeObject | string): void {
    const key = typeof podOrKey === 'string' ? podOrKey : podKey(podOrKey);
    this.assumed.delete(key);
    const nodeName = this.podNode.get(key);
    if (nodeName === undefined) {
      return;
    }
    this.podNode.delete(key);
    const info = this.infos.get(nodeName);
    const removed = info?.removePod(key);
    if (info && !info.node && info.pods.size === 0) {
      this.infos.delete(nodeName);
    }
    if (removed?.hasAffinity) {
      this.withAffinity = this.withRequiredAnti = undefined;
    }
  }

  /** Places a pod on a node before the API has confirmed it. */
  assume(pod: KubeObject, nodeName: string): void {
    const placed = { ...pod, spec: { ...pod.spec, nodeName } };
    this.place(newPodInfo(placed), nodeName);
    this.assumed.add(podKey(pod));
  }

  /** Drops an assumed pod (its binding failed); a confirmed pod is left alone. */
  forget(key: string): void {
    if (this.assumed.has(key)) {
      this.removePod(key);
    }
  }

  /** Whether the pod is placed by assumption only. */
  isAssumed(key: string): boolean {
    return this.assumed.has(key);
  }

  /** The node a pod is bound or assumed to. */
  nodeOf(key: string): string | undefined {
    return this.podNode.get(key);
  }

  /** The NodeInfo of an existing node. */
  get(name: string): NodeInfo | undefined {
    const info = this.infos.get(name);
    return info?.node ? info : undefined;
  }

  /** Every existing node, in a stable order. */
  list(): readonly NodeInfo[] {
    this.nodes ??= [...this.infos.values()].filter((i) => i.node !== undefined);
    return this.nodes;
  }

  /** Nodes hosting pods with pod (anti-)affinity. */
  havePodsWithAffinity(): readonly NodeInfo[] {
    this.withAffinity ??= this.list().filter((i) => i.podsWithAffinity.size > 0);
    return this.withAffinity;
  }

  /** Nodes hosting pods with required pod anti-affinity. */
  havePodsWithRequiredAntiAffinity(): readonly NodeInfo[] {
    this.withRequiredAnti ??= this.list().filter((i) => i.podsWithRequiredAntiAffinity.size > 0);
    return this.withRequiredAnti;
  }

  private place(info: PodInfo, nodeName: string): void {
    this.removePod(info.key);
    let node = this.infos.get(nodeName);
    if (!node) {
      node = new NodeInfo(nodeName);
      this.infos.set(nodeName, node);
    }
    node.addPod(info);
    this.podNode.set(info.key, nodeName);
    if (info.hasAffinity) {
      this.withAffinity = this.withRequiredAnti = undefined;
    }
  }

  private invalidate(): void {
    this.nodes = this.withAffinity = this.withRequiredAnti = undefined;
  }
}
