import { isNodeReady, TAINT_OUT_OF_SERVICE, taintsOf } from 'src/controllers/common/nodes';
import type { KubeObject } from 'src/registry/generic/object';

// Which pods the pod garbage collector deletes, as pure functions over the caches.
// Semantics: kubernetes pkg/controller/podgc/gc_controller.go (gcTerminated, gcTerminating,
// gcOrphaned, gcUnscheduledTerminating, byEvictionAndCreationTimestamp, isPodTerminated).

/** Whether a pod is terminated: any phase but Pending, Running and Unknown. */
export function isPodTerminated(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Pending' && phase !== 'Running' && phase !== 'Unknown';
}

/** Whether the kubelet evicted the pod (Failed with reason Evicted). */
function isEvicted(pod: KubeObject): boolean {
  return pod.status?.phase === 'Failed' && pod.status?.reason === 'Evicted';
}

/** Evicted pods first, then oldest first, then by name. */
export function byEvictionAndCreation(a: KubeObject, b: KubeObject): number {
  if (isEvicted(a) !== isEvicted(b)) {
    return isEvicted(a) ? -1 : 1;
  }
  const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  if (ta !== tb) {
    return ta - tb;
  }
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/** The terminated pods beyond `threshold`, in deletion order (threshold 0 disables this). */
export function terminatedToDelete(pods: KubeObject[], threshold: number): KubeObject[] {
  if (threshold <= 0) {
    return [];
  }
  const terminated = pods.filter(isPodTerminated);
  const excess = terminated.length - threshold;
  return excess > 0 ? terminated.sort(byEvictionAndCreation).slice(0, excess) : [];
}

/** Terminating pods on not-Ready nodes tainted out-of-service, in deletion order. */
export function terminatingOutOfService(pods: KubeObject[], nodeOf: (name: string) => KubeObject | undefined): KubeObject[] {
  return pods
    .filter((p) => {
      const node = p.metadata.deletionTimestamp ? nodeOf(p.spec?.nodeName ?? '') : undefined;
      return !!node && !isNodeReady(node) && taintsOf(node).some((t) => t.key === TAINT_OUT_OF_SERVICE);
    })
    .sort(byEvictionAndCreation);
}

/** Terminating pods never bound to a node. */
export function unscheduledTerminating(pods: KubeObject[]): KubeObject[] {
  return pods.filter((p) => p.metadata.deletionTimestamp && !p.spec?.nodeName);
}

/** Names of nodes pods are bound to that the node cache does not have. */
export function missingNodes(pods: KubeObject[], hasNode: (name: string) => boolean): Set<string> {
  const missing = new Set<string>();
  for (const p of pods) {
    const n = p.spec?.nodeName;
    if (n && !hasNode(n)) {
      missing.add(n);
    }
  }
  return missing;
}
