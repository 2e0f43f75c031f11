import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { forbidden } from 'src/apiserver/status';
import { defineResource } from 'src/registry/generic/resource';
import { namespaceTable } from 'src/registry/core/namespace.table';
import { invalid, isQualifiedName, jsonEqual, nameIsDNSLabel } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/registry/core/namespace/strategy.go (PrepareForCreate, Canonicalize,
// status and finalize strategies), pkg/apis/core/v1/defaults.go SetDefaults_Namespace and
// pkg/apis/core/validation ValidateNamespace / ValidateNamespaceStatusUpdate.

/** The label every namespace carries with its own name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

function setNameLabel(ns: KubeObject): void {
  if (ns.metadata.name) {
    ns.metadata.labels = { ...(ns.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: ns.metadata.name };
  }
}

function validateFinalizerNames(finalizers: string[] | undefined, field: string, indexed: boolean): FieldError[] {
  const errs: FieldError[] = [];
  (finalizers ?? []).forEach((f, i) => {
    const path = indexed ? `${field}[${i}]` : field;
    errs.push(...isQualifiedName(f).map((m) => invalid(path, f, m)));
    if (!f.includes('/') && !['kubernetes', 'orphan', 'foregroundDeletion'].includes(f)) {
      errs.push(invalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errs;
}

/** Namespaces NamespaceLifecycle admission never lets go. */
export const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];

/** core/v1 namespaces: the `kubernetes` finalizer on create, Terminating once deleted. */
export const namespace = defineResource<KubeObject>({
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  singular: 'namespace',
  namespaced: false,
  table: namespaceTable,
  shortNames: ['ns'],
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: [
    { name: 'finalize', verbs: ['update'] },
    { name: 'status', verbs: ['get', 'patch', 'update'] },
  ],
  nameValidator: nameIsDNSLabel,
  returnDeletedObject: true,
  defaults(obj) {
    setNameLabel(obj);
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Active' };
    obj.spec ??= {};
    const finalizers: string[] = obj.spec.finalizers ?? [];
    obj.spec.finalizers = finalizers.includes('kubernetes') ? finalizers : [...finalizers, 'kubernetes'];
    setNameLabel(obj);
  },
  prepareForUpdate(obj, old) {
    obj.spec = { ...(obj.spec ?? {}), finalizers: old.spec?.finalizers };
    if (obj.spec.finalizers === undefined) {
      delete obj.spec.finalizers;
    }
    setNameLabel(obj);
  },
  validate(obj) {
    return validateFinalizerNames(obj.spec?.finalizers, 'spec.finalizers', false);
  },
  validateUpdate(obj, old) {
    const errs = jsonEqual(obj.spec?.finalizers, old.spec?.finalizers) ? [] : validateFinalizerNames(obj.spec?.finalizers, 'spec.finalizers', true);
    if (!jsonEqual(obj.status, old.status)) {
      const phase = obj.status?.phase ?? '';
      if (!obj.metadata.deletionTimestamp && phase !== 'Active') {
        errs.push(invalid('status.Phase', phase, "may only be 'Active' if `deletionTimestamp` is empty"));
      } else if (obj.metadata.deletionTimestamp && phase !== 'Terminating') {
        errs.push(invalid('status.Phase', phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
      }
    }
    return errs;
  },
  selectableFields: {
    'status.phase': (ns) => ns.status?.phase,
  },
  hasPendingFinalizers(obj) {
    return (obj.spec?.finalizers?.length ?? 0) > 0;
  },
  admitDelete(obj) {
    // Semantics: kubernetes plugin/pkg/admission/namespace/lifecycle (immortalNamespaces).
    if (IMMORTAL_NAMESPACES.includes(obj.metadata.name ?? '')) {
      throw forbidden({ group: '', resource: 'namespaces', name: obj.metadata.name }, 'this namespace may not be deleted');
    }
  },
  prepareForDelete(obj) {
    obj.status = { ...(obj.status ?? {}), phase: 'Terminating' };
  },
});
