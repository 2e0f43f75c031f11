import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kube-scheduler eventhandlers.go (assignedPod, responsibleForPod, the scheduled-pod
// informer's phase filter) and backend/queue isPodUpdated.

/** The scheduler name pods get by default. */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** The pod informer's field selector: terminal pods hold no resources, as upstream's informer drops them. */
export const NON_TERMINAL_PODS = 'status.phase!=Succeeded,status.phase!=Failed';

/** Whether a pod is bound to a node. */
export function isAssigned(pod: KubeObject): boolean {
  return Boolean(pod.spec?.nodeName);
}

/** Whether a pod has scheduling gates. */
export function isGated(pod: KubeObject): boolean {
  return (pod.spec?.schedulingGates ?? []).length > 0;
}

/** Whether this scheduler should place the pod now: unbound, ours, not being deleted, not gated. */
export function isSchedulable(pod: KubeObject, schedulerName: string): boolean {
  return !isAssigned(pod) && (pod.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME) === schedulerName && !pod.metadata.deletionTimestamp && !isGated(pod);
}

/** The parts of a pod a scheduling decision depends on (everything but status and bookkeeping). */
function schedulingRelevant(pod: KubeObject): string {
  const { resourceVersion: _rv, managedFields: _mf, generation: _g, ...metadata } = pod.metadata;
  return JSON.stringify({ metadata, spec: pod.spec });
}

/** Whether an update of a pending pod may change where it fits (not just its status, e.g. our own condition). */
export function podSpecChanged(old: KubeObject, cur: KubeObject): boolean {
  return schedulingRelevant(old) !== schedulingRelevant(cur);
}
