import { isIP } from 'node:net';
import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { invalid, isDNS1123Subdomain, required, validateImmutableField } from 'src/registry/generic/validation';
import { ipaddressTable } from 'src/registry/networking/ipaddress.table';

// Semantics: kubernetes pkg/apis/networking/validation/validation.go ValidateIPAddressName,
// ValidateIPAddress, validateIPAddressParentReference, ValidateIPAddressUpdate, and
// pkg/registry/networking/ipaddress/strategy.go (1.35). The allocator of service cluster IPs
// creates one per allocated address (src/registry/core/service/cluster-ip-allocator.ts).

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** The canonical text of an address as Go's netip.Addr.String() writes it. */
function canonicalIP(ip: string): string {
  return isIP(ip) === 6 ? new URL(`http://[${ip}]`).hostname.slice(1, -1) : ip;
}

/** ValidateIPAddressName: the name is an IP address in canonical form; generateName is not supported. */
export function ipAddressName(name: string): string[] {
  if (isIP(name) === 0) {
    return [`ParseAddr(${JSON.stringify(name)}): unable to parse IP`];
  }
  return canonicalIP(name) === name ? [] : ['must be a canonical format IP address'];
}

/** IsValidPathSegmentName: what a path segment (resource, name, namespace) may not be. */
function pathSegmentErrors(value: string): string[] {
  if (value === '.' || value === '..') {
    return [`may not be '${value}'`];
  }
  return ['/', '%'].filter((c) => value.includes(c)).map((c) => `may not contain '${c}'`);
}

/** validateIPAddressParentReference: resource and name are required; the core group is ''. */
function validateParentRef(ref: Obj | undefined): FieldError[] {
  const path = 'spec.parentRef';
  if (ref == null) {
    return [required(path)];
  }
  const errs: FieldError[] = [];
  if (ref.group) {
    errs.push(...isDNS1123Subdomain(ref.group).map((m) => invalid(`${path}.group`, ref.group, m)));
  }
  for (const key of ['resource', 'name'] as const) {
    if (!ref[key]) {
      errs.push(required(`${path}.${key}`));
    } else {
      errs.push(...pathSegmentErrors(ref[key]).map((m) => invalid(`${path}.${key}`, ref[key], m)));
    }
  }
  if (ref.namespace) {
    errs.push(...pathSegmentErrors(ref.namespace).map((m) => invalid(`${path}.namespace`, ref.namespace, m)));
  }
  return errs;
}

/** networking.k8s.io/v1 ipaddresses: cluster-scoped, named by the address, pointing at their owner. */
export const ipaddress = defineResource<KubeObject>({
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'IPAddress',
  plural: 'ipaddresses',
  singular: 'ipaddress',
  namespaced: false,
  shortNames: ['ip'],
  table: ipaddressTable,
  nameValidator: ipAddressName,
  validate: (obj) => validateParentRef(obj.spec?.parentRef),
  validateUpdate: (obj, old) => validateImmutableField(obj.spec?.parentRef ?? null, old.spec?.parentRef ?? null, 'spec.parentRef'),
});
