import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { secretTable } from 'src/registry/core/secret.table';
import { decodedLength, MAX_DATA_SIZE } from 'src/registry/core/configmap';
import { forbidden, invalid, isConfigMapKey, jsonEqual, required, tooLong, validateImmutableField } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/core/v1/defaults.go SetDefaults_Secret, the stringData merge of
// Convert_v1_Secret_To_core_Secret, and pkg/apis/core/validation ValidateSecret / ValidateSecretUpdate.

/** The keys each well-known secret type requires in data. */
const REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

function validateSecret(secret: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const data: Record<string, unknown> = secret.data ?? {};
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    errs.push(...isConfigMapKey(key).map((m) => invalid(`data[${key}]`, key, m)));
    total += decodedLength(value);
  }
  if (total > MAX_DATA_SIZE) {
    errs.push(tooLong('data', MAX_DATA_SIZE));
  }
  const type: string = secret.type ?? '';
  if (type === 'kubernetes.io/service-account-token') {
    if (!secret.metadata.annotations?.['kubernetes.io/service-account.name']) {
      errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
    }
  } else if (type === 'kubernetes.io/basic-auth') {
    if (!('username' in data) && !('password' in data)) {
      errs.push(required('data[username]'), required('data[password]'));
    }
  } else if (type === 'kubernetes.io/ssh-auth') {
    if (!decodedLength(data['ssh-privatekey'])) {
      errs.push(required('data[ssh-privatekey]'));
    }
  } else if (REQUIRED_KEYS[type]) {
    for (const key of REQUIRED_KEYS[type]) {
      if (!(key in data)) {
        errs.push(required(`data[${key}]`));
      } else if (key.startsWith('.docker')) {
        try {
          JSON.parse(Buffer.from(String(data[key]), 'base64').toString('utf8'));
        } catch (e) {
          errs.push(invalid(`data[${key}]`, '<secret contents redacted>', (e as Error).message));
        }
      }
    }
  }
  return errs;
}

/** core/v1 secrets: type Opaque by default, stringData folded into data, frozen once immutable. */
export const secret = defineResource<KubeObject>({
  group: '',
  version: 'v1',
  kind: 'Secret',
  plural: 'secrets',
  singular: 'secret',
  namespaced: true,
  table: secretTable,
  defaults(obj) {
    obj.type ||= 'Opaque';
    if (obj.stringData && typeof obj.stringData === 'object') {
      obj.data = { ...(obj.data ?? {}) };
      for (const [k, v] of Object.entries<unknown>(obj.stringData)) {
        obj.data[k] = Buffer.from(String(v), 'utf8').toString('base64');
      }
    }
    delete obj.stringData;
  },
  validate: validateSecret,
  validateUpdate(obj, old) {
    const errs = validateImmutableField(obj.type ?? '', old.type ?? '', 'type');
    if (old.immutable === true) {
      if (obj.immutable !== true) {
        errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
      }
      if (!jsonEqual(obj.data ?? {}, old.data ?? {})) {
        errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
      }
    }
    return [...errs, ...validateSecret(obj)];
  },
  selectableFields: {
    type: (s) => s.type,
  },
});
