/** Minimal shapes of Kubernetes objects as kubepg handles them: plain JSON, typed loosely on purpose. */

/** metav1.OwnerReference. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** metav1.ObjectMeta, the fields the generic machinery reads or writes. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

/** Any Kubernetes object: apiVersion, kind, metadata and whatever the type adds. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  [key: string]: any;
}

/** metav1.Status cause, as used in `details.causes` of an Invalid error. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** One validation failure: a field path and upstream's message for it (field.Error). */
export interface FieldError {
  /** The field.ErrorType, spelled as its `reason` in Status causes. */
  type: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueNotSupported' | 'FieldValueForbidden' | 'FieldValueDuplicate' | 'FieldValueTooLong' | 'FieldValueTypeInvalid' | 'FieldValueNotFound';
  /** Dotted path as upstream prints it, e.g. `metadata.name` or `spec.containers[0].image`. */
  field: string;
  /** The offending value, rendered as upstream does in the message; omitted for Required. */
  value?: unknown;
  /** Detail text after the value, e.g. `a lowercase RFC 1123 subdomain must consist of ...`. */
  detail?: string;
}
