import type { FieldsV1 } from 'src/registry/generic/managed-fields/field-set';
import { hasEntries } from 'src/registry/generic/managed-fields/compare';
import { comparePathElements, fieldKey, serializePathElement, sortStrings, type PathElement } from 'src/registry/generic/managed-fields/path';
import { atomOf, fieldShape, isMap, itemElement, jsonEqual, type Atom, type Resolver, type Shape } from 'src/registry/generic/managed-fields/typed';
import type { FieldNamePath } from 'src/registry/generic/managed-fields/types';

// Semantics: sigs.k8s.io/structured-merge-diff typed/compare.go and fieldpath/serialize.go, for
// the one comparison a create makes: the kind's zero value against the new object.
//
// The general path (compare.ts → FieldSet → recursiveDifference(reset) → stripMeta → toFieldsV1)
// builds three sets of path arrays and re-serialises every key at every level. A create only needs
// what was added or modified, so this walks the new object once against the schema and writes the
// fieldsV1 tree directly, keys already in upstream's order. Its output is identical to the
// general path's (create-fields.spec.ts runs both over many objects); anything it was not written
// for (a non-empty list in the old object) throws NotForCreate and the caller takes the general path.

/** Thrown when the old object has something the create walk does not handle. */
export class NotForCreate extends Error {}

/** What happens at one field path besides the comparison: reset fields go, server-owned metadata is no member. */
interface Rule {
  /** The path and everything below it is never owned (reset fields; metadata.managedFields, which is never compared). */
  drop?: boolean;
  /** The path itself is never a member (type and server-owned metadata); what is below it may be. */
  unmember?: boolean;
  children?: Map<string, Rule>;
}

/** Server-owned metadata that stripMeta removes (managers.ts STRIP). */
const SERVER_OWNED_METADATA = ['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'resourceVersion'];

function ruleAt(root: Rule, path: FieldNamePath): Rule {
  let r = root;
  for (const name of path) {
    r.children ??= new Map();
    let next = r.children.get(name);
    if (!next) {
      next = {};
      r.children.set(name, next);
    }
    r = next;
  }
  return r;
}

/** The rules of a write: the object root is never a member, then the reset fields and stripMeta's paths. */
function rulesFor(resetFields: FieldNamePath[]): Rule {
  const root: Rule = { unmember: true };
  for (const p of [['apiVersion'], ['kind'], ['metadata'], ...SERVER_OWNED_METADATA.map((f) => ['metadata', f])]) {
    ruleAt(root, p).unmember = true;
  }
  ruleAt(root, ['metadata', 'managedFields']).drop = true;
  for (const p of resetFields) {
    if (p.length > 0) {
      ruleAt(root, p).drop = true;
    }
  }
  return root;
}

const RULES = new Map<string, Rule>();

function cachedRules(resetFields: FieldNamePath[]): Rule {
  let key = '';
  for (const p of resetFields) {
    key += `${p.join('\0')}\n`;
  }
  let r = RULES.get(key);
  if (!r) {
    r = rulesFor(resetFields);
    RULES.set(key, r);
  }
  return r;
}

/**
 * The fieldsV1 an Update of `next` over `zero` gives its manager when nobody owns anything yet:
 * every field the comparison finds added or modified, without the reset fields, type and
 * server-owned metadata, and metadata.managedFields. `{}` when it owns nothing.
 */
export function createFieldsV1(zero: unknown, next: unknown, shape: Shape, resolve: Resolver, resetFields: FieldNamePath[]): FieldsV1 {
  const holder: FieldsV1 = {};
  return walk(zero, next, shape, holder, '', cachedRules(resetFields), resolve) ? holder[''] : {};
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}


/** compare's walk at one path, writing the path's fieldsV1 entry into `out[key]` if it has one (then true). */
function walk(lhs: unknown, rhs: unknown, shape: Shape, out: FieldsV1, key: string, rule: Rule | undefined, resolve: Resolver): boolean {
  if (rule?.drop) {
    return false;
  }
  const atom = atomOf(shape, present(rhs) ? rhs : lhs, resolve);
  if (atom.kind === 'scalar' || atom.atomic || (present(lhs) && present(rhs) && atom.kind !== atomOf(shape, lhs, resolve).kind)) {
    return leaf(lhs, rhs, out, key, rule);
  }
  let empty: boolean;
  if (atom.kind === 'list') {
    if (Array.isArray(lhs) && lhs.length > 0) {
      throw new NotForCreate('the old object has a list');
    }
    empty = !Array.isArray(rhs) || rhs.length === 0;
  } else {
    empty = !hasEntries(lhs) && !hasEntries(rhs);
  }
  if (empty) {
    return leaf(lhs, rhs, out, key, rule);
  }
  const member = lhs === undefined && !rule?.unmember;
  const node: FieldsV1 = member ? { '.': {} } : {};
  const filled = atom.kind === 'list' ? visitList(atom, rhs as unknown[], node, resolve) : visitMap(atom, lhs, rhs, node, rule, resolve);
  if (filled) {
    out[key] = node;
  } else if (member) {
    out[key] = {};
  }
  return filled || member;
}

/** A leaf is owned when it was added or modified (removed leaves only matter to other managers). */
function leaf(lhs: unknown, rhs: unknown, out: FieldsV1, key: string, rule: Rule | undefined): boolean {
  if (rule?.unmember) {
    return false;
  }
  if (lhs === undefined || (rhs !== undefined && !jsonEqual(lhs, rhs))) {
    out[key] = {};
    return true;
  }
  return false;
}

function visitMap(atom: Extract<Atom, { kind: 'map' }>, lhs: unknown, rhs: unknown, node: FieldsV1, rule: Rule | undefined, resolve: Resolver): boolean {
  const l = isMap(lhs) ? lhs : undefined;
  const r = isMap(rhs) ? rhs : undefined;
  const keys = r ? Object.keys(r) : [];
  if (l) {
    for (const k of Object.keys(l)) {
      if (!r || !Object.prototype.hasOwnProperty.call(r, k)) {
        keys.push(k);
      }
    }
  }
  sortStrings(keys);
  const rules = rule?.children;
  let filled = false;
  for (const k of keys) {
    if (walk(l?.[k], r?.[k], fieldShape(atom, k), node, fieldKey(k), rules?.get(k), resolve)) {
      filled = true;
    }
  }
  return filled;
}

interface Group {
  pe: PathElement;
  key: string;
  item: unknown;
  count: number;
}

/** The items of a new list (the old one is empty): one added item each, a duplicated key is owned whole. */
function visitList(atom: Extract<Atom, { kind: 'list' }>, rhs: unknown[], node: FieldsV1, resolve: Resolver): boolean {
  const groups = new Map<string, Group>();
  for (const item of rhs) {
    const pe = itemElement(atom, item);
    if (typeof pe === 'string') {
      continue;
    }
    const key = serializePathElement(pe);
    const g = groups.get(key);
    if (g) {
      g.count++;
    } else {
      groups.set(key, { pe, key, item, count: 1 });
    }
  }
  const sorted = [...groups.values()];
  if (sorted.length > 1) {
    sorted.sort((a, b) => comparePathElements(a.pe, b.pe));
  }
  for (const g of sorted) {
    if (g.count === 1) {
      walk(undefined, g.item, atom.item, node, g.key, undefined, resolve);
    } else {
      node[g.key] = {};
    }
  }
  return sorted.length > 0;
}
