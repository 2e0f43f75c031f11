import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { jsonSizeBound } from 'src/registry/generic/json-size';
import type { RegisteredResource } from 'src/registry/generic/resource';
import { validateObjectMeta, validateObjectMetaUpdate } from 'src/registry/generic/validation';

/** The largest object kubepg stores, as etcd's request limit (1.5 MiB). */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

function sizeErrors(obj: KubeObject): FieldError[] {
  if (jsonSizeBound(obj, MAX_OBJECT_BYTES) <= MAX_OBJECT_BYTES) {
    return [];
  }
  const size = Buffer.byteLength(JSON.stringify(obj));
  return size > MAX_OBJECT_BYTES ? [{ type: 'FieldValueTooLong', field: '', detail: `the object is ${size} bytes, more than the ${MAX_OBJECT_BYTES}-byte limit` }] : [];
}

/**
 * Validation every resource shares on create: ObjectMeta (name rule of the resource, scope,
 * labels, annotations) and the object size limit.
 * Semantics: k8s.io/apiserver registry/rest/create.go BeforeCreate (ValidateObjectMetaAccessor).
 */
export function validateRequestObject(r: RegisteredResource, obj: KubeObject): FieldError[] {
  return [...validateObjectMeta(obj.metadata, { namespaced: r.namespaced, nameValidator: r.nameValidator }), ...sizeErrors(obj)];
}

/** Shared validation on update: immutable metadata, finalizers of an object being deleted, size. */
export function validateRequestObjectUpdate(r: RegisteredResource, obj: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(obj.metadata, { namespaced: r.namespaced, nameValidator: r.nameValidator }),
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...sizeErrors(obj),
  ];
}
