// The vocabulary of the patch-metadata tables: what client-node's models cannot tell us about a
// field (strategic-merge-patch directives, list and map topology, Quantity-typed strings).
// Semantics: k8s.io/api struct tags `patchStrategy`/`patchMergeKey` and the `+listType`,
// `+listMapKey`, `+mapType`, `+structType` markers that kube-openapi turns into
// x-kubernetes-* extensions. Markers upstream puts where they mean nothing (+listType on a []byte
// or a struct pointer, a merge key the list items lack) are left out; the spec checks the rest.

/** What upstream declares about one field beyond its Go type. */
export interface FieldMetadata {
  /** `x-kubernetes-patch-strategy`: `merge`, `retainKeys`, `merge,retainKeys` or `replace`. */
  patchStrategy?: string;
  /** `x-kubernetes-patch-merge-key`. */
  patchMergeKey?: string;
  /** `x-kubernetes-list-type`. */
  listType?: 'atomic' | 'set' | 'map';
  /** `x-kubernetes-list-map-keys`. */
  listMapKeys?: string[];
  /** `x-kubernetes-map-type` on a map or struct field. */
  mapType?: 'atomic' | 'granular';
  /** The string (or the map values, or list items) is a resource.Quantity, which client-node types as `string`. */
  quantity?: true;
}

/** What upstream declares about one struct type. */
export interface TypeMetadata {
  /** `+structType=atomic`: the struct is replaced whole by apply and merge patch. */
  atomic?: true;
  fields?: Record<string, FieldMetadata>;
}

/** Type name → metadata, per OpenAPI package (`io.k8s.api.core.v1`). */
export type MetadataTable = Record<string, Record<string, TypeMetadata>>;

/** A list replaced whole by apply. */
export const atomic: FieldMetadata = { listType: 'atomic' };

/** A list of unique scalars. */
export const set: FieldMetadata = { listType: 'set' };

/** A map whose values are replaced whole by apply. */
export const atomicMap: FieldMetadata = { mapType: 'atomic' };

/** A resource.Quantity (or a map or list of them). */
export const quantity: FieldMetadata = { quantity: true };

/** A list of objects keyed by `keys` for apply, with no strategic-merge directive. */
export function mapBy(...keys: string[]): FieldMetadata {
  return { listType: 'map', listMapKeys: keys };
}

/** A list merged by `key` in strategic merge patch and keyed by `mapKeys` (default: `key`) for apply. */
export function mergeBy(key: string, mapKeys: string[] = [key]): FieldMetadata {
  return { patchStrategy: 'merge', patchMergeKey: key, listType: 'map', listMapKeys: mapKeys };
}
