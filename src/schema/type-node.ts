/**
 * A compact, type-aware description of the built-in Kubernetes types, shared by everything that
 * needs to know a field's shape: strategic merge patch (merge keys and strategies), OpenAPI
 * generation, managed fields (list types and map keys), unknown-field validation, and later the
 * protobuf codec. Built from one source (see src/schema/README.md once it exists).
 */
export type TypeNode = ObjectNode | ListNode | MapNode | ScalarNode | RefNode;

/** A struct: known fields, each with its own node. */
export interface ObjectNode {
  kind: 'object';
  /** Name of the definition, e.g. `io.k8s.api.core.v1.Container`. */
  name: string;
  fields: Record<string, TypeNode>;
  /** Fields the API requires. */
  required?: string[];
  description?: string;
  /** `x-kubernetes-map-type`: `atomic` structs are replaced whole by apply and merge patch. */
  mapType?: 'atomic' | 'granular';
}

/** A list. */
export interface ListNode {
  kind: 'list';
  items: TypeNode;
  /** `x-kubernetes-patch-strategy` (comma-separated in upstream: `merge`, `retainKeys`, `merge,retainKeys`, `replace`). */
  patchStrategy?: string;
  /** `x-kubernetes-patch-merge-key`. */
  patchMergeKey?: string;
  /** `x-kubernetes-list-type`. */
  listType?: 'atomic' | 'set' | 'map';
  /** `x-kubernetes-list-map-keys`. */
  listMapKeys?: string[];
  description?: string;
}

/** A map from string keys to values. */
export interface MapNode {
  kind: 'map';
  values: TypeNode;
  description?: string;
  /** `x-kubernetes-map-type`: an `atomic` map (e.g. spec.selector of a Service) is replaced whole by apply. */
  mapType?: 'atomic' | 'granular';
}

/** A leaf value. `format` follows OpenAPI (`int32`, `int64`, `date-time`, `byte`, `int-or-string`, `quantity`). */
export interface ScalarNode {
  kind: 'scalar';
  type: 'string' | 'integer' | 'number' | 'boolean' | 'any';
  format?: string;
  description?: string;
}

/** A reference to a named definition (resolved lazily to avoid cycles such as JSONSchemaProps). */
export interface RefNode {
  kind: 'ref';
  name: string;
  description?: string;
  /** `x-kubernetes-patch-strategy` of a struct field: `retainKeys` (Deployment spec.strategy) or `replace` (PodDisruptionBudget spec.selector). */
  patchStrategy?: string;
  /** `x-kubernetes-map-type` of this field, overriding the definition's (PersistentVolume spec.claimRef is `granular`). */
  mapType?: 'atomic' | 'granular';
}
