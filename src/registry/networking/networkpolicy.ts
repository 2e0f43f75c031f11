import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { networkpolicyTable } from 'src/registry/networking/networkpolicy.table';
import { isStrictSubnet, parseCidr, validateCidr } from 'src/registry/networking/formats';
import { validateLabelSelector } from 'src/registry/generic/label-selector-validation';
import { forbidden, invalid, isValidPortName, isValidPortNum, notSupported, required } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicy (policyTypes
// Ingress, plus Egress when egress rules exist) and SetDefaults_NetworkPolicyPort (TCP),
// pkg/registry/networking/networkpolicy/strategy.go (generation) and pkg/apis/networking/validation
// ValidateNetworkPolicySpec / ValidateNetworkPolicyPort / ValidateNetworkPolicyPeer / ValidateIPBlock.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** The rules of a policy: ingress rules list peers under `from`, egress rules under `to`. */
function ruleLists(spec: Obj): [string, string, Obj[]][] {
  return [
    ['ingress', 'from', spec.ingress ?? []],
    ['egress', 'to', spec.egress ?? []],
  ];
}

/** SetDefaults_NetworkPolicy and SetDefaults_NetworkPolicyPort. */
export function defaultNetworkPolicy(np: KubeObject): void {
  const s: Obj = (np.spec ??= {});
  // podSelector is a struct without omitempty: Go always writes it.
  s.podSelector ??= {};
  for (const [, , rules] of ruleLists(s)) {
    for (const rule of rules) {
      for (const port of rule?.ports ?? []) {
        if (port && port.protocol == null) {
          port.protocol = 'TCP';
        }
      }
    }
  }
  if (!Array.isArray(s.policyTypes) || s.policyTypes.length === 0) {
    s.policyTypes = (s.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}

function validatePort(port: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (port.protocol != null && !['TCP', 'UDP', 'SCTP'].includes(port.protocol)) {
    errs.push(notSupported(`${path}.protocol`, port.protocol, ['TCP', 'UDP', 'SCTP']));
  }
  if (port.port == null) {
    if (port.endPort != null) {
      errs.push(invalid(`${path}.endPort`, port.endPort, 'may not be specified when `port` is not specified'));
    }
  } else if (typeof port.port === 'number') {
    errs.push(...isValidPortNum(port.port).map((m) => invalid(`${path}.port`, port.port, m)));
    if (port.endPort != null) {
      if (port.endPort < port.port) {
        errs.push(invalid(`${path}.endPort`, port.port, 'must be greater than or equal to `port`'));
      }
      errs.push(...isValidPortNum(port.endPort).map((m) => invalid(`${path}.endPort`, port.endPort, m)));
    }
  } else {
    if (port.endPort != null) {
      errs.push(invalid(`${path}.endPort`, port.endPort, 'may not be specified when `port` is non-numeric'));
    }
    errs.push(...isValidPortName(String(port.port)).map((m) => invalid(`${path}.port`, port.port, m)));
  }
  return errs;
}

function validateIPBlock(block: Obj, path: string): FieldError[] {
  if (!block.cidr) {
    return [required(`${path}.cidr`)];
  }
  const errs = validateCidr(`${path}.cidr`, block.cidr);
  const cidr = parseCidr(block.cidr);
  if (!cidr) {
    return errs;
  }
  (block.except ?? []).forEach((text: string, i: number) => {
    const exceptPath = `${path}.except[${i}]`;
    const bad = validateCidr(exceptPath, text);
    errs.push(...bad);
    const except = parseCidr(text);
    if (except && !isStrictSubnet(except, cidr)) {
      errs.push(invalid(exceptPath, text, 'must be a strict subset of `cidr`'));
    }
  });
  return errs;
}

function validatePeer(peer: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let peers = 0;
  if (peer.podSelector != null) {
    peers++;
    errs.push(...validateLabelSelector(peer.podSelector, `${path}.podSelector`));
  }
  if (peer.namespaceSelector != null) {
    peers++;
    errs.push(...validateLabelSelector(peer.namespaceSelector, `${path}.namespaceSelector`));
  }
  if (peer.ipBlock != null) {
    peers++;
    errs.push(...validateIPBlock(peer.ipBlock, `${path}.ipBlock`));
  }
  if (peers === 0) {
    errs.push(required(path, 'must specify a peer'));
  } else if (peers > 1 && peer.ipBlock != null) {
    errs.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  }
  return errs;
}

/** ValidateNetworkPolicySpec. */
export function validateNetworkPolicySpec(spec: Obj | undefined): FieldError[] {
  const s: Obj = spec ?? {};
  const errs = validateLabelSelector(s.podSelector, 'spec.podSelector');
  for (const [list, peersKey, rules] of ruleLists(s)) {
    rules.forEach((rule, i) => {
      const path = `spec.${list}[${i}]`;
      (rule?.ports ?? []).forEach((p: Obj, j: number) => errs.push(...validatePort(p ?? {}, `${path}.ports[${j}]`)));
      (rule?.[peersKey] ?? []).forEach((p: Obj, j: number) => errs.push(...validatePeer(p ?? {}, `${path}.${peersKey}[${j}]`)));
    });
  }
  const types: string[] = s.policyTypes ?? [];
  if (types.length > 2) {
    errs.push(invalid('spec.policyTypes', types, 'may not specify more than two policyTypes'));
    return errs;
  }
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') {
      errs.push(notSupported(`spec.policyTypes[${i}]`, t, ['Ingress', 'Egress']));
    }
  });
  return errs;
}

/** networking.k8s.io/v1 networkpolicies (stored only: kubepg has no network plugin to enforce them). */
export const networkpolicy = defineResource<KubeObject>({
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'NetworkPolicy',
  plural: 'networkpolicies',
  singular: 'networkpolicy',
  namespaced: true,
  table: networkpolicyTable,
  shortNames: ['netpol'],
  tracksGeneration: true,
  defaults: defaultNetworkPolicy,
  validate: (obj) => validateNetworkPolicySpec(obj.spec),
  validateUpdate: (obj) => validateNetworkPolicySpec(obj.spec),
});
