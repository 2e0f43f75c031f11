import type { KubeObject } from 'src/registry/generic/object';

// Node helpers shared by the node lifecycle, taint eviction and pod GC controllers.
// Semantics: kubernetes pkg/controller/util/node/controller_utils.go GetNodeCondition,
// pkg/util/node IsNodeReady, pkg/util/taints and k8s.io/api core/v1 well_known_taints.go.

/** A node taint (core/v1 Taint). */
export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

/** Taint of a node whose Ready condition is False. */
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
/** Taint of a node whose Ready condition is Unknown. */
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
/** Taint of a cordoned node (spec.unschedulable). */
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
/** Taint of a node under memory pressure. */
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
/** Taint of a node under disk pressure. */
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
/** Taint of a node running out of process ids. */
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
/** Taint of a node whose network is not configured. */
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';
/** Taint an operator puts on a node that is shut down for good. */
export const TAINT_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

/** Index name of the pods-by-node indexer. */
export const PODS_BY_NODE_INDEX = 'spec.nodeName';

/** Informer indexer: pods filed under the node they are bound to (unbound pods under nothing). */
export function byNodeName(pod: KubeObject): string[] {
  return pod.spec?.nodeName ? [pod.spec.nodeName] : [];
}

/** A node condition of the given type, if present. */
export function nodeCondition(node: KubeObject, type: string): Record<string, any> | undefined {
  return (node.status?.conditions as Record<string, any>[] | undefined)?.find((c) => c.type === type);
}

/** Whether the node's Ready condition is True. */
export function isNodeReady(node: KubeObject): boolean {
  return nodeCondition(node, 'Ready')?.status === 'True';
}

/** The node's taints. */
export function taintsOf(node: KubeObject): Taint[] {
  return (node.spec?.taints as Taint[] | undefined) ?? [];
}

/** Whether two taints are the same taint (key and effect; upstream's Taint.MatchTaint). */
export function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** Whether the node has a taint matching `t` by key and effect. */
export function taintExists(node: KubeObject, t: Taint): boolean {
  return taintsOf(node).some((x) => sameTaint(x, t));
}

/** The zone key of a node (region and zone labels joined as upstream's GetZoneKey does). */
export function zoneKey(node: KubeObject): string {
  const labels = node.metadata.labels ?? {};
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}
