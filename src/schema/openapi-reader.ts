import { NAMED_SCALARS } from 'src/schema/named-scalars';
import type { ObjectNode, ScalarNode, TypeNode } from 'src/schema/type-node';
import type { GroupVersionKind } from 'src/schema/definition-names';

// OpenAPI v3 components.schemas → TypeNodes: the inverse of src/apiserver/openapi/schemas.ts, so
// the server can take its schema from the committed documents without client-node at run time.

/** The parts of an OpenAPI v3 schema the reader looks at. */
interface Schema {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  $ref?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
}

/** Copies the defined values of `extra` onto `target`. */
function withDefined<T extends object>(target: T, extra: Partial<T>): T {
  for (const [k, v] of Object.entries(extra)) {
    if (v !== undefined) {
      (target as Record<string, unknown>)[k] = v;
    }
  }
  return target;
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** The node of a schema where it is used (field, list item, map value). */
function nodeOf(s: Schema): TypeNode {
  const ref = s.$ref ?? s.allOf?.[0]?.$ref;
  if (ref) {
    return withDefined<TypeNode>(
      { kind: 'ref', name: refName(ref) },
      { description: s.description, patchStrategy: s['x-kubernetes-patch-strategy'], mapType: s['x-kubernetes-map-type'] },
    );
  }
  if (s.type === 'array' && s.items) {
    return withDefined<TypeNode>(
      { kind: 'list', items: nodeOf(s.items) },
      {
        description: s.description,
        patchStrategy: s['x-kubernetes-patch-strategy'],
        patchMergeKey: s['x-kubernetes-patch-merge-key'],
        listType: s['x-kubernetes-list-type'],
        listMapKeys: s['x-kubernetes-list-map-keys'],
      },
    );
  }
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
    return withDefined<TypeNode>({ kind: 'map', values: nodeOf(s.additionalProperties) }, { description: s.description, mapType: s['x-kubernetes-map-type'] });
  }
  if (s['x-kubernetes-preserve-unknown-fields'] || !s.type) {
    return withDefined<TypeNode>({ kind: 'scalar', type: 'any' }, { description: s.description });
  }
  return withDefined<ScalarNode>({ kind: 'scalar', type: s.type as ScalarNode['type'] }, { format: s.format, description: s.description });
}

/** The node of a named definition. */
export function definitionNode(name: string, s: Schema): TypeNode {
  const named = NAMED_SCALARS.get(name);
  if (named) {
    return { ...named };
  }
  if (s.type !== 'object' || s.additionalProperties || s['x-kubernetes-preserve-unknown-fields']) {
    return nodeOf(s);
  }
  // No prototype: a field named `constructor` or `toString` must not be found on Object.prototype.
  const node: ObjectNode = { kind: 'object', name, fields: Object.create(null) as Record<string, TypeNode> };
  for (const [field, fs] of Object.entries(s.properties ?? {})) {
    node.fields[field] = nodeOf(fs);
  }
  return withDefined(node, { required: s.required, description: s.description, mapType: s['x-kubernetes-map-type'] });
}

/** Definitions and kinds found in one OpenAPI v3 document. */
export function readComponents(doc: { components?: { schemas?: Record<string, Schema> } }): { definitions: Map<string, TypeNode>; kinds: Map<string, string> } {
  const definitions = new Map<string, TypeNode>();
  const kinds = new Map<string, string>();
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    definitions.set(name, definitionNode(name, schema));
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      kinds.set(`${gvk.group}/${gvk.version}/${gvk.kind}`, name);
    }
  }
  return { definitions, kinds };
}
