import { isIP } from 'node:net';
import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { endpointsliceTable } from 'src/registry/discovery/endpointslice.table';
import {
  duplicate,
  invalid,
  isDNS1123Label,
  isDNS1123Subdomain,
  isLabelValue,
  isQualifiedName,
  jsonEqual,
  nameIsDNSSubdomain,
  notSupported,
  required,
  validateImmutableField,
  validateLabels,
} from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/discovery/v1/defaults.go SetDefaults_EndpointPort,
// pkg/registry/discovery/endpointslice/strategy.go (generation, dropTopologyOnV1) and
// pkg/apis/discovery/validation ValidateEndpointSlice / ValidateEndpointSliceUpdate (1.35).

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_ZONE_HINTS = 8;
const MAX_TOPOLOGY_LABELS = 16;

/** field.TooMany (reported as an Invalid value: FieldError has no TooMany type). */
function tooMany(field: string, actual: number, max: number): FieldError {
  return { type: 'FieldValueInvalid', field, value: actual, detail: `must have at most ${max} items` };
}

/** ValidateEndpointIP: a usable unicast address. */
function endpointIPErrors(ip: string, field: string): FieldError[] {
  if (/^(0\.0\.0\.0|::)$/.test(ip)) {
    return [invalid(field, ip, `may not be unspecified (${ip})`)];
  }
  if (/^127\./.test(ip) || ip === '::1') {
    return [invalid(field, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)')];
  }
  if (/^169\.254\./.test(ip) || /^fe[89ab]/i.test(ip)) {
    return [invalid(field, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)')];
  }
  if (/^224\.0\.0\./.test(ip) || /^ff02:/i.test(ip)) {
    return [invalid(field, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)')];
  }
  return [];
}

/** IsFullyQualifiedDomainName. */
function fqdnErrors(value: string, field: string): FieldError[] {
  const name = value.replace(/\.$/, '');
  if (name.split('.').length < 2) {
    return [invalid(field, value, 'should be a domain with at least two segments separated by dots')];
  }
  return isDNS1123Subdomain(name).map((m) => invalid(field, value, m));
}

function validateAddress(address: string, type: string, field: string): FieldError[] {
  switch (type) {
    case 'IPv4':
      return isIP(address) === 4 ? endpointIPErrors(address, field) : [invalid(field, address, 'must be a valid IPv4 address')];
    case 'IPv6':
      return isIP(address) === 6 ? endpointIPErrors(address, field) : [invalid(field, address, 'must be a valid IPv6 address')];
    case 'FQDN':
      return fqdnErrors(address, field);
    default:
      return [];
  }
}

function validateHints(hints: Obj, field: string): FieldError[] {
  const zones: Obj[] = hints.forZones ?? [];
  if (zones.length > MAX_ZONE_HINTS) {
    return [tooMany(`${field}.forZones`, zones.length, MAX_ZONE_HINTS)];
  }
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  zones.forEach((z, i) => {
    const path = `${field}.forZones[${i}].name`;
    const name = String(z?.name ?? '');
    if (seen.has(name)) {
      errs.push(duplicate(path, name));
    }
    seen.add(name);
    errs.push(...isLabelValue(name).map((m) => invalid(path, name, m)));
  });
  return errs;
}

function validateEndpoints(endpoints: Obj[], type: string): FieldError[] {
  if (endpoints.length > MAX_ENDPOINTS) {
    return [tooMany('endpoints', endpoints.length, MAX_ENDPOINTS)];
  }
  const errs: FieldError[] = [];
  endpoints.forEach((ep, i) => {
    const path = `endpoints[${i}]`;
    const addresses: string[] = ep?.addresses ?? [];
    if (addresses.length === 0) {
      errs.push(required(`${path}.addresses`, 'must contain at least 1 address'));
    } else if (addresses.length > MAX_ADDRESSES) {
      errs.push(tooMany(`${path}.addresses`, addresses.length, MAX_ADDRESSES));
    }
    addresses.forEach((a, j) => errs.push(...validateAddress(String(a), type, `${path}.addresses[${j}]`)));
    if (ep?.nodeName != null) {
      errs.push(...nameIsDNSSubdomain(ep.nodeName, false).map((m) => invalid(`${path}.nodeName`, ep.nodeName, m)));
    }
    const topology: Record<string, string> = ep?.deprecatedTopology ?? {};
    if (Object.keys(topology).length > MAX_TOPOLOGY_LABELS) {
      errs.push(tooMany(`${path}.deprecatedTopology`, Object.keys(topology).length, MAX_TOPOLOGY_LABELS));
    }
    errs.push(...validateLabels(topology, `${path}.deprecatedTopology`));
    if (ep?.hostname != null) {
      errs.push(...isDNS1123Label(ep.hostname).map((m) => invalid(`${path}.hostname`, ep.hostname, m)));
    }
    if (ep?.hints != null) {
      errs.push(...validateHints(ep.hints, `${path}.hints`));
    }
  });
  return errs;
}

function validatePorts(ports: Obj[]): FieldError[] {
  if (ports.length > MAX_PORTS) {
    return [tooMany('ports', ports.length, MAX_PORTS)];
  }
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const path = `ports[${i}]`;
    const name = String(p?.name ?? '');
    if (name) {
      errs.push(...isDNS1123Label(name).map((m) => invalid(`${path}.name`, name, m)));
    }
    if (names.has(name)) {
      errs.push(duplicate(`${path}.name`, name));
    }
    names.add(name);
    if (p?.protocol == null) {
      errs.push(required(`${path}.protocol`));
    } else if (!PROTOCOLS.includes(p.protocol)) {
      errs.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
    }
    if (p?.appProtocol != null) {
      errs.push(...isQualifiedName(p.appProtocol).map((m) => invalid(`${path}.appProtocol`, p.appProtocol, m)));
    }
  });
  return errs;
}

function validateEndpointSlice(obj: KubeObject): FieldError[] {
  const type = String(obj.addressType ?? '');
  const errs: FieldError[] = [];
  if (!type) {
    errs.push(required('addressType'));
  } else if (!ADDRESS_TYPES.includes(type)) {
    errs.push(notSupported('addressType', type, ADDRESS_TYPES));
  }
  errs.push(...validateEndpoints(obj.endpoints ?? [], type));
  errs.push(...validatePorts(obj.ports ?? []));
  return errs;
}

/** dropTopologyOnV1: a v1 write never stores deprecatedTopology. */
function dropTopology(obj: KubeObject): void {
  for (const ep of obj.endpoints ?? []) {
    if (ep && typeof ep === 'object') {
      delete ep.deprecatedTopology;
    }
  }
}

/** discovery.k8s.io/v1 endpointslices: the endpoints of a Service, at most 1000 per slice. */
export const endpointslice = defineResource<KubeObject>({
  group: 'discovery.k8s.io',
  version: 'v1',
  kind: 'EndpointSlice',
  plural: 'endpointslices',
  singular: 'endpointslice',
  namespaced: true,
  table: endpointsliceTable,
  tracksGeneration: true,
  defaults(obj) {
    for (const p of obj.ports ?? []) {
      if (p && typeof p === 'object') {
        p.name ??= '';
        p.protocol ??= 'TCP';
      }
    }
  },
  prepareForCreate: dropTopology,
  prepareForUpdate(obj, old) {
    // Upstream also counts a label change as a new generation.
    if (obj.metadata.generation === old.metadata.generation && !jsonEqual(obj.metadata.labels ?? {}, old.metadata.labels ?? {})) {
      obj.metadata.generation = (old.metadata.generation ?? 1) + 1;
    }
    if (!jsonEqual(obj.endpoints ?? null, old.endpoints ?? null)) {
      dropTopology(obj);
    }
  },
  validate: validateEndpointSlice,
  validateUpdate: (obj, old) => [...validateEndpointSlice(obj), ...validateImmutableField(obj.addressType, old.addressType, 'addressType')],
});
