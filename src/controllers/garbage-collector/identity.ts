import type { KubeObject, OwnerReference } from 'src/registry/generic/object';

/** The finalizer that makes the garbage collector delete dependents before the owner goes. */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';
/** The finalizer that makes the garbage collector strip the owner from its dependents' ownerReferences. */
export const ORPHAN_FINALIZER = 'orphan';

/**
 * Where an object lives and who it is: an owner reference's coordinates plus the namespace
 * ('' for cluster-scoped objects). Semantics: garbagecollector graph.go objectReference.
 */
export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  namespace: string;
}

/** An identity from an owner reference, placed in a namespace. */
export function identityOfRef(ref: OwnerReference, namespace: string): ObjectIdentity {
  return { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid, namespace };
}

/** Whether two identities are the same in every coordinate. */
export function sameIdentity(a: ObjectIdentity, b: ObjectIdentity): boolean {
  return a.uid === b.uid && a.name === b.name && a.kind === b.kind && a.apiVersion === b.apiVersion && a.namespace === b.namespace;
}

/** Whether an owner reference names the same apiVersion, kind, name and uid as an identity. */
export function refMatchesCoordinates(ref: OwnerReference, id: ObjectIdentity): boolean {
  return ref.uid === id.uid && ref.name === id.name && ref.kind === id.kind && ref.apiVersion === id.apiVersion;
}

/** A string key for an identity (absent-owner cache, logs). */
export function identityKey(id: ObjectIdentity): string {
  return [id.uid, id.apiVersion, id.kind, id.namespace, id.name].join('|');
}

/** How upstream prints an identity in messages: `[apps/v1/ReplicaSet, namespace: ns, name: n, uid: u]`. */
export function formatIdentity(id: ObjectIdentity): string {
  return `[${id.apiVersion}/${id.kind}, namespace: ${id.namespace}, name: ${id.name}, uid: ${id.uid}]`;
}

/** Whether an object has a deletionTimestamp. */
export function beingDeleted(obj: KubeObject | undefined): boolean {
  return !!obj?.metadata.deletionTimestamp;
}

/** Whether an object carries a finalizer. */
export function hasFinalizer(obj: KubeObject | undefined, finalizer: string): boolean {
  return !!obj?.metadata.finalizers?.includes(finalizer);
}

/**
 * Whether an update starts a deletion waiting on `finalizer`: the new object is being deleted with
 * it, the old one (if any) was not. Semantics: graph_builder.go deletionStartsWithFinalizer.
 */
export function deletionStartsWithFinalizer(old: KubeObject | undefined, obj: KubeObject, finalizer: string): boolean {
  if (!beingDeleted(obj) || !hasFinalizer(obj, finalizer)) {
    return false;
  }
  return !old || !beingDeleted(old) || !hasFinalizer(old, finalizer);
}
