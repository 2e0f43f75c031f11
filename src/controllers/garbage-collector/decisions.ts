import type { GraphNode } from 'src/controllers/garbage-collector/graph';
import { FOREGROUND_FINALIZER, hasFinalizer, ORPHAN_FINALIZER } from 'src/controllers/garbage-collector/identity';
import type { KubeObject, OwnerReference } from 'src/registry/generic/object';

/** DeleteOptions.propagationPolicy values. */
export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

/** A dependent's owner references sorted by what the apiserver says about each owner. */
export interface ClassifiedReferences {
  /** The owner exists and is not waiting for its dependents. */
  solid: OwnerReference[];
  /** The owner does not exist (404, or another object under that name). */
  dangling: OwnerReference[];
  /** The owner is being deleted in the foreground (deletionTimestamp + foregroundDeletion). */
  waitingForDependentsDeletion: OwnerReference[];
}

/** What attemptToDeleteItem does with a dependent. */
export type DependentAction =
  | { action: 'none' }
  /** Remove these owner uids from the dependent's ownerReferences (strategic merge `$patch: delete`). */
  | { action: 'removeOwnerRefs'; uids: string[] }
  /** Delete the dependent; first clear blockOwnerDeletion on its refs when `unblockFirst`. */
  | { action: 'delete'; policy: PropagationPolicy; unblockFirst: boolean };

/** Facts about the dependent's own node in the graph. */
export interface DependentFacts {
  /** The node has dependents of its own. */
  hasDependents: boolean;
  /** One of its dependents is itself deleting its dependents (a possible cycle). */
  someDependentDeletingDependents: boolean;
}

/**
 * Decides the fate of an object from its live state and its classified owner references.
 * Any solid owner keeps it (only dangling and waiting refs are removed); otherwise it is deleted,
 * in the foreground when an owner waits for it and it has dependents itself, else honouring its
 * own orphan/foreground finalizer, else in the background.
 * Semantics: garbagecollector.go attemptToDeleteItem (after the live GET).
 */
export function decideDependent(latest: KubeObject, refs: ClassifiedReferences, facts: DependentFacts): DependentAction {
  if (refs.solid.length > 0) {
    if (refs.dangling.length === 0 && refs.waitingForDependentsDeletion.length === 0) {
      return { action: 'none' };
    }
    return { action: 'removeOwnerRefs', uids: [...refs.dangling, ...refs.waitingForDependentsDeletion].map((r) => r.uid) };
  }
  if (refs.waitingForDependentsDeletion.length > 0 && facts.hasDependents) {
    return { action: 'delete', policy: 'Foreground', unblockFirst: facts.someDependentDeletingDependents };
  }
  const policy: PropagationPolicy = hasFinalizer(latest, ORPHAN_FINALIZER) ? 'Orphan' : hasFinalizer(latest, FOREGROUND_FINALIZER) ? 'Foreground' : 'Background';
  return { action: 'delete', policy, unblockFirst: false };
}

/**
 * The next step for an owner in foreground deletion: remove its foregroundDeletion finalizer once no
 * dependent blocks it, else look again at the blocking dependents that are not themselves waiting
 * for their own dependents. Semantics: garbagecollector.go processDeletingDependentsItem.
 */
export function foregroundOwnerStep(owner: GraphNode): { removeFinalizer: true } | { recheck: GraphNode[] } {
  const blocking = owner.blockingDependents();
  if (blocking.length === 0) {
    return { removeFinalizer: true };
  }
  return { recheck: blocking.filter((d) => !d.deletingDependents) };
}

/**
 * The strategic merge patch removing owner references by uid, with the dependent's uid as a
 * precondition. Semantics: controller_utils.go GenerateDeleteOwnerRefStrategicMergeBytes.
 */
export function deleteOwnerRefsPatch(dependentUid: string, ownerUids: string[]): Record<string, unknown> {
  return { metadata: { ownerReferences: ownerUids.map((uid) => ({ $patch: 'delete', uid })), uid: dependentUid } };
}

/**
 * The JSON merge patch doing the same for resources without strategic merge (custom resources):
 * the remaining list, pinned to the resourceVersion it was computed from.
 * Semantics: garbagecollector patch.go deleteOwnerRefJSONMergePatch.
 */
export function deleteOwnerRefsMergePatch(live: KubeObject, ownerUids: string[]): Record<string, unknown> {
  const drop = new Set(ownerUids);
  return {
    metadata: {
      uid: live.metadata.uid,
      resourceVersion: live.metadata.resourceVersion,
      ownerReferences: (live.metadata.ownerReferences ?? []).filter((r) => !drop.has(r.uid)),
    },
  };
}

/**
 * The strategic merge patch clearing blockOwnerDeletion on every blocking reference, so a cycle of
 * foreground deletions cannot wait on itself. Semantics: patch.go unblockOwnerReferencesStrategicMergePatch.
 */
export function unblockOwnerRefsPatch(dependentUid: string, owners: OwnerReference[]): Record<string, unknown> | undefined {
  const blocking = owners.filter((r) => r.blockOwnerDeletion === true);
  if (blocking.length === 0) {
    return undefined;
  }
  return {
    metadata: {
      ownerReferences: blocking.map((r) => ({ apiVersion: r.apiVersion, kind: r.kind, name: r.name, uid: r.uid, blockOwnerDeletion: false })),
      uid: dependentUid,
    },
  };
}

/**
 * The JSON merge patch removing one finalizer, pinned to the object's resourceVersion, or undefined
 * when the object does not carry it. Semantics: operations.go removeFinalizer.
 */
export function removeFinalizerPatch(obj: KubeObject, finalizer: string): Record<string, unknown> | undefined {
  const finalizers = obj.metadata.finalizers ?? [];
  if (!finalizers.includes(finalizer)) {
    return undefined;
  }
  const rest = finalizers.filter((f) => f !== finalizer);
  return { metadata: { resourceVersion: obj.metadata.resourceVersion, finalizers: rest.length > 0 ? rest : null } };
}

/** Whether two owner reference lists are equal (the delete-conflict retry compares them). */
export function sameOwnerRefs(a: OwnerReference[] | undefined, b: OwnerReference[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}
