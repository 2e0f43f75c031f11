import type { KubeObject } from 'src/registry/generic/object';

/** A pod condition of the given type, if present. */
export function podCondition(pod: KubeObject, type: string): Record<string, any> | undefined {
  return (pod.status?.conditions as Record<string, any>[] | undefined)?.find((c) => c.type === type);
}

/** Whether the pod's Ready condition is True. Semantics: kubernetes pkg/api/v1/pod/util.go IsPodReady. */
export function isPodReady(pod: KubeObject): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/**
 * Whether the pod has been Ready for at least minReadySeconds at `now`.
 * Semantics: kubernetes pkg/api/v1/pod/util.go IsPodAvailable.
 */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: Date): boolean {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') {
    return false;
  }
  if (!minReadySeconds) {
    return true;
  }
  const since = Date.parse(ready.lastTransitionTime ?? '');
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now.getTime();
}

/** Whether a pod still counts for its controller: not finished and not being deleted. Semantics: controller_utils.go IsPodActive. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** Whether the pod reached a terminal phase. */
export function isPodTerminal(pod: KubeObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** The controllerRef of an object: the owner reference with controller: true. */
export function controllerRef(obj: KubeObject): { apiVersion: string; kind: string; name: string; uid: string } | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** An owner reference marking `owner` as the controller of a dependent (blockOwnerDeletion set, as upstream's controllers do). */
export function controllerOwnerRef(owner: KubeObject): { apiVersion: string; kind: string; name: string; uid: string; controller: true; blockOwnerDeletion: true } {
  return { apiVersion: owner.apiVersion!, kind: owner.kind!, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** Informer indexer: pods (or any dependents) filed under their controller's uid. */
export function byControllerUid(obj: KubeObject): string[] {
  const ref = controllerRef(obj);
  return ref ? [ref.uid] : [];
}

/** Informer indexer: namespaced objects filed under their namespace. */
export function byNamespace(obj: KubeObject): string[] {
  return [obj.metadata.namespace ?? ''];
}
