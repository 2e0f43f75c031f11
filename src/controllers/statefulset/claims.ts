import type { KubeObject, OwnerReference } from 'src/registry/generic/object';
import { inOrdinalRange } from 'src/controllers/statefulset/identity';

// Semantics: kubernetes pkg/controller/statefulset/stateful_set_utils.go (isClaimOwnerUpToDate,
// updateClaimOwnerRefForSetAndPod, hasStaleOwnerRef, hasUnexpectedController): which owner
// references a claim carries under persistentVolumeClaimRetentionPolicy, so the garbage collector
// deletes it with the set (whenDeleted: Delete) or with its condemned pod (whenScaled: Delete).

/** The retention policy of a set, Retain/Retain when unset. */
export function retentionPolicy(set: KubeObject): { whenDeleted: string; whenScaled: string } {
  const p = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  return { whenDeleted: p.whenDeleted || 'Retain', whenScaled: p.whenScaled || 'Retain' };
}

/** Whether the reference names this object (same kind and name; the uid is not compared). */
function refersTo(ref: OwnerReference, obj: KubeObject, apiVersion: string, kind: string): boolean {
  return ref.apiVersion === apiVersion && ref.kind === kind && ref.name === obj.metadata.name;
}

const isSetRef = (ref: OwnerReference, set: KubeObject) => refersTo(ref, set, 'apps/v1', 'StatefulSet');
const isPodRef = (ref: OwnerReference, pod: KubeObject) => refersTo(ref, pod, 'v1', 'Pod');

/** Whether the claim references a former object with this name (another uid): not ours to touch. */
export function hasStaleOwnerRef(claim: KubeObject, obj: KubeObject, kind: 'StatefulSet' | 'Pod'): boolean {
  const ref = (claim.metadata.ownerReferences ?? []).find((r) => (kind === 'Pod' ? isPodRef(r, obj) : isSetRef(r, obj)));
  return ref !== undefined && ref.uid !== obj.metadata.uid;
}

function hasOwnerRef(claim: KubeObject, owner: KubeObject): boolean {
  return (claim.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid);
}

/** Whether something other than the set or the pod controls the claim (only matters for a Delete policy). */
export function hasUnexpectedController(claim: KubeObject, set: KubeObject, pod: KubeObject): boolean {
  const policy = retentionPolicy(set);
  if (policy.whenDeleted === 'Retain' && policy.whenScaled === 'Retain') {
    return false;
  }
  for (const ref of claim.metadata.ownerReferences ?? []) {
    if (isSetRef(ref, set)) {
      if (ref.uid !== set.metadata.uid) {
        return true;
      }
    } else if (isPodRef(ref, pod)) {
      if (ref.uid !== pod.metadata.uid) {
        return true;
      }
    } else if (ref.controller) {
      return true;
    }
  }
  return false;
}

function hasNonControllerOwner(claim: KubeObject, set: KubeObject, pod: KubeObject): boolean {
  return (claim.metadata.ownerReferences ?? []).some((r) => (r.uid === set.metadata.uid || r.uid === pod.metadata.uid) && !r.controller);
}

/** The references the policy wants on the claim: the set while the pod is in range, the pod once condemned. */
function wantedOwners(set: KubeObject, pod: KubeObject): { set: boolean; pod: boolean } {
  const policy = retentionPolicy(set);
  const scaledDown = !inOrdinalRange(pod, set);
  return {
    set: policy.whenDeleted === 'Delete' && (policy.whenScaled !== 'Delete' || !scaledDown),
    pod: policy.whenScaled === 'Delete' && scaledDown,
  };
}

/** Whether the claim's owner references agree with the retention policy (isClaimOwnerUpToDate). */
export function isClaimOwnerUpToDate(claim: KubeObject, set: KubeObject, pod: KubeObject): boolean {
  if (hasStaleOwnerRef(claim, set, 'StatefulSet') || hasStaleOwnerRef(claim, pod, 'Pod')) {
    return true;
  }
  if (hasUnexpectedController(claim, set, pod)) {
    return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  }
  if (hasNonControllerOwner(claim, set, pod)) {
    return false;
  }
  const want = wantedOwners(set, pod);
  return hasOwnerRef(claim, set) === want.set && hasOwnerRef(claim, pod) === want.pod;
}

function controllerRefTo(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/**
 * The owner references the claim should carry: ours scrubbed, then the set and/or pod added as
 * the policy says (nothing added when another controller owns it). Semantics: updateClaimOwnerRefForSetAndPod.
 */
export function claimOwnerRefs(claim: KubeObject, set: KubeObject, pod: KubeObject): OwnerReference[] {
  const unexpected = hasUnexpectedController(claim, set, pod);
  const refs = (claim.metadata.ownerReferences ?? []).filter((r) => !isSetRef(r, set) && !isPodRef(r, pod));
  if (unexpected) {
    return refs;
  }
  const want = wantedOwners(set, pod);
  if (want.pod && pod.metadata.uid) {
    refs.push(controllerRefTo(pod, 'v1', 'Pod'));
  }
  if (want.set) {
    refs.push(controllerRefTo(set, 'apps/v1', 'StatefulSet'));
  }
  return refs;
}

/** Whether a claim of a Delete-on-scale-down set still belongs to a former pod of this name (PodClaimIsStale). */
export function claimIsStale(set: KubeObject, pod: KubeObject, claims: (KubeObject | undefined)[]): boolean {
  if (retentionPolicy(set).whenScaled === 'Retain') {
    return false;
  }
  return claims.some((c) => c !== undefined && hasStaleOwnerRef(c, pod, 'Pod'));
}
