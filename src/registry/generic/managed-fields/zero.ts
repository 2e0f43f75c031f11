import type { Resolver } from 'src/registry/generic/managed-fields/typed';
import type { KubeObject } from 'src/registry/generic/object';
import type { ObjectNode, TypeNode } from 'src/schema/type-node';

/**
 * Struct fields that are Go values rather than pointers in the built-in types, so they appear
 * (as `{}`) in a kind's zero value although the schema calls them optional.
 */
const VALUE_STRUCTS = new Set(['metadata', 'spec', 'status', 'template', 'strategy', 'updateStrategy', 'jobTemplate', 'resources']);

/** How deep the zero value is built; recursive definitions (JSONSchemaProps) stop here. */
const MAX_DEPTH = 8;

/**
 * An approximation of the kind's zero value as upstream's `creater.New(kind)` serialises it:
 * required and value-typed structs present, required lists and maps null. A create is compared
 * against it, so that (as upstream) `spec` or `spec.template` are not recorded as added
 * themselves, only what they contain. The schema carries no Go pointer information, hence the
 * list of value-typed struct names. The object is shared and frozen.
 */
export function zeroObject(schema: ObjectNode | undefined, resolve: Resolver): KubeObject {
  if (!schema) {
    return UNTYPED_ZERO;
  }
  let bySchema = ZEROS.get(resolve);
  if (!bySchema) {
    bySchema = new WeakMap();
    ZEROS.set(resolve, bySchema);
  }
  let zero = bySchema.get(schema);
  if (!zero) {
    zero = deepFreeze(zeroStruct(schema, resolve, 0)) as KubeObject;
    bySchema.set(schema, zero);
  }
  return zero;
}

/** Zero values by resolver and schema (both immutable), built once: every create compares against one. */
const ZEROS = new WeakMap<Resolver, WeakMap<ObjectNode, KubeObject>>();
const UNTYPED_ZERO: KubeObject = deepFreeze({ metadata: {} });

/** Shared zero values are frozen, so that no caller can change them for the next. */
function deepFreeze<T extends object>(v: T): T {
  for (const x of Object.values(v)) {
    if (x !== null && typeof x === 'object') {
      deepFreeze(x as object);
    }
  }
  return Object.freeze(v);
}

function resolved(node: TypeNode, resolve: Resolver): TypeNode | undefined {
  try {
    return node.kind === 'ref' ? resolve(node) : node;
  } catch {
    return undefined;
  }
}

function zeroStruct(node: ObjectNode, resolve: Resolver, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (depth >= MAX_DEPTH) {
    return out;
  }
  const required = new Set(node.required ?? []);
  for (const [name, field] of Object.entries(node.fields)) {
    const t = resolved(field, resolve);
    if (t?.kind === 'object' && (required.has(name) || VALUE_STRUCTS.has(name))) {
      out[name] = zeroStruct(t, resolve, depth + 1);
    } else if (required.has(name) && (t?.kind === 'list' || t?.kind === 'map')) {
      out[name] = null;
    }
  }
  return out;
}
