import { compare, excludeFields, type Comparison } from 'src/registry/generic/managed-fields/compare';
import { FieldSet } from 'src/registry/generic/managed-fields/field-set';
import { managerIdentifier, stripMeta, type Managers, type ManagerSet } from 'src/registry/generic/managed-fields/managers';
import { merge, removeItems } from 'src/registry/generic/managed-fields/merge';
import { fieldElement } from 'src/registry/generic/managed-fields/path';
import { ensureNamedFieldsAreMembers, toFieldSet } from 'src/registry/generic/managed-fields/to-field-set';
import { DEDUCED, jsonEqual, type Resolver, type Shape } from 'src/registry/generic/managed-fields/typed';
import type { ManagedFieldsContext } from 'src/registry/generic/managed-fields/types';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: sigs.k8s.io/structured-merge-diff merge/update.go (Updater.update, Update, Apply,
// prune) and k8s.io/apimachinery pkg/util/managedfields/internal/managedfieldsupdater.go.

/** The schema side of a computation: the root shape, the resolver and the reset fields. */
export interface Typing {
  shape: Shape;
  resolve: Resolver;
  reset: FieldSet;
}

/** The typing of a request context. */
export function typingOf(ctx: ManagedFieldsContext): Typing {
  return {
    shape: ctx.schema ?? DEDUCED,
    resolve: ctx.resolve,
    reset: FieldSet.of(...(ctx.resetFields ?? []).map((p) => p.map(fieldElement))),
  };
}

/** Who is writing: a manager identity without fields. */
export type Writer = Pick<ManagerSet, 'manager' | 'operation' | 'apiVersion' | 'subresource'>;

/** The key the field manager uses for the write in progress before it is folded into its manager. */
const CURRENT_OPERATION = 'current-operation';

/** The object without metadata.managedFields, which never take part in comparisons. */
export function withoutManagedFields<T extends KubeObject>(obj: T): T {
  if (!obj.metadata || obj.metadata.managedFields === undefined) {
    return obj;
  }
  const { managedFields: _drop, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/**
 * Compares live and next and takes every changed field away from the managers other than
 * `writer`; fields that another manager owns and this write modifies or adds are conflicts,
 * returned instead unless forced. Removed fields leave every other manager.
 */
function takeChanges(live: unknown, next: unknown, managers: Managers, writer: string, force: boolean, t: Typing): Comparison | Map<string, FieldSet> {
  const cmp = excludeFields(compare(live, next, t.shape, t.resolve), t.reset);
  const changed = cmp.modified.union(cmp.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [id, m] of managers) {
    if (id === writer) {
      continue;
    }
    if (m.set.intersects(changed)) {
      conflicts.set(id, m.set.intersection(changed));
    }
  }
  if (!force && conflicts.size > 0) {
    return conflicts;
  }
  for (const [id, m] of managers) {
    if (id === writer) {
      continue;
    }
    let set = m.set;
    const c = conflicts.get(id);
    if (c) {
      set = set.difference(c);
    }
    if (set.intersects(cmp.removed)) {
      set = set.difference(cmp.removed);
    }
    if (set !== m.set) {
      managers.set(id, { ...m, set });
    }
  }
  for (const [id, m] of managers) {
    if (m.set.isEmpty()) {
      managers.delete(id);
    }
  }
  return cmp;
}

/**
 * Records a non-apply write: the writer takes every field it modified or added (from whoever
 * owned it), everybody loses removed fields, and the writer's entry gets the time if it gained
 * anything.
 */
export function recordUpdate(live: unknown, next: unknown, managers: Managers, writer: Writer, time: string, t: Typing): void {
  const id = managerIdentifier(writer);
  const before = managers.get(id)?.set;
  const cmp = takeChanges(live, next, managers, CURRENT_OPERATION, true, t) as Comparison;
  const set = cmp.modified.union(cmp.added).recursiveDifference(t.reset);
  if (set.isEmpty()) {
    return;
  }
  managers.set(CURRENT_OPERATION, { ...writer, set });
  stripMeta(managers, CURRENT_OPERATION);
  const self = managers.get(CURRENT_OPERATION);
  if (!self) {
    return;
  }
  managers.delete(CURRENT_OPERATION);
  const previous = managers.get(id);
  const owned = previous ? self.set.union(previous.set) : self.set;
  // A manager that changed only fields it owned keeps the set it had, and with it the stored fieldsV1.
  const same = before !== undefined && before.covers(owned) && owned.covers(before);
  managers.set(id, { ...writer, set: same ? before : owned, time });
}

/** Result of applyConfiguration: the merged object, or the conflicting fields per manager. */
export type ApplyOutcome = { object: Record<string, unknown>; changed: boolean } | { conflicts: Map<string, FieldSet> };

/**
 * Applies a configuration: merges it into the live object, makes its field set the applier's,
 * prunes what the applier owned before and no longer specifies (unless someone else owns it),
 * and takes the changed fields from other managers, or reports them as conflicts.
 */
export function applyConfiguration(
  live: Record<string, unknown>,
  config: unknown,
  managers: Managers,
  writer: Writer,
  force: boolean,
  t: Typing,
): ApplyOutcome {
  const id = managerIdentifier(writer);
  const merged = merge(live, config, t.shape, t.resolve) ?? {};
  const previous = managers.get(id);
  const set = toFieldSet(config, t.shape, t.resolve).recursiveDifference(t.reset);
  managers.set(id, { ...writer, set, ...(previous?.time ? { time: previous.time } : {}) });
  const pruned = prune(merged, managers, previous?.set, t) as Record<string, unknown>;
  const cmp = takeChanges(live, pruned, managers, id, force, t);
  if (cmp instanceof Map) {
    return { conflicts: cmp };
  }
  const changed = !jsonEqual(live, pruned);
  return { object: changed ? pruned : live, changed };
}

/**
 * Removes the fields the applier set last time and dropped now, unless another manager (or the
 * new configuration) owns them; fields it never owned stay.
 */
function prune(merged: unknown, managers: Managers, lastSet: FieldSet | undefined, t: Typing): unknown {
  if (!lastSet || lastSet.isEmpty()) {
    return merged;
  }
  const named = (s: FieldSet): FieldSet => ensureNamedFieldsAreMembers(s, t.shape, t.resolve);
  const fieldsOf = (v: unknown): FieldSet => named(toFieldSet(v, t.shape, t.resolve));
  const remove = (v: unknown, s: FieldSet, final = false): unknown => removeItems(v, s, t.shape, t.resolve, final) ?? {};
  const last = named(lastSet);
  let pruned = remove(merged, last);
  let managed = new FieldSet();
  for (const m of managers.values()) {
    managed = managed.union(m.set);
  }
  const mergedSet = fieldsOf(merged);
  pruned = remove(merged, mergedSet.difference(fieldsOf(pruned).union(named(managed))));
  return remove(merged, mergedSet.difference(fieldsOf(pruned)).intersection(last), true);
}
