import type { OpenAPIV2, OpenAPIV3 } from 'openapi-types';
import type { ListNode, MapNode, ObjectNode, RefNode, ScalarNode, TypeNode } from 'src/schema/type-node';

// TypeNode → OpenAPI schema, in the shapes kube-openapi emits: a field that refers to a definition
// is `{allOf: [{$ref}], description}` in v3 and `{$ref, description}` in v2, and the
// x-kubernetes-* extensions sit next to the field they describe.
// Semantics: k8s.io/kube-openapi pkg/builder3 and pkg/builder (definition and ref shapes).

/** The x-kubernetes-* vendor extensions kubepg emits. */
export interface KubernetesExtensions {
  'x-kubernetes-group-version-kind'?: { group: string; kind: string; version: string }[] | { group: string; kind: string; version: string };
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

/** An OpenAPI v3 schema with Kubernetes extensions. */
export type SchemaV3 = OpenAPIV3.SchemaObject & KubernetesExtensions;
/** A Swagger 2.0 schema (extensions are allowed by its index signature). */
export type SchemaV2 = OpenAPIV2.SchemaObject;

/** Which document flavour a schema is written for. */
export type Flavour = 'v2' | 'v3';

/** Where definitions live in each flavour. */
export function refTo(flavour: Flavour, name: string): string {
  return flavour === 'v3' ? `#/components/schemas/${name}` : `#/definitions/${name}`;
}

/** Copies the defined values of `extra` onto `target` (keeps the JSON free of `undefined`). */
function assignDefined<T extends object>(target: T, extra: Record<string, unknown>): T {
  for (const [k, v] of Object.entries(extra)) {
    if (v !== undefined) {
      (target as Record<string, unknown>)[k] = v;
    }
  }
  return target;
}

function scalarSchema(node: ScalarNode): Record<string, unknown> {
  if (node.type === 'any') {
    return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  }
  return assignDefined({ type: node.type }, { format: node.format });
}

function refSchema(flavour: Flavour, node: RefNode): Record<string, unknown> {
  const ref = { $ref: refTo(flavour, node.name) };
  const extra = {
    description: node.description,
    'x-kubernetes-patch-strategy': node.patchStrategy,
    'x-kubernetes-map-type': node.mapType,
  };
  return flavour === 'v3' ? assignDefined({ allOf: [ref] }, extra) : assignDefined(ref, extra);
}

function listSchema(flavour: Flavour, node: ListNode): Record<string, unknown> {
  return assignDefined(
    { type: 'array', items: schemaOf(flavour, node.items) },
    {
      description: node.description,
      'x-kubernetes-list-map-keys': node.listMapKeys,
      'x-kubernetes-list-type': node.listType,
      'x-kubernetes-patch-merge-key': node.patchMergeKey,
      'x-kubernetes-patch-strategy': node.patchStrategy,
    },
  );
}

function mapSchema(flavour: Flavour, node: MapNode): Record<string, unknown> {
  return assignDefined(
    { type: 'object', additionalProperties: schemaOf(flavour, node.values) },
    { description: node.description, 'x-kubernetes-map-type': node.mapType },
  );
}

function objectSchema(flavour: Flavour, node: ObjectNode): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(node.fields)) {
    properties[name] = schemaOf(flavour, field);
  }
  return assignDefined(
    { type: 'object' },
    {
      description: node.description,
      properties: Object.keys(properties).length ? properties : undefined,
      required: node.required?.length ? [...node.required] : undefined,
      'x-kubernetes-map-type': node.mapType,
    },
  );
}

/** The schema of a node where it is used (a field, list item or map value). */
export function schemaOf(flavour: Flavour, node: TypeNode): any {
  switch (node.kind) {
    case 'object':
      return objectSchema(flavour, node);
    case 'list':
      return listSchema(flavour, node);
    case 'map':
      return mapSchema(flavour, node);
    case 'ref':
      return refSchema(flavour, node);
    case 'scalar':
      return assignDefined(scalarSchema(node), { description: node.description });
  }
}

/**
 * The schema of a named definition (components.schemas in v3, definitions in v2). Quantity and
 * IntOrString take either JSON type: v3 says so with oneOf and no `type` (so `kubectl explain`
 * prints `<Quantity>` and `<IntOrString>`), v2, which has no oneOf, calls them strings.
 * Semantics: OpenAPIV3OneOfTypes / OpenAPISchemaType of resource.Quantity and intstr.IntOrString.
 */
export function definitionSchema(flavour: Flavour, node: TypeNode): any {
  if (node.kind === 'scalar' && node.format === 'quantity') {
    const shape = flavour === 'v3' ? { oneOf: [{ type: 'string' }, { type: 'number' }] } : { type: 'string' };
    return assignDefined(shape, { description: node.description });
  }
  if (node.kind === 'scalar' && node.format === 'int-or-string') {
    const shape =
      flavour === 'v3' ? { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] } : { type: 'string', format: 'int-or-string' };
    return assignDefined(shape, { description: node.description, 'x-kubernetes-int-or-string': true });
  }
  return schemaOf(flavour, node);
}
