import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { resourcequotaTable } from 'src/registry/core/resourcequota.table';
import { canonicalizeResourceList } from 'src/registry/core/defaults/quantity';
import { validateQuantityValue, validateResourceName } from 'src/registry/core/validation/resources';
import { invalid } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/registry/core/resourcequota/strategy.go (status cleared on create),
// pkg/apis/core/validation ValidateResourceQuota / ValidateResourceQuotaUpdate and
// pkg/apis/core/helper IsStandardQuotaResourceName.

const QUOTA_RESOURCES = new Set([
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers', 'requests.cpu', 'requests.memory', 'requests.storage',
  'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'cpu', 'memory', 'ephemeral-storage',
]);

const SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity', 'VolumeAttributesClass'];

function validateHard(hard: Record<string, unknown> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, value] of Object.entries(hard ?? {})) {
    const path = `${field}[${name}]`;
    const nameErrs = validateResourceName(name, path);
    if (nameErrs.length === 0 && !name.includes('/') && !QUOTA_RESOURCES.has(name) && !name.startsWith('requests.hugepages-')) {
      nameErrs.push(invalid(path, name, 'must be a standard resource for quota'));
    }
    errs.push(...nameErrs, ...validateQuantityValue(name, value, path));
  }
  return errs;
}

function validateQuota(q: KubeObject): FieldError[] {
  const errs = validateHard(q.spec?.hard, 'spec.hard');
  const scopes: string[] = q.spec?.scopes ?? [];
  if (scopes.some((s) => !SCOPES.includes(s))) {
    errs.push(invalid('spec.scopes', scopes, 'unsupported scope'));
  }
  const has = (a: string, b: string) => scopes.includes(a) && scopes.includes(b);
  if (has('BestEffort', 'NotBestEffort') || has('Terminating', 'NotTerminating')) {
    errs.push(invalid('spec.scopes', scopes, 'conflicting scopes'));
  }
  return errs;
}

/** core/v1 resourcequotas: status is the quota controller's. */
export const resourcequota = defineResource<KubeObject>({
  group: '',
  version: 'v1',
  kind: 'ResourceQuota',
  plural: 'resourcequotas',
  singular: 'resourcequota',
  namespaced: true,
  table: resourcequotaTable,
  shortNames: ['quota'],
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  defaults(obj) {
    canonicalizeResourceList(obj.spec?.hard);
    canonicalizeResourceList(obj.status?.hard);
    canonicalizeResourceList(obj.status?.used);
  },
  prepareForCreate(obj) {
    obj.status = {};
  },
  validate: validateQuota,
  validateUpdate(obj, old) {
    const errs = [...validateQuota(obj), ...validateHard(obj.status?.hard, 'status.hard'), ...validateHard(obj.status?.used, 'status.used')];
    const before = [...new Set<string>(old.spec?.scopes ?? [])].sort().join(',');
    const after = [...new Set<string>(obj.spec?.scopes ?? [])].sort().join(',');
    if (before !== after) {
      errs.push(invalid('spec.scopes', obj.spec?.scopes ?? null, 'field is immutable'));
    }
    return errs;
  },
});
