import type { KubeClient } from 'src/controllers/runtime/kube-client';
import { resourcePath } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';

/** A pod condition (core/v1 PodCondition). */
export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

/** A timestamp with second precision, as metav1.Time serialises. */
export function metaTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Sets a condition in a pod status (mutating it); the transition time moves only when the status
 * changes. Returns whether anything changed. Semantics: kubernetes pkg/api/v1/pod/util.go UpdatePodCondition.
 */
export function updatePodCondition(status: Record<string, any>, cond: PodCondition, now: Date): boolean {
  const conditions: PodCondition[] = (status.conditions ??= []);
  const i = conditions.findIndex((c) => c.type === cond.type);
  const next: PodCondition = { ...cond, lastTransitionTime: metaTime(now) };
  if (i < 0) {
    conditions.push(next);
    return true;
  }
  const old = conditions[i];
  if (old.status === cond.status) {
    next.lastTransitionTime = old.lastTransitionTime;
  }
  const changed =
    old.status !== next.status ||
    old.reason !== next.reason ||
    old.message !== next.message ||
    old.lastTransitionTime !== next.lastTransitionTime ||
    (old.lastProbeTime ?? null) !== (next.lastProbeTime ?? null);
  conditions[i] = next;
  return changed;
}

/**
 * Writes a new status for a pod through a strategic-merge patch of /status with the pod's uid as
 * precondition (conditions merge by type). Semantics: kubernetes pkg/util/pod PatchPodStatus.
 */
export function patchPodStatus(client: KubeClient, pod: KubeObject, status: Record<string, any>): Promise<KubeObject> {
  const patch = { metadata: { uid: pod.metadata.uid }, status };
  return client.patch<KubeObject>(resourcePath('v1', 'pods', pod.metadata.namespace, pod.metadata.name, 'status'), patch, 'strategic');
}
