import { type ApiOperation, type ModelAttribute, type ModelClass, readApiOperations, readModelClasses } from 'src/schema/client-node-source';
import { assignDefinitionNames, classOfKind, packageOf, type GroupVersionKind } from 'src/schema/definition-names';
import { FIELDS_V1, INT_OR_STRING, JSON_VALUE, MICRO_TIME, NAMED_SCALARS, QUANTITY, RAW_EXTENSION, TIME } from 'src/schema/named-scalars';
import { fieldMetadata, typeMetadata, type FieldMetadata } from 'src/schema/patch-metadata';
import type { ObjectNode, TypeNode } from 'src/schema/type-node';

// Build-time only (reads @kubernetes/client-node). At run time the schema comes from the committed
// OpenAPI documents instead (src/schema/schema.ts).

/** Every built-in type client-node models, as TypeNodes named like upstream's definitions. */
export interface ModelSet {
  /** Definition name → node: an ObjectNode per struct, a ScalarNode per named scalar. */
  readonly definitions: ReadonlyMap<string, TypeNode>;
  /** The definition name of a kind (`io.k8s.api.apps.v1.Deployment`), if client-node models it. */
  definitionOf(gvk: GroupVersionKind): string | undefined;
}

/** Which named scalar an `any`-typed attribute is. */
function anyDefinition(definition: string, attr: ModelAttribute): string {
  if (definition === 'io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry' && attr.baseName === 'fieldsV1') {
    return FIELDS_V1;
  }
  return definition.startsWith('io.k8s.apiextensions-apiserver.') ? JSON_VALUE : RAW_EXTENSION;
}

/** Converts client-node's type string (recursively, for arrays and maps) to a node. */
function nodeOfType(type: string, attr: ModelAttribute, definition: string, meta: FieldMetadata | undefined, names: ReadonlyMap<string, string>): TypeNode {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    return { kind: 'list', items: nodeOfType(array[1], attr, definition, meta, names) };
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    return { kind: 'map', values: nodeOfType(map[1], attr, definition, meta, names) };
  }
  switch (type) {
    case 'string':
      if (meta?.quantity) {
        return { kind: 'ref', name: QUANTITY };
      }
      return attr.format ? { kind: 'scalar', type: 'string', format: attr.format } : { kind: 'scalar', type: 'string' };
    case 'number':
      if (attr.format === 'int32' || attr.format === 'int64') {
        return { kind: 'scalar', type: 'integer', format: attr.format };
      }
      return attr.format ? { kind: 'scalar', type: 'number', format: attr.format } : { kind: 'scalar', type: 'number' };
    case 'boolean':
      return { kind: 'scalar', type: 'boolean' };
    case 'Date':
    case 'V1MicroTime':
      return { kind: 'ref', name: attr.format === 'date-time-micro' ? MICRO_TIME : TIME };
    case 'IntOrString':
      return { kind: 'ref', name: INT_OR_STRING };
    case 'any':
      return { kind: 'ref', name: anyDefinition(definition, attr) };
  }
  const target = names.get(type);
  if (!target) {
    throw new Error(`${definition}.${attr.baseName}: client-node type ${type} has no definition name`);
  }
  return { kind: 'ref', name: target };
}

/** The node of one field: its type plus the description and the table's patch and list metadata. */
function fieldNode(attr: ModelAttribute, definition: string, names: ReadonlyMap<string, string>): TypeNode {
  const meta = fieldMetadata(definition, attr.baseName);
  const node = nodeOfType(attr.type, attr, definition, meta, names);
  if (attr.description) {
    node.description = attr.description;
  }
  if (node.kind === 'list') {
    Object.assign(node, {
      ...(meta?.patchStrategy && { patchStrategy: meta.patchStrategy }),
      ...(meta?.patchMergeKey && { patchMergeKey: meta.patchMergeKey }),
      ...(meta?.listType && { listType: meta.listType }),
      ...(meta?.listMapKeys && { listMapKeys: [...meta.listMapKeys] }),
    });
  } else if (node.kind === 'ref' || node.kind === 'map') {
    if (node.kind === 'ref' && meta?.patchStrategy) {
      node.patchStrategy = meta.patchStrategy;
    }
    if (meta?.mapType) {
      node.mapType = meta.mapType;
    }
  }
  return node;
}

/** The ObjectNode of one model class. */
function objectNode(model: ModelClass, definition: string, names: ReadonlyMap<string, string>): ObjectNode {
  // No prototype: a field named `constructor` or `toString` must not be found on Object.prototype.
  const node: ObjectNode = { kind: 'object', name: definition, fields: Object.create(null) as Record<string, TypeNode> };
  for (const attr of model.attributes) {
    node.fields[attr.baseName] = fieldNode(attr, definition, names);
  }
  const required = model.attributes.filter((a) => a.required).map((a) => a.baseName);
  if (required.length) {
    node.required = required;
  }
  if (model.description) {
    node.description = model.description;
  }
  if (typeMetadata(definition)?.atomic) {
    node.mapType = 'atomic';
  }
  return node;
}

/**
 * Reads client-node's models into TypeNodes. `extraKinds` are the registry's subresource kinds
 * (autoscaling/v1 Scale ...) that no client-node API lists, so their package is known.
 */
export function readModels(extraKinds: readonly GroupVersionKind[] = [], operations: readonly ApiOperation[] = readApiOperations()): ModelSet {
  const models = readModelClasses();
  const names = assignDefinitionNames(models, operations, extraKinds);
  const definitions = new Map<string, TypeNode>(NAMED_SCALARS);
  for (const [className, definition] of names) {
    definitions.set(definition, objectNode(models.get(className)!, definition, names));
  }
  return {
    definitions,
    definitionOf(gvk) {
      const name = names.get(classOfKind(models, gvk) ?? '');
      return name?.startsWith(`${packageOf(gvk.group, gvk.version)}.`) ? name : undefined;
    },
  };
}
