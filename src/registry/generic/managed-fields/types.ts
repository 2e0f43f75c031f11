import type { FieldsV1 } from 'src/registry/generic/managed-fields/field-set';
import type { Resolver } from 'src/registry/generic/managed-fields/typed';
import type { KubeObject } from 'src/registry/generic/object';
import type { ObjectNode } from 'src/schema/type-node';

/** metav1.ManagedFieldsOperationType. */
export type ManagedFieldsOperation = 'Apply' | 'Update';

/** metav1.ManagedFieldsEntry, with its keys in the order Go writes them. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation: ManagedFieldsOperation;
  apiVersion: string;
  /** RFC 3339, seconds: when the manager last changed the object. */
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldsV1;
  subresource?: string;
}

/** A field path given by field names, e.g. `['metadata', 'labels']` (strategy reset fields). */
export type FieldNamePath = string[];

/** What every managed-fields computation needs to know about the resource and the request. */
export interface ManagedFieldsContext {
  /** The manager (fieldManager, or defaultManager(userAgent)); `unknown` when empty, as upstream. */
  manager: string;
  /** `status` etc. for a subresource write; managers are tracked per subresource. */
  subresource?: string;
  /** The request time; entries carry it to the second. */
  now: Date;
  /** The kind's schema; `undefined` treats the object as untyped (maps granular, lists atomic). */
  schema: ObjectNode | undefined;
  /** Follows RefNodes (src/schema/schema.ts `resolve`). */
  resolve: Resolver;
  /**
   * Fields the strategy resets, which nobody can own through this endpoint (upstream
   * GetResetFields): see resetFieldsFor. Default: none.
   */
  resetFields?: FieldNamePath[];
  /** The served `group/version`; defaults to the object's apiVersion. */
  apiVersion?: string;
}

/** Input of updateManagedFields: a create (no `old`), update or non-apply patch. */
export interface UpdateArgs extends ManagedFieldsContext {
  /** The stored object; undefined on create. */
  old: KubeObject | undefined;
  /** The object about to be stored, as the request made it (after defaulting). */
  next: KubeObject;
  /**
   * The kind's zero value, upstream's `creater.New(kind)`, which a create is compared against;
   * default: zeroObject(schema), a close approximation.
   */
  empty?: KubeObject;
}

/** Input of serverSideApply. */
export interface ApplyArgs extends ManagedFieldsContext {
  /** The stored object; undefined when the apply creates it. */
  live: KubeObject | undefined;
  /** The applied configuration (the decoded `application/apply-patch+yaml` body). */
  applied: KubeObject;
  /** `force=true`: take over conflicting fields instead of failing. */
  force: boolean;
  /** The kind served by the endpoint; the applied object must name exactly this. */
  kind: string;
  apiVersion: string;
}

/** One field that another manager owns with a different value. */
export interface Conflict {
  manager: string;
  operation: ManagedFieldsOperation;
  apiVersion: string;
  subresource?: string;
  /** The path as upstream prints it, e.g. `.spec.replicas`. */
  field: string;
}

/**
 * Result of serverSideApply: the merged object (carrying its new managedFields), and `changed`,
 * whether anything but managedFields differs from the live object; or the conflicts (409).
 */
export type ApplyResult = { object: KubeObject; managedFields: ManagedFieldsEntry[]; changed: boolean } | { conflicts: Conflict[] };
