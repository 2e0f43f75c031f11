import { FieldSet } from 'src/registry/generic/managed-fields/field-set';
import { fieldElement, serializePathElement, type Path, type PathElement } from 'src/registry/generic/managed-fields/path';
import { atomOf, fieldShape, isMap, itemElement, jsonEqual, type Atom, type Resolver, type Shape } from 'src/registry/generic/managed-fields/typed';

// Semantics: sigs.k8s.io/structured-merge-diff typed/compare.go.

/** What changed from one object to the next; a field is in at most one of the three sets. */
export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/**
 * Compares two versions of a value. Leaves (scalars, atomic lists and maps, and empty
 * containers) are added, removed or modified; a granular map, struct or list item that appears
 * or disappears is itself added or removed as well as everything in it.
 */
export function compare(lhs: unknown, rhs: unknown, shape: Shape, resolve: Resolver): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  walk(lhs, rhs, shape, [], c, resolve);
  return c;
}

/** Removes the given fields and everything below them from all three sets. */
export function excludeFields(c: Comparison, fields: FieldSet): Comparison {
  return {
    added: c.added.recursiveDifference(fields),
    modified: c.modified.recursiveDifference(fields),
    removed: c.removed.recursiveDifference(fields),
  };
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

function leaf(lhs: unknown, rhs: unknown, path: Path, c: Comparison): void {
  if (lhs === undefined) {
    c.added.insert(path);
  } else if (rhs === undefined) {
    c.removed.insert(path);
  } else if (!jsonEqual(lhs, rhs)) {
    c.modified.insert(path);
  }
}

/** Walks one path; `path` is a stack the walk pushes to and pops from (sets copy what they keep). */
function walk(lhs: unknown, rhs: unknown, shape: Shape, path: Path, c: Comparison, resolve: Resolver): void {
  const atom = atomOf(shape, present(rhs) ? rhs : lhs, resolve);
  if (present(lhs) && present(rhs) && atom.kind !== atomOf(shape, lhs, resolve).kind) {
    leaf(lhs, rhs, path, c);
    return;
  }
  if (atom.kind === 'scalar') {
    leaf(lhs, rhs, path, c);
    return;
  }
  const empty = atom.kind === 'list' ? asList(lhs).length === 0 && asList(rhs).length === 0 : !hasEntries(lhs) && !hasEntries(rhs);
  if (atom.atomic || empty) {
    leaf(lhs, rhs, path, c);
    return;
  }
  if (atom.kind === 'list') {
    visitList(atom, lhs as unknown[] | undefined, rhs as unknown[] | undefined, path, c, resolve);
  } else {
    const l = asMap(lhs);
    const r = asMap(rhs);
    const keys = Object.keys(l);
    for (const k of Object.keys(r)) {
      if (!Object.prototype.hasOwnProperty.call(l, k)) {
        keys.push(k);
      }
    }
    for (const k of keys) {
      path.push(fieldElement(k));
      walk(l[k], r[k], fieldShape(atom, k), path, c, resolve);
      path.pop();
    }
  }
  if (lhs === undefined) {
    c.added.insert(path);
  } else if (rhs === undefined) {
    c.removed.insert(path);
  }
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function asMap(v: unknown): Record<string, unknown> {
  return isMap(v) ? v : {};
}

/** Whether a value is a map with an entry that is not undefined. */
export function hasEntries(v: unknown): boolean {
  if (!isMap(v)) {
    return false;
  }
  for (const k in v) {
    if (Object.prototype.hasOwnProperty.call(v, k) && v[k] !== undefined) {
      return true;
    }
  }
  return false;
}

/** List items grouped by path element, in first-seen order; duplicates keep every occurrence. */
export function groupItems(atom: Extract<Atom, { kind: 'list' }>, list: unknown[] | undefined): Map<string, { pe: PathElement; items: unknown[] }> {
  const out = new Map<string, { pe: PathElement; items: unknown[] }>();
  for (const item of list ?? []) {
    const pe = itemElement(atom, item);
    if (typeof pe === 'string') {
      continue;
    }
    const k = serializePathElement(pe);
    const g = out.get(k);
    if (g) {
      g.items.push(item);
    } else {
      out.set(k, { pe, items: [item] });
    }
  }
  return out;
}

function visitList(
  atom: Extract<Atom, { kind: 'list' }>,
  lhs: unknown[] | undefined,
  rhs: unknown[] | undefined,
  path: Path,
  c: Comparison,
  resolve: Resolver,
): void {
  const l = groupItems(atom, Array.isArray(lhs) ? lhs : undefined);
  const r = groupItems(atom, Array.isArray(rhs) ? rhs : undefined);
  const visit = (k: string, pe: PathElement): void => {
    const li = l.get(k)?.items ?? NONE;
    const ri = r.get(k)?.items ?? NONE;
    path.push(pe);
    if (li.length <= 1 && ri.length <= 1) {
      walk(li[0], ri[0], atom.item, path, c, resolve);
    } else if (li.length >= 2 && ri.length >= 2) {
      if (!jsonEqual(li, ri)) {
        c.modified.insert(path);
      }
    } else if (li.length >= 2) {
      if (ri.length) {
        walk(undefined, ri[0], atom.item, path, c, resolve);
      }
      c.removed.insert(path);
    } else {
      if (li.length) {
        walk(li[0], undefined, atom.item, path, c, resolve);
      }
      c.added.insert(path);
    }
    path.pop();
  };
  for (const [k, { pe }] of l) {
    visit(k, pe);
  }
  for (const [k, { pe }] of r) {
    if (!l.has(k)) {
      visit(k, pe);
    }
  }
}

const NONE: unknown[] = [];
