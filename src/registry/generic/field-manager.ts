import type { KubeObject } from 'src/registry/generic/object';
import { conflictError, defaultManager, resetFieldsFor, serverSideApply, updateManagedFields } from 'src/registry/generic/managed-fields/index';
import type { RegisteredResource } from 'src/registry/generic/resource';
import { resolve, typeForKind } from 'src/schema/schema';

/** Who is writing: the fieldManager parameter, or the name upstream derives from the User-Agent. */
export function managerName(fieldManager: string | undefined, userAgent: string | undefined): string {
  return fieldManager || defaultManager(userAgent);
}

/**
 * Records an Update operation in `next.metadata.managedFields` (create, update, non-apply patch).
 * Semantics: k8s.io/apiserver pkg/endpoints/handlers/fieldmanager (FieldManager.UpdateNoErrors).
 */
export function recordUpdate(r: RegisteredResource, old: KubeObject | undefined, next: KubeObject, manager: string, subresource: string | undefined, now: Date): void {
  const entries = updateManagedFields({
    old,
    next,
    manager,
    subresource,
    now,
    schema: typeForKind(r.group, r.version, r.kind),
    resolve,
    resetFields: resetFieldsFor(r.hasStatus, subresource),
    apiVersion: r.apiVersion,
  });
  if (entries.length > 0) {
    next.metadata.managedFields = entries;
  } else {
    delete next.metadata.managedFields;
  }
}

/**
 * Merges an applied configuration into the live object (undefined: create it) and returns the
 * result with its managedFields; a conflict is the 409 upstream sends.
 * Semantics: k8s.io/apiserver pkg/endpoints/handlers/patch.go applyPatcher.
 */
export function applyConfiguration(r: RegisteredResource, live: KubeObject | undefined, applied: KubeObject, manager: string, force: boolean, subresource: string | undefined, now: Date): KubeObject {
  const res = serverSideApply({
    live,
    applied,
    manager,
    force,
    subresource,
    now,
    schema: typeForKind(r.group, r.version, r.kind),
    resolve,
    resetFields: resetFieldsFor(r.hasStatus, subresource),
    apiVersion: r.apiVersion,
    kind: r.kind,
  });
  if ('conflicts' in res) {
    throw conflictError(res.conflicts);
  }
  return res.object;
}
