/**
 * The JSON vocabulary of strategic merge patch: decoded objects, the directive names, and safe
 * property access (a patch may name any key, `__proto__` included).
 *
 * Semantics: k8s.io/apimachinery pkg/util/strategicpatch/patch.go (directive constants).
 */

/** A decoded JSON object. */
export type JsonMap = Record<string, unknown>;

/** `$patch`: the directive marker of a map or list item. */
export const DIRECTIVE_MARKER = '$patch';
/** `$patch: delete`. */
export const DELETE_DIRECTIVE = 'delete';
/** `$patch: replace`. */
export const REPLACE_DIRECTIVE = 'replace';
/** `$patch: merge`, and the `merge` patch strategy. */
export const MERGE_DIRECTIVE = 'merge';
/** The `retainKeys` patch strategy. */
export const RETAIN_KEYS_STRATEGY = 'retainKeys';
/** `$retainKeys`: the fields of a map to keep; all others are cleared. */
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
/** `$deleteFromPrimitiveList/<field>`: values to remove from a primitive list. */
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
/** `$setElementOrder/<field>`: the order of a merged list. */
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

/** The Go type name of a decoded JSON object, as used in type comparisons. */
export const MAP_TYPE = 'map[string]interface {}';

/** True for a JSON object (not an array, not null). */
export function isJsonMap(v: unknown): v is JsonMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** True when `m` has its own property `key`. */
export function hasKey(m: JsonMap, key: string): boolean {
  return Object.hasOwn(m, key);
}

/** Reads own property `key` (undefined when absent, never an inherited member). */
export function getKey(m: JsonMap, key: string): unknown {
  return Object.hasOwn(m, key) ? m[key] : undefined;
}

/** Sets own property `key`, as a data property even for `__proto__`. */
export function setKey(m: JsonMap, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(m, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    m[key] = value;
  }
}
