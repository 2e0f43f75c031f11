import { groupItems } from 'src/registry/generic/managed-fields/compare';
import type { FieldSet } from 'src/registry/generic/managed-fields/field-set';
import { fieldElement, serializePathElement } from 'src/registry/generic/managed-fields/path';
import { atomOf, fieldShape, isMap, itemElement, type Atom, type Resolver, type Shape } from 'src/registry/generic/managed-fields/typed';

// Semantics: sigs.k8s.io/structured-merge-diff typed/merge.go and typed/remove.go.

type ListAtom = Extract<Atom, { kind: 'list' }>;

/**
 * Merges an applied configuration (rhs) into the live object (lhs): leaves and atomic values
 * from rhs win, granular maps are merged key by key, associative lists item by item (items only
 * in the live list keep their place, shared items follow the configuration's order).
 */
export function merge(lhs: unknown, rhs: unknown, shape: Shape, resolve: Resolver): unknown {
  const present = (v: unknown): boolean => v !== undefined && v !== null;
  const atom = atomOf(shape, present(rhs) ? rhs : lhs, resolve);
  const keepRhs = rhs !== undefined ? rhs : lhs;
  if (atom.kind === 'scalar' || atom.atomic || (present(lhs) && present(rhs) && atomOf(shape, lhs, resolve).kind !== atom.kind)) {
    return keepRhs;
  }
  if (atom.kind === 'list') {
    const l = Array.isArray(lhs) ? lhs : [];
    const r = Array.isArray(rhs) ? rhs : [];
    if (l.length === 0 && r.length === 0) {
      return keepRhs;
    }
    const out = mergeList(atom, l, r, resolve);
    return out.length > 0 ? out : undefined;
  }
  const l = isMap(lhs) ? lhs : {};
  const r = isMap(rhs) ? rhs : {};
  if (Object.keys(l).length === 0 && Object.keys(r).length === 0) {
    return keepRhs;
  }
  const out: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(l), ...Object.keys(r)])) {
    const v = merge(l[k], r[k], fieldShape(atom, k), resolve);
    if (v !== undefined) {
      out[k] = v;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The merged items of an associative list, ordered as upstream's mergingWalker orders them. */
function mergeList(atom: ListAtom, lhs: unknown[], rhs: unknown[], resolve: Resolver): unknown[] {
  const keyOf = (item: unknown): string | undefined => {
    const pe = itemElement(atom, item);
    return typeof pe === 'string' ? undefined : serializePathElement(pe);
  };
  const lKeys = lhs.map(keyOf);
  const rKeys = rhs.map(keyOf);
  // A key repeated in the live list is merged as null: duplicates are replaced, not merged.
  const liveByKey = new Map<string, unknown>();
  for (const [k, items] of groupItems(atom, lhs)) {
    liveByKey.set(k, items.items.length > 1 ? null : items.items[0]);
  }
  const appliedByKey = new Map<string, unknown>();
  rhs.forEach((item, i) => rKeys[i] !== undefined && appliedByKey.set(rKeys[i]!, item));
  const shared = rKeys.filter((k): k is string => k !== undefined && liveByKey.has(k));
  let nextShared = 0;
  const done = new Set<string>();
  const out: unknown[] = [];
  const emit = (v: unknown): void => {
    if (v !== undefined) {
      out.push(v);
    }
  };
  let li = 0;
  let ri = 0;
  while (li < lhs.length || ri < rhs.length) {
    if (li < lhs.length && ri < rhs.length) {
      const lk = lKeys[li];
      if (lk !== undefined && lk === rKeys[ri]) {
        done.add(lk);
        emit(merge(liveByKey.get(lk), appliedByKey.get(lk), atom.item, resolve));
        li++;
        ri++;
        nextShared++;
        continue;
      }
      if (lk !== undefined && appliedByKey.has(lk) && nextShared < shared.length && shared[nextShared] !== lk) {
        li++;
        continue;
      }
    }
    if (li < lhs.length) {
      const lk = lKeys[li];
      if (lk === undefined || !appliedByKey.has(lk)) {
        emit(merge(lhs[li], undefined, atom.item, resolve));
        li++;
        continue;
      }
      if (done.has(lk)) {
        li++;
      }
    }
    if (ri < rhs.length) {
      const rk = rKeys[ri];
      if (rk !== undefined) {
        done.add(rk);
        emit(merge(liveByKey.get(rk), appliedByKey.get(rk), atom.item, resolve));
        if (shared[nextShared] === rk) {
          nextShared++;
        }
      }
      ri++;
    }
  }
  return out;
}

/**
 * Removes the given fields from a value: a member path removes the field (or list item) with
 * everything in it. A container emptied this way becomes null, as upstream leaves it (which
 * matters to the field sets computed from intermediate results), or with `dropEmptied`
 * disappears, as the typed round trip of the final object makes it.
 */
export function removeItems(value: unknown, toRemove: FieldSet, shape: Shape, resolve: Resolver, dropEmptied = false): unknown {
  const emptied = dropEmptied ? undefined : null;
  const atom = atomOf(shape, value, resolve);
  if (atom.kind === 'scalar') {
    return value;
  }
  if (atom.kind === 'list') {
    if (!Array.isArray(value) || value.length === 0 || atom.atomic) {
      return emptied;
    }
    const out: unknown[] = [];
    for (const item of value) {
      const pe = itemElement(atom, item);
      if (typeof pe === 'string') {
        out.push(item);
        continue;
      }
      if (toRemove.hasMember(pe)) {
        continue;
      }
      const below = toRemove.withPrefix(pe);
      const kept = below.isEmpty() ? item : removeItems(item, below, atom.item, resolve, dropEmptied);
      if (kept !== undefined) {
        out.push(kept);
      }
    }
    return out.length > 0 ? out : emptied;
  }
  if (!isMap(value) || Object.keys(value).length === 0 || atom.atomic) {
    return emptied;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const pe = fieldElement(k);
    if (toRemove.hasMember(pe)) {
      continue;
    }
    const below = toRemove.withPrefix(pe);
    const kept = below.isEmpty() ? v : removeItems(v, below, fieldShape(atom, k), resolve, dropEmptied);
    if (kept !== undefined) {
      out[k] = kept;
    }
  }
  return Object.keys(out).length > 0 ? out : emptied;
}
