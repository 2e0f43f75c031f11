import type { GraphNode } from 'src/controllers/garbage-collector/graph';
import { identityOfRef, refMatchesCoordinates, type ObjectIdentity } from 'src/controllers/garbage-collector/identity';
import type { OwnerReference } from 'src/registry/generic/object';

/** Owner references added, removed and changed (same uid, other fields) between two lists. */
export function referencesDiffs(
  old: OwnerReference[],
  next: OwnerReference[],
): { added: OwnerReference[]; removed: OwnerReference[]; changed: { old: OwnerReference; next: OwnerReference }[] } {
  const before = new Map(old.map((r) => [r.uid, r]));
  const added: OwnerReference[] = [];
  const changed: { old: OwnerReference; next: OwnerReference }[] = [];
  for (const r of next) {
    const prev = before.get(r.uid);
    if (!prev) {
      added.push(r);
      continue;
    }
    if (!sameRef(prev, r)) {
      changed.push({ old: prev, next: r });
    }
    before.delete(r.uid);
  }
  return { added, removed: [...before.values()], changed };
}

function sameRef(a: OwnerReference, b: OwnerReference): boolean {
  return (
    a.apiVersion === b.apiVersion && a.kind === b.kind && a.name === b.name && a.uid === b.uid && a.controller === b.controller && a.blockOwnerDeletion === b.blockOwnerDeletion
  );
}

/**
 * Splits dependents into those whose reference to the owner's uid matches `owner` in every
 * coordinate (and namespace) and those that name it otherwise (a dependent may be in both).
 * Semantics: graph_builder.go partitionDependents.
 */
export function partitionDependents(dependents: GraphNode[], owner: ObjectIdentity): [GraphNode[], GraphNode[]] {
  const matching: GraphNode[] = [];
  const nonmatching: GraphNode[] = [];
  for (const dep of dependents) {
    let match = false;
    let mismatch = false;
    if (owner.namespace && owner.namespace !== dep.identity.namespace) {
      mismatch = true;
    } else {
      for (const ref of dep.owners) {
        if (ref.uid === owner.uid) {
          if (refMatchesCoordinates(ref, owner)) {
            match = true;
          } else {
            mismatch = true;
          }
        }
      }
    }
    if (match) {
      matching.push(dep);
    }
    if (mismatch) {
      nonmatching.push(dep);
    }
  }
  return [matching, nonmatching];
}

/**
 * Another identity the dependents use for a uid verified absent under `absent`: the first that
 * sorts after it, else the first overall. Semantics: graph_builder.go getAlternateOwnerIdentity.
 */
export function alternateOwnerIdentity(deps: GraphNode[], absent: ObjectIdentity): ObjectIdentity | undefined {
  const clusterScoped = absent.namespace === '';
  const seen = new Set<string>([key(absent)]);
  let first: ObjectIdentity | undefined;
  let following: ObjectIdentity | undefined;
  for (const dep of deps) {
    for (const ref of dep.owners) {
      if (ref.uid !== absent.uid) {
        continue;
      }
      if (refMatchesCoordinates(ref, absent) && (clusterScoped || absent.namespace === dep.identity.namespace)) {
        continue;
      }
      const id = identityOfRef(ref, dep.identity.namespace);
      if (clusterScoped && id.apiVersion === absent.apiVersion && id.kind === absent.kind) {
        id.namespace = '';
      }
      if (seen.has(key(id))) {
        continue;
      }
      seen.add(key(id));
      if (!first || lessThan(id, first)) {
        first = id;
      }
      if (lessThan(absent, id) && (!following || lessThan(id, following))) {
        following = id;
      }
    }
  }
  return following ?? first;
}

function key(id: ObjectIdentity): string {
  return [id.kind, id.apiVersion, id.namespace, id.name, id.uid].join('\u0000');
}

function lessThan(a: ObjectIdentity, b: ObjectIdentity): boolean {
  for (const f of ['kind', 'apiVersion', 'namespace', 'name', 'uid'] as const) {
    if (a[f] !== b[f]) {
      return a[f] < b[f];
    }
  }
  return false;
}
