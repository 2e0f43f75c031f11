import { ACCESS } from 'src/schema/patch-metadata/access';
import { CORE } from 'src/schema/patch-metadata/core';
import type { FieldMetadata, MetadataTable, TypeMetadata } from 'src/schema/patch-metadata/field-metadata';
import { META } from 'src/schema/patch-metadata/meta';
import { NETWORKING_STORAGE } from 'src/schema/patch-metadata/networking-storage';
import { RESOURCE } from 'src/schema/patch-metadata/resource';
import { WORKLOADS } from 'src/schema/patch-metadata/workloads';

/** The table's vocabulary, re-exported so callers need one import. */
export type { FieldMetadata, TypeMetadata } from 'src/schema/patch-metadata/field-metadata';

// The one hand-written table of the schema: merge keys, patch strategies, list types and map keys,
// atomic structs and Quantity fields of the built-in types, keyed by upstream definition name.
// Everything else comes from client-node's models (src/schema/model-reader.ts).

const TABLES: readonly MetadataTable[] = [META, CORE, WORKLOADS, ACCESS, NETWORKING_STORAGE, RESOURCE];

/** Definition name (`io.k8s.api.core.v1.PodSpec`) → metadata, from every table. */
const BY_DEFINITION: ReadonlyMap<string, TypeMetadata> = new Map(
  TABLES.flatMap((table) => Object.entries(table).flatMap(([pkg, types]) => Object.entries(types).map(([type, meta]) => [`${pkg}.${type}`, meta] as const))),
);

/** Metadata of a struct type, if upstream declares any. */
export function typeMetadata(definition: string): TypeMetadata | undefined {
  return BY_DEFINITION.get(definition);
}

/** Metadata of one field (wire name) of a struct type, if upstream declares any. */
export function fieldMetadata(definition: string, field: string): FieldMetadata | undefined {
  return BY_DEFINITION.get(definition)?.fields?.[field];
}

/** Every definition the table mentions (for the test that keeps it in step with the models). */
export function describedDefinitions(): string[] {
  return [...BY_DEFINITION.keys()];
}
