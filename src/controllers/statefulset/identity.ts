import type { KubeObject } from 'src/registry/generic/object';
import { isPodAvailable, isPodReady } from 'src/controllers/common/pods';
import { podFromTemplate } from 'src/controllers/common/template-pod';

// Semantics: kubernetes pkg/controller/statefulset/stateful_set_utils.go: a StatefulSet pod's
// identity (name, ordinal, labels, hostname, subdomain) and stable storage (one claim per template).

/** Label holding the pod's own name (apps.StatefulSetPodNameLabel). */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** Label holding the pod's ordinal (apps.PodIndexLabel). */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** Label naming the ControllerRevision a pod was built from (apps.StatefulSetRevisionLabel). */
export const REVISION_LABEL = 'controller-revision-hash';

const POD_NAME = /^(.*)-([0-9]+)$/;
const INT32_MAX = 2 ** 31 - 1;

/** The parent StatefulSet name and ordinal encoded in a pod name; ordinal -1 if there is none. */
export function parentAndOrdinal(name: string | undefined): { parent: string; ordinal: number } {
  const m = POD_NAME.exec(name ?? '');
  if (!m) {
    return { parent: '', ordinal: -1 };
  }
  const n = Number(m[2]);
  return { parent: m[1], ordinal: n <= INT32_MAX ? n : -1 };
}

/** The ordinal of a pod, -1 if its name has none. */
export function ordinalOf(pod: KubeObject): number {
  return parentAndOrdinal(pod.metadata.name).ordinal;
}

/** The first ordinal of the set (spec.ordinals.start, default 0). */
export function startOrdinal(set: KubeObject): number {
  return Number(set.spec?.ordinals?.start ?? 0);
}

/** The last ordinal of the set (inclusive). */
export function endOrdinal(set: KubeObject): number {
  return startOrdinal(set) + Number(set.spec?.replicas ?? 1) - 1;
}

/** Whether the pod's ordinal is one the set currently wants. */
export function inOrdinalRange(pod: KubeObject, set: KubeObject): boolean {
  const o = ordinalOf(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

/** `<set>-<ordinal>`. */
export function podName(set: KubeObject, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

/** `<claim template>-<set>-<ordinal>`. */
export function claimName(set: KubeObject, template: KubeObject, ordinal: number): string {
  return `${template.metadata?.name}-${set.metadata.name}-${ordinal}`;
}

/** Whether the pod's name says it belongs to the set. */
export function isMemberOf(set: KubeObject, pod: KubeObject): boolean {
  return parentAndOrdinal(pod.metadata.name).parent === set.metadata.name;
}

/** Whether the pod has the name, namespace and pod-name label of a member of the set. */
export function identityMatches(set: KubeObject, pod: KubeObject): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod.metadata.name);
  return (
    ordinal >= 0 &&
    parent === set.metadata.name &&
    pod.metadata.name === podName(set, ordinal) &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.metadata.labels?.[POD_NAME_LABEL] === pod.metadata.name
  );
}

/** Whether the pod mounts the claim of every claim template under the template's name. */
export function storageMatches(set: KubeObject, pod: KubeObject): boolean {
  const ordinal = ordinalOf(pod);
  if (ordinal < 0) {
    return false;
  }
  const volumes = new Map<string, any>((pod.spec?.volumes ?? []).map((v: any) => [v.name, v]));
  return (set.spec?.volumeClaimTemplates ?? []).every(
    (t: KubeObject) => volumes.get(String(t.metadata?.name))?.persistentVolumeClaim?.claimName === claimName(set, t, ordinal),
  );
}

/** The claims a pod of the set needs, by template name: template labels plus the selector's matchLabels. */
export function claimsForPod(set: KubeObject, pod: KubeObject): Map<string, KubeObject> {
  const ordinal = ordinalOf(pod);
  const claims = new Map<string, KubeObject>();
  for (const t of (set.spec?.volumeClaimTemplates ?? []) as KubeObject[]) {
    const meta = structuredClone(t.metadata ?? {});
    const claim: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        ...meta,
        name: claimName(set, t, ordinal),
        namespace: set.metadata.namespace,
        labels: { ...(meta.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
      },
      spec: structuredClone(t.spec ?? {}),
    };
    claims.set(String(t.metadata?.name), claim);
  }
  return claims;
}

/** Points the pod's volumes at its claims, keeping its other volumes (updateStorage). */
export function updateStorage(set: KubeObject, pod: KubeObject): void {
  const claims = claimsForPod(set, pod);
  const volumes: any[] = [...claims].map(([name, claim]) => ({ name, persistentVolumeClaim: { claimName: claim.metadata.name } }));
  for (const v of pod.spec?.volumes ?? []) {
    if (!claims.has(v.name)) {
      volumes.push(v);
    }
  }
  pod.spec = { ...(pod.spec ?? {}), volumes };
}

/** Sets the pod's name, namespace, pod-name and pod-index labels from its ordinal (updateIdentity). */
export function updateIdentity(set: KubeObject, pod: KubeObject): void {
  const ordinal = ordinalOf(pod);
  pod.metadata.name = podName(set, ordinal);
  pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [POD_NAME_LABEL]: pod.metadata.name, [POD_INDEX_LABEL]: String(ordinal) };
}

/**
 * The pod of `ordinal` built from the set's template: identity, hostname and subdomain (set on
 * creation only), claims as volumes, and the revision label.
 */
export function newStatefulSetPod(set: KubeObject, ordinal: number, revision: string): KubeObject {
  const pod = podFromTemplate(set.spec?.template, set);
  delete pod.metadata.generateName;
  pod.metadata.name = podName(set, ordinal);
  updateIdentity(set, pod);
  pod.spec.hostname = pod.metadata.name;
  pod.spec.subdomain = set.spec?.serviceName;
  updateStorage(set, pod);
  pod.metadata.labels![REVISION_LABEL] = revision;
  return pod;
}

/** The revision a pod was built from (its controller-revision-hash label). */
export function podRevision(pod: KubeObject): string {
  return pod.metadata.labels?.[REVISION_LABEL] ?? '';
}

/** Whether the pod is Running with Ready=True. */
export function isRunningAndReady(pod: KubeObject): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

/** Whether the pod has been Ready for minReadySeconds. */
export function isRunningAndAvailable(pod: KubeObject, minReadySeconds: number, now: Date): boolean {
  return isPodAvailable(pod, minReadySeconds, now);
}

/** Whether the pod exists in the API (a planned pod has no phase yet). */
export function isCreated(pod: KubeObject): boolean {
  return Boolean(pod.status?.phase);
}

/** Whether the pod is being deleted. */
export function isTerminating(pod: KubeObject): boolean {
  return Boolean(pod.metadata.deletionTimestamp);
}

/** Whether the pod is not Running, Ready, available and alive (isUnavailable). */
export function isUnavailable(pod: KubeObject, minReadySeconds: number, now: Date): boolean {
  return !isRunningAndReady(pod) || isTerminating(pod) || !isRunningAndAvailable(pod, minReadySeconds, now);
}
