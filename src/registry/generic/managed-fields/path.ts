import { goJson } from 'src/registry/generic/managed-fields/go-json';

// Semantics: sigs.k8s.io/structured-merge-diff fieldpath/element.go, fieldpath/serialize-pe.go,
// value/value.go (Compare, ToString) and value/fields.go (FieldList).

/** A JSON value as it appears in an object. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * One step of a field path: a struct field or map key (`f:`), a map-list item by its key fields
 * (`k:`, fields sorted by name), a set-list item by its value (`v:`), or an atomic-list index (`i:`).
 */
export type PathElement =
  { kind: 'field'; name: string } | { kind: 'key'; fields: [string, JsonValue][] } | { kind: 'value'; value: JsonValue } | { kind: 'index'; index: number };

/** A path from the object root to one field. */
export type Path = PathElement[];

/** A struct field or map key element. */
export function fieldElement(name: string): PathElement {
  return { kind: 'field', name };
}

/** Compares strings by Unicode code point, which is Go's byte order on UTF-8. */
export function compareStrings(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Below the surrogates UTF-16 order is code point order; past them, compare by code point.
      return x < 0xd800 && y < 0xd800 ? (x < y ? -1 : 1) : compareCodePoints(a, b);
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/**
 * Sorts strings in place by compareStrings. Object keys come a few at a time, and an insertion
 * sort of a few is about twice as fast as Array.prototype.sort with a comparator.
 */
export function sortStrings(keys: string[]): string[] {
  if (keys.length > 16) {
    return keys.sort(compareStrings);
  }
  for (let i = 1; i < keys.length; i++) {
    const v = keys[i];
    let j = i - 1;
    while (j >= 0 && compareStrings(keys[j], v) > 0) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = v;
  }
  return keys;
}

function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) {
      return x < y ? -1 : 1;
    }
    if (x > 0xffff) {
      i++;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** Type order of value.Compare: numbers, strings, booleans, lists, maps, null. */
function typeRank(v: JsonValue): number {
  if (typeof v === 'number') {
    return 0;
  }
  if (typeof v === 'string') {
    return 1;
  }
  if (typeof v === 'boolean') {
    return 2;
  }
  if (Array.isArray(v)) {
    return 3;
  }
  return v === null ? 5 : 4;
}

/** Orders two JSON values the way structured-merge-diff's value.Compare does. */
export function compareJson(a: JsonValue, b: JsonValue): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) {
    return ra < rb ? -1 : 1;
  }
  switch (ra) {
    case 0:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 1:
      return compareStrings(a as string, b as string);
    case 2:
      return a === b ? 0 : a ? 1 : -1;
    case 3: {
      const x = a as JsonValue[];
      const y = b as JsonValue[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareJson(x[i], y[i]);
        if (c !== 0) {
          return c;
        }
      }
      return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
    }
    case 4:
      return compareMaps(a as Record<string, JsonValue>, b as Record<string, JsonValue>);
    default:
      return 0;
  }
}

/** Maps compare key by key in lexical key order; a missing key sorts after a present one. */
function compareMaps(a: Record<string, JsonValue>, b: Record<string, JsonValue>): number {
  const keys = sortStrings([...new Set([...Object.keys(a), ...Object.keys(b)])]);
  for (const k of keys) {
    if (!(k in a)) {
      return 1;
    }
    if (!(k in b)) {
      return -1;
    }
    const c = compareJson(a[k], b[k]);
    if (c !== 0) {
      return c;
    }
  }
  return 0;
}

const KIND_RANK = { field: 0, key: 1, value: 2, index: 3 } as const;

/** Orders path elements: fields, then keys, then values, then indices (fieldpath.PathElement.Compare). */
export function comparePathElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) {
    return KIND_RANK[a.kind] < KIND_RANK[b.kind] ? -1 : 1;
  }
  switch (a.kind) {
    case 'field':
      return compareStrings(a.name, (b as typeof a).name);
    case 'key': {
      const y = (b as typeof a).fields;
      for (let i = 0; i < Math.min(a.fields.length, y.length); i++) {
        const c = compareStrings(a.fields[i][0], y[i][0]) || compareJson(a.fields[i][1], y[i][1]);
        if (c !== 0) {
          return c;
        }
      }
      return a.fields.length === y.length ? 0 : a.fields.length < y.length ? -1 : 1;
    }
    case 'value':
      return compareJson(a.value, (b as typeof a).value);
    case 'index':
      return Math.sign(a.index - (b as typeof a).index);
  }
}

/** The fieldsV1 key of an element: `f:name`, `k:{"name":"c"}`, `v:"x"` or `i:0`. Also its identity. */
export function serializePathElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return fieldKey(pe.name);
    case 'key': {
      let out = 'k:{';
      for (let i = 0; i < pe.fields.length; i++) {
        out += `${i > 0 ? ',' : ''}${goJson(pe.fields[i][0])}:${goJson(pe.fields[i][1])}`;
      }
      return `${out}}`;
    }
    case 'value':
      return `v:${goJson(pe.value)}`;
    case 'index':
      return `i:${pe.index}`;
  }
}

/** `f:<name>` by name, made once: sets serialise the same few field names over and over. */
const FIELD_KEYS = new Map<string, string>();
const MAX_FIELD_KEYS = 10_000;

/** The fieldsV1 key of a field element, `f:<name>`. */
export function fieldKey(name: string): string {
  let k = FIELD_KEYS.get(name);
  if (k === undefined) {
    if (FIELD_KEYS.size >= MAX_FIELD_KEYS) {
      FIELD_KEYS.clear();
    }
    k = `f:${name}`;
    FIELD_KEYS.set(name, k);
  }
  return k;
}

/** Thrown for a fieldsV1 key that cannot be parsed. */
export class PathElementError extends Error {}

/**
 * Parses a fieldsV1 key; `undefined` for an unknown element type, which upstream skips so that
 * newer servers' additions survive.
 */
export function parsePathElement(s: string): PathElement | undefined {
  if (s.length < 2) {
    throw new PathElementError('key must be 2 characters long');
  }
  if (s[1] !== ':') {
    throw new PathElementError(`missing colon: ${s}`);
  }
  const body = s.slice(2);
  switch (s[0]) {
    case 'f':
      return { kind: 'field', name: body };
    case 'v':
      return { kind: 'value', value: parseJson(body) };
    case 'k': {
      const obj = parseJson(body);
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
        throw new PathElementError(`key element is not an object: ${s}`);
      }
      const fields = Object.entries(obj).sort((x, y) => compareStrings(x[0], y[0]));
      return { kind: 'key', fields };
    }
    case 'i': {
      if (!/^-?\d+$/.test(body)) {
        throw new PathElementError(`invalid index: ${s}`);
      }
      return { kind: 'index', index: Number(body) };
    }
    default:
      return undefined;
  }
}

function parseJson(s: string): JsonValue {
  try {
    return JSON.parse(s) as JsonValue;
  } catch (err) {
    throw new PathElementError((err as Error).message);
  }
}

/** A value as value.ToString prints it inside conflict paths: strings quoted, maps as k=v. */
function displayValue(v: JsonValue): string {
  if (v === null) {
    return 'null';
  }
  if (typeof v === 'string') {
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) {
    return `[${v.map(displayValue).join(',')}]`;
  }
  if (typeof v === 'object') {
    return Object.entries(v)
      .map(([k, x]) => `${k}=${displayValue(x)}`)
      .join('');
  }
  return String(v);
}

/** The human form of an element: `.name`, `[name="c"]`, `[="x"]`, `[0]`. */
export function displayPathElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.fields.map(([k, v]) => `${k}=${displayValue(v)}`).join(',')}]`;
    case 'value':
      return `[=${displayValue(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

/** A path as upstream prints it in conflicts: `.spec.template.spec.containers[name="nginx"].image`. */
export function displayPath(path: Path): string {
  return path.map(displayPathElement).join('');
}
