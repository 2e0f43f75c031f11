import type { Comparison } from 'src/registry/generic/managed-fields/compare';
import { FieldSet } from 'src/registry/generic/managed-fields/field-set';
import { fieldElement, serializePathElement, type Path, type PathElement } from 'src/registry/generic/managed-fields/path';
import { atomOf, fieldShape, isMap, itemElement, jsonEqual, type Atom, type Resolver, type Shape } from 'src/registry/generic/managed-fields/typed';

// Test fixture: compare.ts as it was before it walked with a path stack (every level spread its
// path into a new array), kept unchanged so compare.spec.ts can hold the faster walk to it.
// Semantics: sigs.k8s.io/structured-merge-diff typed/compare.go.

/**
 * Compares two versions of a value. Leaves (scalars, atomic lists and maps, and empty
 * containers) are added, removed or modified; a granular map, struct or list item that appears
 * or disappears is itself added or removed as well as everything in it.
 */
export function referenceCompare(lhs: unknown, rhs: unknown, shape: Shape, resolve: Resolver): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  walk(lhs, rhs, shape, [], c, resolve);
  return c;
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
  const l = atom.kind === 'list' ? asList(lhs) : asEntries(lhs);
  const r = atom.kind === 'list' ? asList(rhs) : asEntries(rhs);
  if (atom.atomic || (l.length === 0 && r.length === 0)) {
    leaf(lhs, rhs, path, c);
    return;
  }
  if (atom.kind === 'list') {
    visitList(atom, lhs as unknown[] | undefined, rhs as unknown[] | undefined, path, c, resolve);
  } else {
    const keys = [...new Set([...Object.keys(asMap(lhs)), ...Object.keys(asMap(rhs))])];
    for (const k of keys) {
      walk(asMap(lhs)[k], asMap(rhs)[k], fieldShape(atom, k), [...path, fieldElement(k)], c, resolve);
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

function asEntries(v: unknown): unknown[] {
  return Object.values(asMap(v)).filter((x) => x !== undefined);
}

/** List items grouped by path element, in first-seen order; duplicates keep every occurrence. */
function groupItems(atom: Extract<Atom, { kind: 'list' }>, list: unknown[] | undefined): Map<string, { pe: PathElement; items: unknown[] }> {
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
  const all = new Map([...l, ...[...r].filter(([k]) => !l.has(k))]);
  for (const [k, { pe }] of all) {
    const li = l.get(k)?.items ?? [];
    const ri = r.get(k)?.items ?? [];
    const itemPath = [...path, pe];
    if (li.length <= 1 && ri.length <= 1) {
      walk(li[0], ri[0], atom.item, itemPath, c, resolve);
    } else if (li.length >= 2 && ri.length >= 2) {
      if (!jsonEqual(li, ri)) {
        c.modified.insert(itemPath);
      }
    } else if (li.length >= 2) {
      if (ri.length) {
        walk(undefined, ri[0], atom.item, itemPath, c, resolve);
      }
      c.removed.insert(itemPath);
    } else {
      if (li.length) {
        walk(li[0], undefined, atom.item, itemPath, c, resolve);
      }
      c.added.insert(itemPath);
    }
  }
}
