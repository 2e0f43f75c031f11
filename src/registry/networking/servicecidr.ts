import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { FIELD_IMMUTABLE_ERROR_MSG, invalid, required } from 'src/registry/generic/validation';
import { parseCidr } from 'src/registry/networking/formats';
import { servicecidrTable } from 'src/registry/networking/servicecidr.table';

// Semantics: kubernetes pkg/apis/networking/validation/validation.go ValidateServiceCIDR,
// ValidateServiceCIDRUpdate (a single-stack CIDR may gain the other family, nothing else changes)
// and pkg/registry/networking/servicecidr/strategy.go (status is the status subresource's; 1.35).

/** The address family of a CIDR string, by its notation. */
function familyOf(cidr: string): 4 | 6 {
  return cidr.includes(':') ? 6 : 4;
}

/** IsValidCIDR: parseable, and written as its network in canonical form. */
function validateCidr(field: string, value: string): FieldError[] {
  const parsed = typeof value === 'string' ? parseCidr(value) : undefined;
  if (!parsed) {
    return [invalid(field, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
  }
  if (parsed.bits === 32) {
    const octets = [24n, 16n, 8n, 0n].map((s) => String((parsed.network >> s) & 255n));
    const canonical = `${octets.join('.')}/${parsed.prefix}`;
    if (canonical !== value) {
      return [invalid(field, value, `must be in canonical form (${JSON.stringify(canonical)})`)];
    }
  }
  return [];
}

/** ValidateServiceCIDR: one or two CIDRs, valid, one per family. */
export function validateServiceCIDRSpec(spec: Record<string, any> | undefined): FieldError[] {
  const cidrs: string[] = spec?.cidrs ?? [];
  const path = 'spec.cidrs';
  if (cidrs.length === 0) {
    return [required(path, 'at least one CIDR required')];
  }
  if (cidrs.length > 2) {
    return [invalid(path, spec, 'may only hold up to 2 values')];
  }
  const errs = cidrs.flatMap((c, i) => validateCidr(`${path}[${i}]`, c));
  if (cidrs.length === 2 && familyOf(cidrs[0]) === familyOf(cidrs[1])) {
    errs.push(invalid(path, cidrs, 'may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64'));
  }
  return errs;
}

/** ValidateServiceCIDRUpdate: the CIDRs never change, except that a single CIDR may gain a second family. */
function validateServiceCIDRUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const next: string[] = obj.spec?.cidrs ?? [];
  const prev: string[] = old.spec?.cidrs ?? [];
  if (next.length === prev.length) {
    return prev.flatMap((c, i) => (c === next[i] ? [] : [invalid(`spec.cidrs[${i}]`, next[i], FIELD_IMMUTABLE_ERROR_MSG)]));
  }
  if (prev.length === 1 && next.length === 2) {
    const errs = next[0] === prev[0] ? [] : [invalid('spec.cidrs[0]', next[0], FIELD_IMMUTABLE_ERROR_MSG)];
    return [...errs, ...validateServiceCIDRSpec(obj.spec)];
  }
  return [invalid('spec.cidrs', next, FIELD_IMMUTABLE_ERROR_MSG)];
}

/** networking.k8s.io/v1 servicecidrs: the ranges cluster IPs are allocated from (`kubernetes` is the default one). */
export const servicecidr = defineResource<KubeObject>({
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'ServiceCIDR',
  plural: 'servicecidrs',
  singular: 'servicecidr',
  namespaced: false,
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  table: servicecidrTable,
  prepareForCreate(obj) {
    delete obj.status;
  },
  validate: (obj) => validateServiceCIDRSpec(obj.spec),
  validateUpdate: validateServiceCIDRUpdate,
});
