import { FieldSet } from 'src/registry/generic/managed-fields/field-set';
import { displayPathElement, fieldElement, serializePathElement, type Path, type PathElement } from 'src/registry/generic/managed-fields/path';
import { atomOf, fieldShape, isMap, isNamedField, itemElement, schemaAtom, type Resolver, type Shape } from 'src/registry/generic/managed-fields/typed';

// Semantics: sigs.k8s.io/structured-merge-diff typed/tofieldset.go, typed/validate.go and
// fieldpath/set.go EnsureNamedFieldsAreMembers.

/**
 * The fields a value sets: leaves, atomic lists and maps, list items (and their fields), map
 * entries, and struct fields that are null or empty objects. Non-empty struct fields are implied
 * by their children and not members themselves. This is the set an applier comes to own.
 */
export function toFieldSet(value: unknown, shape: Shape, resolve: Resolver): FieldSet {
  const set = new FieldSet();
  walk(value, shape, [], set, resolve);
  return set;
}

function walk(value: unknown, shape: Shape, path: Path, set: FieldSet, resolve: Resolver): void {
  const atom = atomOf(shape, value, resolve);
  if (atom.kind === 'scalar' || atom.atomic) {
    set.insert(path);
    return;
  }
  if (atom.kind === 'list') {
    if (!Array.isArray(value)) {
      return;
    }
    const seen = new Set<string>();
    const duplicated = new Set<string>();
    const elements = value.map((item) => itemElement(atom, item));
    for (const pe of elements) {
      if (typeof pe === 'string') {
        continue;
      }
      const k = serializePathElement(pe);
      if (seen.has(k) && !duplicated.has(k)) {
        duplicated.add(k);
        set.insert([...path, pe]);
      }
      seen.add(k);
    }
    value.forEach((item, i) => {
      const pe = elements[i];
      if (typeof pe === 'string' || duplicated.has(serializePathElement(pe))) {
        return;
      }
      walk(item, atom.item, [...path, pe], set, resolve);
      set.insert([...path, pe]);
    });
    return;
  }
  if (!isMap(value)) {
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) {
      continue;
    }
    const child = [...path, fieldElement(k)];
    walk(v, fieldShape(atom, k), child, set, resolve);
    if (v === null || (isMap(v) && Object.keys(v).length === 0) || !isNamedField(atom, k)) {
      set.insert(child);
    }
  }
}

/**
 * Adds the declared struct fields on the way to every path as members, so that removing a set
 * of fields from an object also removes the structs that only held them.
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, shape: Shape | undefined, resolve: Resolver): FieldSet {
  const atom = shape ? schemaAtom(shape, resolve) : undefined;
  const extra = new FieldSet();
  for (const pe of set.memberElements()) {
    extra.insert([pe]);
  }
  for (const c of set.childEntries()) {
    let childShape: Shape | undefined;
    if (c.pe.kind === 'field' && atom?.kind === 'map') {
      childShape = fieldShape(atom, c.pe.name);
      if (isNamedField(atom, c.pe.name)) {
        extra.insert([c.pe]);
      }
    } else if (c.pe.kind === 'key' && atom?.kind === 'list') {
      childShape = atom.item;
    }
    const below = ensureNamedFieldsAreMembers(c.set, childShape, resolve);
    for (const p of below.paths()) {
      extra.insert([c.pe, ...p]);
    }
  }
  return extra;
}

/**
 * Validation errors of a value against its schema that make it unusable for apply: list items
 * without keys, and (unless allowed, as for live objects) duplicate list keys.
 */
export function typedErrors(value: unknown, shape: Shape, resolve: Resolver, allowDuplicates: boolean): string[] {
  const errors: string[] = [];
  check(value, shape, '', errors, resolve, allowDuplicates);
  return errors;
}

function check(value: unknown, shape: Shape, prefix: string, errors: string[], resolve: Resolver, dups: boolean): void {
  const atom = atomOf(shape, value, resolve);
  if (atom.kind === 'scalar') {
    return;
  }
  if (atom.kind === 'list') {
    if (!Array.isArray(value)) {
      return;
    }
    const seen = new Set<string>();
    for (let i = 0; i < value.length; i++) {
      let pe: PathElement | string = { kind: 'index', index: i };
      if (!atom.atomic) {
        pe = itemElement(atom, value[i]);
        if (typeof pe === 'string') {
          errors.push(`${prefix}: element ${i}: ${pe}`);
          return;
        }
        const k = serializePathElement(pe);
        if (seen.has(k) && !dups) {
          errors.push(`${prefix}: duplicate entries for key ${displayPathElement(pe)}`);
        }
        seen.add(k);
      }
      check(value[i], atom.item, prefix + displayPathElement(pe), errors, resolve, dups);
    }
    return;
  }
  if (isMap(value)) {
    for (const [k, v] of Object.entries(value)) {
      check(v, fieldShape(atom, k), `${prefix}.${k}`, errors, resolve, dups);
    }
  }
}
