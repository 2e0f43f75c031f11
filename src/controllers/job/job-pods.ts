import { isPodReady } from 'src/controllers/common/pods';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/job/{job_controller.go,indexed_job_utils.go,tracking_utils.go}
// and pkg/controller/controller_utils.go (ActivePods, CountTerminatingPods): what the Job
// controller reads from its pods.

/** batch.JobTrackingFinalizer: keeps a finished pod until the Job has counted it. */
export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** batch.JobCompletionIndexAnnotation (also used as a label, PodIndexLabel). */
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
/** The index of a pod without a usable completion index. */
export const UNKNOWN_INDEX = -1;

/** Whether the Job's pods carry a completion index. */
export function isIndexedJob(job: KubeObject): boolean {
  return job.spec?.completionMode === 'Indexed';
}

/** Whether the pod still has the job-tracking finalizer. */
export function hasTrackingFinalizer(pod: KubeObject): boolean {
  return (pod.metadata.finalizers ?? []).includes(TRACKING_FINALIZER);
}

/** The pod's completion index annotation as a non-negative number, or UNKNOWN_INDEX. */
export function completionIndex(pod: KubeObject): number {
  const v = pod.metadata.annotations?.[COMPLETION_INDEX];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) {
    return UNKNOWN_INDEX;
  }
  const n = Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : UNKNOWN_INDEX;
}

/** Whether the pod's index is usable for a Job with `completions` completions. */
export function validIndex(pod: KubeObject, completions: number): boolean {
  const ix = completionIndex(pod);
  return ix !== UNKNOWN_INDEX && ix < completions;
}

/** onlyReplaceFailedPods: pods are replaced only once Failed (podReplacementPolicy Failed, or any podFailurePolicy). */
export function onlyReplaceFailedPods(job: KubeObject): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy != null;
}

/** isPodFailed: Failed, or (unless only failed pods are replaced) being deleted before it succeeded. */
export function isPodFailed(pod: KubeObject, job: KubeObject): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed') {
    return true;
  }
  if (onlyReplaceFailedPods(job)) {
    return false;
  }
  return pod.metadata.deletionTimestamp != null && phase !== 'Succeeded';
}

/** Pods being deleted that have not reached a terminal phase (controller.FilterTerminatingPods). */
export function terminatingPods(pods: KubeObject[]): KubeObject[] {
  return pods.filter((p) => p.metadata.deletionTimestamp != null && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
}

/** How many of the pods are Ready. */
export function countReady(pods: KubeObject[]): number {
  return pods.filter(isPodReady).length;
}

/** The strategic merge patch removing the tracking finalizer, or undefined when the pod has none. */
export function removeTrackingFinalizerPatch(pod: KubeObject): Record<string, unknown> | undefined {
  return hasTrackingFinalizer(pod) ? { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [TRACKING_FINALIZER] } } : undefined;
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function readySince(pod: KubeObject): number {
  const c = (pod.status?.conditions as Record<string, any>[] | undefined)?.find((x) => x.type === 'Ready');
  const t = Date.parse(c?.lastTransitionTime ?? '');
  return Number.isFinite(t) ? t : 0;
}

function maxRestarts(pod: KubeObject): number {
  return Math.max(0, ...((pod.status?.containerStatuses as Record<string, any>[] | undefined) ?? []).map((s) => Number(s.restartCount ?? 0)));
}

/** afterOrZero: an empty time sorts first, then the later time. */
function afterOrZero(a: number, b: number): boolean {
  if (a === 0 || b === 0) {
    return a === 0;
  }
  return a > b;
}

/**
 * The order in which active pods are deleted first: unassigned < assigned, Pending < Unknown <
 * Running, not ready < ready, ready for less time first, more restarts first, newer first.
 * Semantics: controller_utils.go ActivePods.Less.
 */
export function compareActivePods(a: KubeObject, b: KubeObject): number {
  const less = (x: KubeObject, y: KubeObject): boolean => {
    const xn = x.spec?.nodeName ?? '';
    const yn = y.spec?.nodeName ?? '';
    if (xn !== yn && (xn === '' || yn === '')) {
      return xn === '';
    }
    const xp = PHASE_ORDINAL[x.status?.phase ?? ''] ?? 0;
    const yp = PHASE_ORDINAL[y.status?.phase ?? ''] ?? 0;
    if (xp !== yp) {
      return xp < yp;
    }
    if (isPodReady(x) !== isPodReady(y)) {
      return !isPodReady(x);
    }
    if (isPodReady(x) && readySince(x) !== readySince(y)) {
      return afterOrZero(readySince(x), readySince(y));
    }
    if (maxRestarts(x) !== maxRestarts(y)) {
      return maxRestarts(x) > maxRestarts(y);
    }
    const xc = Date.parse(x.metadata.creationTimestamp ?? '') || 0;
    const yc = Date.parse(y.metadata.creationTimestamp ?? '') || 0;
    return xc !== yc && afterOrZero(xc, yc);
  };
  return less(a, b) ? -1 : less(b, a) ? 1 : 0;
}
