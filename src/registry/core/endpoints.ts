import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { endpointsTable } from 'src/registry/core/endpoints.table';
import { invalid, isDNS1123Label, isQualifiedName, isValidIP, isValidPortNum, nameIsDNSSubdomain, notSupported, required } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/core/v1/defaults.go SetDefaults_Endpoints and
// pkg/apis/core/validation ValidateEndpoints, validateEndpointSubsets, ValidateNonSpecialIP.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

function validateAddress(a: Obj, field: string): FieldError[] {
  const ip: string = a?.ip ?? '';
  const errs = isValidIP(ip).map((m) => invalid(`${field}.ip`, ip, m));
  if (a?.hostname) {
    errs.push(...isDNS1123Label(a.hostname).map((m) => invalid(`${field}.hostname`, a.hostname, m)));
  }
  if (a?.nodeName != null) {
    errs.push(...nameIsDNSSubdomain(a.nodeName, false).map((m) => invalid(`${field}.nodeName`, a.nodeName, m)));
  }
  if (errs.length === 0) {
    if (/^(0\.0\.0\.0|::)$/.test(ip)) {
      errs.push(invalid(`${field}.ip`, ip, `may not be unspecified (${ip})`));
    } else if (/^127\./.test(ip) || ip === '::1') {
      errs.push(invalid(`${field}.ip`, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
    } else if (/^169\.254\./.test(ip) || /^fe[89ab]/i.test(ip)) {
      errs.push(invalid(`${field}.ip`, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
    } else if (/^224\.0\.0\./.test(ip) || /^ff02:/i.test(ip)) {
      errs.push(invalid(`${field}.ip`, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
    }
  }
  return errs;
}

function validateSubsets(subsets: Obj[] | undefined): FieldError[] {
  const errs: FieldError[] = [];
  (subsets ?? []).forEach((ss, i) => {
    const path = `subsets[${i}]`;
    if (!ss?.addresses?.length && !ss?.notReadyAddresses?.length) {
      errs.push(required(path, 'must specify `addresses` or `notReadyAddresses`'));
    }
    (ss?.addresses ?? []).forEach((a: Obj, j: number) => errs.push(...validateAddress(a, `${path}.addresses[${j}]`)));
    (ss?.notReadyAddresses ?? []).forEach((a: Obj, j: number) => errs.push(...validateAddress(a, `${path}.notReadyAddresses[${j}]`)));
    const ports: Obj[] = ss?.ports ?? [];
    ports.forEach((p, j) => {
      const pp = `${path}.ports[${j}]`;
      if (ports.length > 1 && !p.name) {
        errs.push(required(`${pp}.name`));
      } else if (p.name) {
        errs.push(...isDNS1123Label(p.name).map((m) => invalid(`${pp}.name`, p.name, m)));
      }
      errs.push(...isValidPortNum(p.port).map((m) => invalid(`${pp}.port`, p.port ?? 0, m)));
      if (!p.protocol) {
        errs.push(required(`${pp}.protocol`));
      } else if (!['SCTP', 'TCP', 'UDP'].includes(p.protocol)) {
        errs.push(notSupported(`${pp}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
      }
      if (p.appProtocol != null) {
        errs.push(...isQualifiedName(p.appProtocol).map((m) => invalid(`${pp}.appProtocol`, p.appProtocol, m)));
      }
    });
  });
  return errs;
}

/** core/v1 endpoints (deprecated upstream in favour of EndpointSlices, still served). */
export const endpoints = defineResource<KubeObject>({
  group: '',
  version: 'v1',
  kind: 'Endpoints',
  plural: 'endpoints',
  singular: 'endpoints',
  namespaced: true,
  table: endpointsTable,
  shortNames: ['ep'],
  allowCreateOnUpdate: true,
  defaults(obj) {
    for (const ss of obj.subsets ?? []) {
      for (const p of ss?.ports ?? []) {
        p.protocol ||= 'TCP';
      }
    }
  },
  validate: (obj) => validateSubsets(obj.subsets),
  validateUpdate: (obj) => validateSubsets(obj.subsets),
});
