import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { persistentvolumeTable } from 'src/registry/core/persistentvolume.table';
import { canonicalizeResourceList, compareQuantities, parseQuantity, ZERO_QUANTITY } from 'src/registry/core/defaults/quantity';
import { forbidden, invalid, jsonEqual, nameIsDNSSubdomain, notSupported, required, validateImmutableField } from 'src/registry/generic/validation';
import { timestamp } from 'src/registry/generic/object-meta';

// Semantics: kubernetes pkg/apis/core/v1/defaults.go SetDefaults_PersistentVolume,
// pkg/registry/core/persistentvolume/strategy.go (status Pending with lastPhaseTransitionTime)
// and pkg/apis/core/validation ValidatePersistentVolumeSpec / ValidatePersistentVolumeUpdate.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** Access modes a volume or claim may ask for (sorted, as upstream lists them). */
export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

/** Volume sources of a PersistentVolume, in upstream's checking order. */
export const PV_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'flocker', 'nfs', 'rbd', 'quobyte', 'cephfs', 'iscsi',
  'cinder', 'fc', 'flexVolume', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'scaleIO',
  'local', 'storageos', 'csi',
];

/** Access-mode checks shared by volumes and claims. */
export function validateAccessModes(modes: string[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const mode of modes ?? []) {
    if (!ACCESS_MODES.includes(mode)) {
      errs.push(notSupported(field, mode, ACCESS_MODES));
    }
  }
  if (modes?.includes('ReadWriteOncePod') && modes.some((m) => m !== 'ReadWriteOncePod' && ACCESS_MODES.includes(m))) {
    errs.push(forbidden(field, 'may not use ReadWriteOncePod with other access modes'));
  }
  return errs;
}

function validateSpec(spec: Obj | undefined): FieldError[] {
  const s: Obj = spec ?? {};
  const errs: FieldError[] = [];
  if (!s.accessModes?.length) {
    errs.push(required('spec.accessModes'));
  }
  errs.push(...validateAccessModes(s.accessModes, 'spec.accessModes'));
  const capacity: Obj = s.capacity ?? {};
  if (Object.keys(capacity).length === 0) {
    errs.push(required('spec.capacity'));
  }
  if (!('storage' in capacity) || Object.keys(capacity).length > 1) {
    errs.push(notSupported('spec.capacity', capacity, ['storage']));
  }
  for (const [k, v] of Object.entries(capacity)) {
    const q = parseQuantity(v);
    if (q && compareQuantities(q, ZERO_QUANTITY) <= 0) {
      errs.push(invalid(`spec.capacity[${k}]`, String(v), 'must be greater than zero'));
    }
  }
  if (s.persistentVolumeReclaimPolicy && !['Delete', 'Recycle', 'Retain'].includes(s.persistentVolumeReclaimPolicy)) {
    errs.push(notSupported('spec.persistentVolumeReclaimPolicy', s.persistentVolumeReclaimPolicy, ['Delete', 'Recycle', 'Retain']));
  }
  let count = 0;
  for (const key of PV_SOURCES) {
    if (s[key] == null) {
      continue;
    }
    if (count++ > 0 && key !== 'flexVolume') {
      errs.push(forbidden(`spec.${key}`, 'may not specify more than 1 volume type'));
    } else if (key === 'hostPath' && !s.hostPath.path) {
      errs.push(required('spec.hostPath.path'));
    } else if (key === 'local' && s.nodeAffinity == null) {
      errs.push(required('spec.nodeAffinity', 'Local volume requires node affinity'));
    }
  }
  if (count === 0) {
    errs.push(required('spec', 'must specify a volume type'));
  }
  if (s.storageClassName) {
    errs.push(...nameIsDNSSubdomain(s.storageClassName, false).map((m) => invalid('spec.storageClassName', s.storageClassName, m)));
  }
  if (s.volumeMode != null && !['Block', 'Filesystem'].includes(s.volumeMode)) {
    errs.push(notSupported('spec.volumeMode', s.volumeMode, ['Block', 'Filesystem']));
  }
  return errs;
}

/** The volume source part of a PV spec (what `spec.persistentvolumesource` means upstream). */
function sourceOf(spec: Obj | undefined): Obj {
  return Object.fromEntries(PV_SOURCES.filter((k) => spec?.[k] != null).map((k) => [k, spec![k]]));
}

/** core/v1 persistentvolumes: cluster-scoped, Retain and Filesystem by default, Pending at first. */
export const persistentvolume = defineResource<KubeObject>({
  group: '',
  version: 'v1',
  kind: 'PersistentVolume',
  plural: 'persistentvolumes',
  singular: 'persistentvolume',
  namespaced: false,
  table: persistentvolumeTable,
  shortNames: ['pv'],
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  returnDeletedObject: true,
  defaults(obj) {
    const s: Obj = (obj.spec ??= {});
    s.persistentVolumeReclaimPolicy ||= 'Retain';
    s.volumeMode ??= 'Filesystem';
    if (s.hostPath && s.hostPath.type == null) {
      s.hostPath.type = '';
    }
    canonicalizeResourceList(s.capacity);
  },
  prepareForCreate(obj, ctx) {
    obj.status = { phase: 'Pending', lastPhaseTransitionTime: timestamp(ctx.now) };
  },
  validate: (obj) => validateSpec(obj.spec),
  validateUpdate(obj, old) {
    const errs = validateSpec(obj.spec);
    const next = sourceOf(obj.spec);
    const prev = sourceOf(old.spec);
    if (prev.csi && next.csi && prev.csi.controllerExpandSecretRef == null) {
      next.csi = { ...next.csi, controllerExpandSecretRef: undefined };
    }
    if (!jsonEqual(next, prev)) {
      errs.push(forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'));
    }
    errs.push(...validateImmutableField(obj.spec?.volumeMode, old.spec?.volumeMode, 'volumeMode'));
    return errs;
  },
});
