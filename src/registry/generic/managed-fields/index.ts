/**
 * Managed fields and server-side apply: who owns which field of an object (metadata.managedFields,
 * fieldsV1), recorded on every write, and the apply merge with conflict detection. See README.md.
 */
export { serverSideApply } from 'src/registry/generic/managed-fields/apply';
export { conflictError, conflictMessage } from 'src/registry/generic/managed-fields/conflicts';
export { defaultManager, resetFieldsFor } from 'src/registry/generic/managed-fields/defaults';
export { FieldSet, type FieldsV1 } from 'src/registry/generic/managed-fields/field-set';
export { LAST_APPLIED_ANNOTATION } from 'src/registry/generic/managed-fields/last-applied';
export { updateManagedFields } from 'src/registry/generic/managed-fields/update';
export { zeroObject } from 'src/registry/generic/managed-fields/zero';
export type { Resolver } from 'src/registry/generic/managed-fields/typed';
export type {
  ApplyArgs,
  ApplyResult,
  Conflict,
  FieldNamePath,
  ManagedFieldsContext,
  ManagedFieldsEntry,
  ManagedFieldsOperation,
  UpdateArgs,
} from 'src/registry/generic/managed-fields/types';
