import type { KubeObject } from 'src/registry/generic/object';
import type { PodInfo } from 'src/scheduler/framework/pod-info';
import { nodeAllocatable, type Allocatable, type Resources } from 'src/scheduler/framework/resources';
import type { Taint } from 'src/controllers/common/nodes';

// Semantics: kube-scheduler framework/types.go NodeInfo (AddPodInfo, RemovePod, update,
// SetNode) and HostPortInfo.CheckConflict.

const ANY_IP = '0.0.0.0';

/**
 * A node and the pods on it, with their aggregates kept up to date as pods come and go, so a
 * scheduling decision reads them in O(1): requested and non-zero requested resources, used host
 * ports, and the pods carrying (anti-)affinity terms. A NodeInfo without `node` holds pods whose
 * node is not (or no longer) known; it is not offered to pods.
 */
export class NodeInfo {
  node?: KubeObject;
  labels: Record<string, string> = {};
  taints: readonly Taint[] = [];
  unschedulable = false;
  allocatable: Allocatable = nodeAllocatable(undefined);
  readonly pods = new Map<string, PodInfo>();
  readonly requested: Resources = { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: new Map() };
  nonZeroMilliCPU = 0;
  nonZeroMemory = 0;
  readonly podsWithAffinity = new Set<PodInfo>();
  readonly podsWithRequiredAntiAffinity = new Set<PodInfo>();
  /** Host ports in use: `ip|protocol|port` and `protocol|port` (any IP), with reference counts. */
  private readonly ports = new Map<string, number>();
  private readonly portsAnyIp = new Map<string, number>();
  /** Bumped whenever the pods change; memoized per-node results are valid for one generation. */
  private generation = 0;
  private readonly memo = new Map<string, { generation: number; value: number }>();

  constructor(readonly name: string) {}

  /** Sets (or replaces) the Node object, keeping the pods. */
  setNode(node: KubeObject): void {
    this.node = node;
    this.labels = node.metadata.labels ?? {};
    this.taints = node.spec?.taints ?? [];
    this.unschedulable = node.spec?.unschedulable === true;
    this.allocatable = nodeAllocatable(node.status?.allocatable);
  }

  /** Forgets the Node object (deleted node whose pods are still known). */
  clearNode(): void {
    this.node = undefined;
  }

  /** Adds a pod and its requests, ports and affinity to the aggregates. */
  addPod(p: PodInfo): void {
    this.pods.set(p.key, p);
    if (p.hasAffinity) {
      this.podsWithAffinity.add(p);
    }
    if (p.hasRequiredAntiAffinity) {
      this.podsWithRequiredAntiAffinity.add(p);
    }
    this.account(p, 1);
  }

  /** Removes a pod by key; returns it, or undefined when it was not here. */
  removePod(key: string): PodInfo | undefined {
    const p = this.pods.get(key);
    if (!p) {
      return undefined;
    }
    this.pods.delete(key);
    this.podsWithAffinity.delete(p);
    this.podsWithRequiredAntiAffinity.delete(p);
    this.account(p, -1);
    return p;
  }

  /**
   * A number computed from this node's pods, remembered until the pods change: counting the pods
   * a spreading selector matches on every node for every pod would otherwise cost O(all pods).
   */
  memoize(key: string, compute: () => number): number {
    const hit = this.memo.get(key);
    if (hit && hit.generation === this.generation) {
      return hit.value;
    }
    const value = compute();
    if (this.memo.size >= 32 && !hit) {
      this.memo.clear();
    }
    this.memo.set(key, { generation: this.generation, value });
    return value;
  }

  /** Whether a wanted host port collides with one in use (HostPortInfo.CheckConflict). */
  portConflict(ip: string, protocol: string, port: number): boolean {
    if (ip === ANY_IP) {
      return (this.portsAnyIp.get(`${protocol}|${port}`) ?? 0) > 0;
    }
    return (this.ports.get(`${ANY_IP}|${protocol}|${port}`) ?? 0) > 0 || (this.ports.get(`${ip}|${protocol}|${port}`) ?? 0) > 0;
  }

  /** A copy with the same node and pods, to change without touching this one (preemption dry runs). */
  clone(): NodeInfo {
    const c = new NodeInfo(this.name);
    if (this.node) {
      c.node = this.node;
      c.labels = this.labels;
      c.taints = this.taints;
      c.unschedulable = this.unschedulable;
      c.allocatable = this.allocatable;
    }
    for (const p of this.pods.values()) {
      c.addPod(p);
    }
    return c;
  }

  private account(p: PodInfo, sign: 1 | -1): void {
    this.generation++;
    const r = p.requests;
    this.requested.milliCPU += sign * r.milliCPU;
    this.requested.memory += sign * r.memory;
    this.requested.ephemeralStorage += sign * r.ephemeralStorage;
    for (const [k, v] of r.scalar) {
      this.requested.scalar.set(k, (this.requested.scalar.get(k) ?? 0) + sign * v);
    }
    this.nonZeroMilliCPU += sign * r.nonZeroMilliCPU;
    this.nonZeroMemory += sign * r.nonZeroMemory;
    for (const hp of p.hostPorts) {
      bump(this.ports, `${hp.ip}|${hp.protocol}|${hp.port}`, sign);
      bump(this.portsAnyIp, `${hp.protocol}|${hp.port}`, sign);
    }
  }
}

function bump(m: Map<string, number>, key: string, sign: number): void {
  const n = (m.get(key) ?? 0) + sign;
  if (n <= 0) {
    m.delete(key);
  } else {
    m.set(key, n);
  }
}
