import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { configmapTable } from 'src/registry/core/configmap.table';
import { forbidden, invalid, isConfigMapKey, jsonEqual, tooLong } from 'src/registry/generic/validation';
import { byteLength } from 'src/registry/generic/formats';

// Semantics: kubernetes pkg/apis/core/validation ValidateConfigMap / ValidateConfigMapUpdate.

/** Largest total size of a ConfigMap's or Secret's data (core.MaxSecretSize, 1 MiB). */
export const MAX_DATA_SIZE = 1024 * 1024;

/** The decoded size of a base64 value, as Go's []byte holds it. */
export function decodedLength(value: unknown): number {
  return typeof value === 'string' ? Buffer.from(value, 'base64').length : 0;
}

function validateConfigMap(cm: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [key, value] of Object.entries<unknown>(cm.data ?? {})) {
    errs.push(...isConfigMapKey(key).map((m) => invalid(`data[${key}]`, key, m)));
    if (cm.binaryData && key in cm.binaryData) {
      errs.push(invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
    }
    total += byteLength(String(value ?? ''));
  }
  for (const [key, value] of Object.entries<unknown>(cm.binaryData ?? {})) {
    errs.push(...isConfigMapKey(key).map((m) => invalid(`binaryData[${key}]`, key, m)));
    total += decodedLength(value);
  }
  if (total > MAX_DATA_SIZE) {
    errs.push(tooLong('', MAX_DATA_SIZE));
  }
  return errs;
}

/** core/v1 configmaps: keys checked, frozen once `immutable: true`. */
export const configmap = defineResource<KubeObject>({
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  plural: 'configmaps',
  singular: 'configmap',
  namespaced: true,
  table: configmapTable,
  shortNames: ['cm'],
  validate: validateConfigMap,
  validateUpdate(obj, old) {
    const errs: FieldError[] = [];
    if (old.immutable === true) {
      if (obj.immutable !== true) {
        errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
      }
      if (!jsonEqual(obj.data ?? {}, old.data ?? {})) {
        errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
      }
      if (!jsonEqual(obj.binaryData ?? {}, old.binaryData ?? {})) {
        errs.push(forbidden('binaryData', 'field is immutable when `immutable` is set'));
      }
    }
    return [...errs, ...validateConfigMap(obj)];
  },
});
