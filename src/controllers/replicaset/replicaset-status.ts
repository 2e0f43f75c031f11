import { isPodAvailable, isPodReady, podCondition } from 'src/controllers/common/pods';
import type { KubeObject } from 'src/registry/generic/object';
import { jsonEqual } from 'src/registry/generic/validation';

/** The ReplicaFailure condition type of ReplicaSets (and Deployments). */
export const REPLICA_FAILURE = 'ReplicaFailure';

/** What went wrong in manageReplicas, for the ReplicaFailure condition. */
export interface ManageError {
  /** `FailedCreate` or `FailedDelete`. */
  reason: string;
  message: string;
}

/**
 * The status a ReplicaSet should have: counts over its active pods (fully labeled, ready,
 * available for minReadySeconds), its terminating pods, and the ReplicaFailure condition set on a
 * manageReplicas error and removed after a clean sync. observedGeneration is set when written.
 * Semantics: kubernetes pkg/controller/replicaset/replica_set_utils.go calculateStatus.
 */
export function calculateStatus(rs: KubeObject, active: KubeObject[], terminating: KubeObject[], manageError: ManageError | undefined, now: Date): Record<string, any> {
  const status: Record<string, any> = { ...(rs.status ?? {}) };
  const templateLabels: Record<string, string> = rs.spec?.template?.metadata?.labels ?? {};
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of active) {
    const labels = pod.metadata.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) {
      fullyLabeled++;
    }
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, now)) {
        available++;
      }
    }
  }
  const conditions: Record<string, any>[] = [...(status.conditions ?? [])];
  const failure = conditions.find((c) => c.type === REPLICA_FAILURE);
  if (manageError && !failure) {
    conditions.push({ type: REPLICA_FAILURE, status: 'True', lastTransitionTime: seconds(now), reason: manageError.reason, message: manageError.message });
  }
  const kept = manageError ? conditions : conditions.filter((c) => c.type !== REPLICA_FAILURE);
  status.replicas = active.length;
  setOmitEmpty(status, 'fullyLabeledReplicas', fullyLabeled);
  setOmitEmpty(status, 'readyReplicas', ready);
  setOmitEmpty(status, 'availableReplicas', available);
  status.terminatingReplicas = terminating.length;
  if (kept.length > 0) {
    status.conditions = kept;
  } else {
    delete status.conditions;
  }
  return status;
}

/** Whether `next` (plus observedGeneration = generation) differs from what the ReplicaSet shows. */
export function statusNeedsUpdate(rs: KubeObject, next: Record<string, any>): boolean {
  return !jsonEqual({ ...next, observedGeneration: rs.metadata.generation }, { ...(rs.status ?? {}), observedGeneration: rs.status?.observedGeneration });
}

/**
 * How long until the first ready-but-not-yet-available pod becomes available (ms), if any:
 * the ReplicaSet is synced again then, since nothing else would wake it.
 * Semantics: kubernetes pkg/controller/controller_utils.go FindMinNextPodAvailabilityCheck.
 */
export function nextAvailabilityCheckMs(pods: KubeObject[], minReadySeconds: number, now: Date): number | undefined {
  if (minReadySeconds <= 0) {
    return undefined;
  }
  let min: number | undefined;
  for (const pod of pods) {
    if (!isPodReady(pod) || isPodAvailable(pod, minReadySeconds, now)) {
      continue;
    }
    const since = Date.parse(podCondition(pod, 'Ready')?.lastTransitionTime ?? '');
    const left = Number.isFinite(since) ? since + minReadySeconds * 1000 - now.getTime() : minReadySeconds * 1000;
    min = min === undefined ? left : Math.min(min, left);
  }
  return min === undefined ? undefined : Math.max(min, 0);
}

/** Sets an `omitempty` integer field: zero is left out, as Go serialises it. */
export function setOmitEmpty(obj: Record<string, any>, field: string, value: number): void {
  if (value) {
    obj[field] = value;
  } else {
    delete obj[field];
  }
}

/** An RFC 3339 timestamp with second precision, as metav1.Time serialises. */
export function seconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
