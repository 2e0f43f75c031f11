import type { FieldError } from 'src/registry/generic/object';
import { duplicate, forbidden, invalid, isDNS1123Label, required } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/core/validation/validation.go ValidateVolumes and
// validateVolumeSource: one source per volume, the required fields of the common sources.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** Volume source keys in upstream's checking order, with the path segment each error uses. */
const SOURCES: [key: string, path: string][] = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
  ['image', 'image'],
];

/** The detail for file modes outside 0..0777. */
export const FILE_MODE_ERROR_MSG = 'must be a number between 0 and 0777 (octal), both inclusive';

function validateMode(mode: unknown, field: string): FieldError[] {
  return typeof mode === 'number' && (mode < 0 || mode > 0o777) ? [invalid(field, mode, FILE_MODE_ERROR_MSG)] : [];
}

function validateKeyToPaths(items: Obj[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  (items ?? []).forEach((kp, i) => {
    if (!kp?.key) {
      errs.push(required(`${field}[${i}].key`));
    }
    if (!kp?.path) {
      errs.push(required(`${field}[${i}].path`));
    }
    errs.push(...validateMode(kp?.mode, `${field}[${i}].mode`));
  });
  return errs;
}

/** The checks of the one source a volume names. */
function validateSource(key: string, source: Obj, field: string): FieldError[] {
  switch (key) {
    case 'hostPath':
      return source.path ? [] : [required(`${field}.path`)];
    case 'secret':
      return [
        ...(source.secretName ? [] : [required(`${field}.secretName`)]),
        ...validateMode(source.defaultMode, `${field}.defaultMode`),
        ...validateKeyToPaths(source.items, `${field}.items`),
      ];
    case 'configMap':
      return [
        ...(source.name ? [] : [required(`${field}.name`)]),
        ...validateMode(source.defaultMode, `${field}.defaultMode`),
        ...validateKeyToPaths(source.items, `${field}.items`),
      ];
    case 'persistentVolumeClaim':
      return source.claimName ? [] : [required(`${field}.claimName`)];
    case 'nfs':
      return [
        ...(source.server ? [] : [required(`${field}.server`)]),
        ...(source.path ? [] : [required(`${field}.path`)]),
        ...(String(source.path ?? '').startsWith('/') ? [] : [invalid(`${field}.path`, source.path ?? '', 'must be an absolute path')]),
      ];
    case 'downwardAPI':
    case 'projected':
      return validateMode(source.defaultMode, `${field}.defaultMode`);
    default:
      return [];
  }
}

/**
 * ValidateVolumes: names are unique DNS labels and each volume names exactly one source.
 * Returns the errors and the names of the valid volumes (for volumeMounts).
 */
export function validateVolumes(volumes: Obj[] | undefined, field: string): { errors: FieldError[]; names: Set<string> } {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  (volumes ?? []).forEach((vol, i) => {
    const path = `${field}[${i}]`;
    const el: FieldError[] = [];
    let count = 0;
    for (const [key, segment] of SOURCES) {
      if (vol?.[key] == null) {
        continue;
      }
      if (count > 0) {
        el.push(forbidden(`${path}.${segment}`, 'may not specify more than 1 volume type'));
      } else {
        count++;
        el.push(...validateSource(key, vol[key], `${path}.${key}`));
      }
    }
    if (count === 0) {
      el.push(required(path, 'must specify a volume type'));
    }
    const name = vol?.name ?? '';
    if (!name) {
      el.push(required(`${path}.name`));
    } else {
      el.push(...isDNS1123Label(name).map((m) => invalid(`${path}.name`, name, m)));
    }
    if (names.has(name)) {
      el.push(duplicate(`${path}.name`, name));
    }
    if (el.length === 0) {
      names.add(name);
    }
    errors.push(...el);
  });
  return { errors, names };
}
