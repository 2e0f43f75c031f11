import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { persistentvolumeclaimTable } from 'src/registry/core/persistentvolumeclaim.table';
import { compareQuantities, parseQuantity, ZERO_QUANTITY } from 'src/registry/core/defaults/quantity';
import { defaultPersistentVolumeClaimSpec } from 'src/registry/core/defaults/pod-spec';
import { validateAccessModes } from 'src/registry/core/persistentvolume';
import { validateLabelSelector } from 'src/registry/generic/label-selector-validation';
import { forbidden, invalid, jsonEqual, nameIsDNSSubdomain, notSupported, required, validateImmutableField } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/core/v1/defaults.go SetDefaults_PersistentVolumeClaim(Spec),
// pkg/registry/core/persistentvolumeclaim/strategy.go and pkg/apis/core/validation
// ValidatePersistentVolumeClaimSpec / ValidatePersistentVolumeClaimUpdate.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** ValidatePersistentVolumeClaimSpec at `field` (also used by statefulset claim templates). */
export function validateClaimSpec(spec: Obj | undefined, field: string): FieldError[] {
  const s: Obj = spec ?? {};
  const errs: FieldError[] = [];
  if (!s.accessModes?.length) {
    errs.push(required(`${field}.accessModes`, 'at least 1 access mode is required'));
  }
  errs.push(...validateLabelSelector(s.selector, `${field}.selector`));
  errs.push(...validateAccessModes(s.accessModes, `${field}.accessModes`));
  const storage = s.resources?.requests?.storage;
  const q = storage == null ? undefined : parseQuantity(storage);
  if (storage == null) {
    errs.push(required(`${field}.resources[storage]`));
  } else if (q && compareQuantities(q, ZERO_QUANTITY) <= 0) {
    errs.push(invalid(`${field}.resources[storage]`, String(storage), 'must be greater than zero'));
  }
  if (s.storageClassName) {
    errs.push(...nameIsDNSSubdomain(s.storageClassName, false).map((m) => invalid(`${field}.storageClassName`, s.storageClassName, m)));
  }
  if (s.volumeMode != null && !['Block', 'Filesystem'].includes(s.volumeMode)) {
    errs.push(notSupported(`${field}.volumeMode`, s.volumeMode, ['Block', 'Filesystem']));
  }
  return errs;
}

/** The spec fields an update may change: volumeName once, storage and attributes class when bound. */
function mutableSpecStripped(spec: Obj | undefined, old: Obj | undefined, bound: boolean): Obj {
  const s: Obj = structuredClone(spec ?? {});
  if (!old?.volumeName) {
    delete s.volumeName;
  }
  if (bound) {
    delete s.volumeAttributesClassName;
    if (s.resources?.requests) {
      delete s.resources.requests.storage;
    }
  }
  return s;
}

/** core/v1 persistentvolumeclaims: Filesystem by default, Pending at first, spec frozen after create. */
export const persistentvolumeclaim = defineResource<KubeObject>({
  group: '',
  version: 'v1',
  kind: 'PersistentVolumeClaim',
  plural: 'persistentvolumeclaims',
  singular: 'persistentvolumeclaim',
  namespaced: true,
  table: persistentvolumeclaimTable,
  shortNames: ['pvc'],
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  returnDeletedObject: true,
  defaults(obj) {
    defaultPersistentVolumeClaimSpec((obj.spec ??= {}));
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending' };
  },
  validate: (obj) => validateClaimSpec(obj.spec, 'spec'),
  validateUpdate(obj, old) {
    const errs = validateClaimSpec(obj.spec, 'spec');
    const bound = obj.status?.phase === 'Bound';
    if (!jsonEqual(mutableSpecStripped(obj.spec, old.spec, bound), mutableSpecStripped(old.spec, old.spec, bound))) {
      errs.push(forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
    }
    const next = parseQuantity(obj.spec?.resources?.requests?.storage);
    const prev = parseQuantity(old.spec?.resources?.requests?.storage);
    const capacity = parseQuantity(old.status?.capacity?.storage) ?? ZERO_QUANTITY;
    if (next && prev && compareQuantities(next, prev) < 0 && compareQuantities(next, capacity) <= 0) {
      errs.push(forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
    }
    errs.push(...validateImmutableField(obj.spec?.volumeMode, old.spec?.volumeMode, 'volumeMode'));
    return errs;
  },
});
