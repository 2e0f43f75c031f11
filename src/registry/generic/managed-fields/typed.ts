import type { JsonValue, PathElement } from 'src/registry/generic/managed-fields/path';
import { compareStrings } from 'src/registry/generic/managed-fields/path';
import type { ListNode, ObjectNode, TypeNode } from 'src/schema/type-node';

// Semantics: sigs.k8s.io/structured-merge-diff typed/helpers.go (deduceAtom, listItemToPathElement),
// typed/parser.go (DeducedParseableType) and k8s.io/kube-openapi pkg/schemaconv (list relationships).

/** Follows RefNodes to the definition they name. */
export type Resolver = (node: TypeNode) => TypeNode;

/**
 * The schema of a value: a TypeNode, or one of the two untyped shapes upstream uses when no
 * schema is known. `deduced` makes every map granular and every list atomic; `untyped-atomic`
 * (what a deduced list holds) makes everything atomic.
 */
export type Shape = TypeNode | { kind: 'deduced' } | { kind: 'untyped-atomic' };

/** The shape of values with no schema. */
export const DEDUCED: Shape = { kind: 'deduced' };
const UNTYPED_ATOMIC: Shape = { kind: 'untyped-atomic' };
/** What the two untyped shapes resolve to; atomOf tells them apart by identity. */
const DEDUCED_ATOM: Atom = Object.freeze({ kind: 'map', atomic: false, elem: DEDUCED });
const UNTYPED_ATOMIC_ATOM: Atom = Object.freeze({ kind: 'map', atomic: true, elem: UNTYPED_ATOMIC });

/** How a value is walked: a leaf, a list (atomic or keyed by `keys`, or a set when keys is empty), or a map. */
export type Atom =
  | { kind: 'scalar' }
  | { kind: 'list'; atomic: boolean; keys: string[]; item: Shape; keyDefaults: Record<string, JsonValue> }
  | { kind: 'map'; atomic: boolean; fields?: Record<string, TypeNode>; elem: Shape };

/** Defaults of list-map key fields that the OpenAPI schema declares but TypeNode does not carry. */
const KEY_DEFAULTS: Record<string, Record<string, JsonValue>> = {
  'io.k8s.api.core.v1.ContainerPort': { protocol: 'TCP' },
  'io.k8s.api.core.v1.ServicePort': { protocol: 'TCP' },
};

/** Whether a value is a JSON object (not an array, not null). */
export function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Follows a ref (unknown definitions are untyped); a field's own mapType overrides its type's. */
function resolveShape(shape: Shape, resolve: Resolver): Shape {
  if (shape.kind === 'ref') {
    let r: TypeNode;
    try {
      r = resolve(shape);
    } catch {
      return DEDUCED;
    }
    if (r.kind === 'ref') {
      return DEDUCED;
    }
    if (shape.mapType && (r.kind === 'object' || r.kind === 'map')) {
      return { ...r, mapType: shape.mapType };
    }
    return resolveShape(r, resolve);
  }
  if (shape.kind === 'scalar' && shape.type === 'any' && shape.format !== 'int-or-string') {
    return DEDUCED;
  }
  return shape;
}

function listAtom(node: ListNode, resolve: Resolver): Atom {
  const item = resolveShape(node.items, resolve);
  const keyDefaults = item.kind === 'object' ? (KEY_DEFAULTS[item.name] ?? {}) : {};
  let atomic = true;
  let keys: string[] = [];
  if (node.listType) {
    atomic = node.listType === 'atomic';
    keys = node.listType === 'map' ? (node.listMapKeys ?? []) : [];
  } else if (node.patchStrategy === 'merge' || node.patchStrategy === 'merge,retainKeys') {
    atomic = false;
    keys = node.patchMergeKey ? [node.patchMergeKey] : [];
  }
  return { kind: 'list', atomic, keys, item: node.items, keyDefaults };
}

function objectAtom(node: ObjectNode): Atom {
  return { kind: 'map', atomic: node.mapType === 'atomic', fields: node.fields, elem: DEDUCED };
}

/** Atoms by resolver and shape: schemas are immutable, and walks ask for the same atoms per node. */
const ATOMS = new WeakMap<Resolver, WeakMap<Shape, Atom>>();
let lastResolver: Resolver | undefined;
let lastAtoms: WeakMap<Shape, Atom> | undefined;

/** A list of untyped values: atomic. */
const UNTYPED_LIST: Atom = Object.freeze({ kind: 'list', atomic: true, keys: [], item: UNTYPED_ATOMIC, keyDefaults: {} });
const SCALAR: Atom = Object.freeze({ kind: 'scalar' });

/** The atom of a shape without looking at a value (Schema.Resolve); shared, do not mutate. */
export function schemaAtom(shape: Shape, resolve: Resolver): Atom {
  let byShape = resolve === lastResolver ? lastAtoms : ATOMS.get(resolve);
  if (!byShape) {
    byShape = new WeakMap();
    ATOMS.set(resolve, byShape);
  }
  lastResolver = resolve;
  lastAtoms = byShape;
  let atom = byShape.get(shape);
  if (!atom) {
    atom = Object.freeze(computeAtom(shape, resolve));
    byShape.set(shape, atom);
  }
  return atom;
}

function computeAtom(shape: Shape, resolve: Resolver): Atom {
  const s = resolveShape(shape, resolve);
  switch (s.kind) {
    case 'object':
      return objectAtom(s);
    case 'map':
      return { kind: 'map', atomic: s.mapType === 'atomic', elem: s.values };
    case 'list':
      return listAtom(s, resolve);
    case 'deduced':
      return DEDUCED_ATOM;
    case 'untyped-atomic':
      return UNTYPED_ATOMIC_ATOM;
    default:
      return SCALAR;
  }
}

/**
 * The atom a value is walked as. Untyped shapes pick by the value's kind; a value whose kind
 * contradicts its schema is treated as a leaf, so it is owned and replaced whole.
 */
export function atomOf(shape: Shape, value: unknown, resolve: Resolver): Atom {
  const atom = schemaAtom(shape, resolve);
  if (atom === DEDUCED_ATOM || atom === UNTYPED_ATOMIC_ATOM) {
    if (Array.isArray(value)) {
      return UNTYPED_LIST;
    }
    return isMap(value) ? atom : SCALAR;
  }
  if (value === undefined || value === null) {
    return atom;
  }
  if ((atom.kind === 'list' && !Array.isArray(value)) || (atom.kind === 'map' && !isMap(value))) {
    return SCALAR;
  }
  return atom;
}

/** The shape of a map entry or struct field. */
export function fieldShape(atom: Extract<Atom, { kind: 'map' }>, name: string): Shape {
  return atom.fields?.[name] ?? atom.elem;
}

/** Whether `name` is a declared struct field (not a map entry or an unknown field). */
export function isNamedField(atom: Atom, name: string): boolean {
  return atom.kind === 'map' && !!atom.fields && Object.prototype.hasOwnProperty.call(atom.fields, name);
}

/** The path element of a list item, or an error text as upstream words it. */
export function itemElement(atom: Extract<Atom, { kind: 'list' }>, item: unknown): PathElement | string {
  if (atom.keys.length > 0) {
    if (item === null) {
      return 'associative list with keys may not have a null element';
    }
    if (!isMap(item)) {
      return 'associative list with keys may not have non-map elements';
    }
    const fields: [string, JsonValue][] = [];
    for (const k of atom.keys) {
      if (item[k] !== undefined) {
        fields.push([k, item[k] as JsonValue]);
      } else if (atom.keyDefaults[k] !== undefined) {
        fields.push([k, atom.keyDefaults[k]]);
      }
    }
    if (fields.length === 0) {
      return `associative list with keys has an element that omits all key fields ${JSON.stringify(atom.keys)} (and doesn't have default values for any key fields)`;
    }
    fields.sort((a, b) => compareStrings(a[0], b[0]));
    return { kind: 'key', fields };
  }
  if (isMap(item)) {
    return "associative list without keys has an element that's a map type";
  }
  if (Array.isArray(item)) {
    return 'not supported: associative list with lists as elements';
  }
  if (item === null || item === undefined) {
    return "associative list without keys has an element that's an explicit null";
  }
  return { kind: 'value', value: item as JsonValue };
}

/** Whether two JSON values are equal (object key order aside), as value.Equals. */
export { jsonEqual } from 'src/registry/generic/validation';

/** A deep copy of a JSON value. */
export function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) {
    return v.map(cloneJson) as T;
  }
  if (isMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x !== undefined) {
        out[k] = cloneJson(x);
      }
    }
    return out as T;
  }
  return v;
}
