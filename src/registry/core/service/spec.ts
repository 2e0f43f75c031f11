import type { FieldError } from 'src/registry/generic/object';
import { invalid } from 'src/registry/generic/validation';
import { isExternallyAccessible } from 'src/registry/core/service/validation';

// Semantics: kubernetes pkg/api/service/util.go NeedsHealthCheck, pkg/registry/core/service/strategy.go
// dropTypeDependentFields, and storage/alloc.go (shouldAllocateNodePorts, collectServiceNodePorts,
// the family checks of initIPFamilyFields for a single-stack IPv4 cluster).

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** Whether the Service holds cluster IPs: neither ExternalName nor headless. */
export function hasClusterIP(spec: Obj): boolean {
  return spec.type !== 'ExternalName' && (spec.clusterIPs?.[0] ?? spec.clusterIP) !== 'None';
}

/** NodePort and LoadBalancer Services have node ports (requested ones at least). */
export function needsNodePorts(spec: Obj): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer';
}

/** shouldAllocateNodePorts: NodePort always, LoadBalancer unless allocateLoadBalancerNodePorts is false. */
export function shouldAllocateNodePorts(spec: Obj): boolean {
  return spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
}

/** NeedsHealthCheck: a LoadBalancer with externalTrafficPolicy Local. */
export function needsHealthCheck(spec: Obj): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

/** collectServiceNodePorts: the non-zero node ports of the Service's ports. */
export function nodePortsOf(spec: Obj): number[] {
  return ((spec.ports ?? []) as Obj[]).map((p) => p.nodePort).filter((n): n is number => typeof n === 'number' && n > 0);
}

/** The health check node port the Service holds, if it needs one. */
export function healthCheckNodePort(spec: Obj): number[] {
  return needsHealthCheck(spec) && spec.healthCheckNodePort > 0 ? [spec.healthCheckNodePort] : [];
}

function sameList(a: unknown[] | undefined, b: unknown[] | undefined): boolean {
  return (a ?? []).length === (b ?? []).length && (a ?? []).every((v, i) => v === b![i]);
}

/**
 * initIPFamilyFields on a single-stack IPv4 cluster: IPv6 addresses, IPv6 families and required
 * dual stack are refused (headless Services without a selector may name both families).
 */
export function checkIPFamilies(spec: Obj): FieldError[] {
  if (spec.type === 'ExternalName') {
    return [];
  }
  const ips: string[] = spec.clusterIPs ?? [];
  const v6 = ips.findIndex((ip) => ip !== 'None' && ip.includes(':'));
  if (v6 >= 0) {
    const rendered = `[]string{${ips.map((ip) => JSON.stringify(ip)).join(', ')}}`;
    return [{ type: 'FieldValueInvalid', field: `spec.clusterIPs[${v6}]`, detail: `${rendered}: IPv6 is not configured on this cluster` }];
  }
  if (spec.clusterIP === 'None' && !Object.keys(spec.selector ?? {}).length) {
    return [];
  }
  const errs: FieldError[] = [];
  if (spec.ipFamilyPolicy === 'RequireDualStack') {
    errs.push(invalid('spec.ipFamilyPolicy', 'RequireDualStack', 'this cluster is not configured for dual-stack services'));
  }
  ((spec.ipFamilies ?? []) as string[]).forEach((f, i) => f !== 'IPv4' && errs.push(invalid(`spec.ipFamilies[${i}]`, f, 'not configured on this cluster')));
  return errs;
}

/**
 * dropTypeDependentFields: when an update switches to a type that no longer uses a field the
 * server may have filled in, and the user left that field as it was, it is cleared (its
 * allocation is released after the write).
 */
export function dropTypeDependentFields(s: Obj, old: Obj): void {
  if (old.type !== 'ExternalName' && s.type === 'ExternalName') {
    if (sameList(old.clusterIPs, s.clusterIPs)) {
      delete s.clusterIP;
      delete s.clusterIPs;
    }
    if (sameList(old.ipFamilies, s.ipFamilies)) {
      delete s.ipFamilies;
    }
    if (old.ipFamilyPolicy === s.ipFamilyPolicy) {
      delete s.ipFamilyPolicy;
    }
  }
  const ports: Obj[] = s.ports ?? [];
  const sameNodePorts = ports.length === (old.ports ?? []).length && ports.every((p, i) => (p.nodePort ?? 0) === (old.ports[i].nodePort ?? 0));
  if (needsNodePorts(old) && !needsNodePorts(s) && sameNodePorts) {
    ports.forEach((p) => delete p.nodePort);
  }
  if (needsHealthCheck(old) && !needsHealthCheck(s) && old.healthCheckNodePort === s.healthCheckNodePort) {
    delete s.healthCheckNodePort;
  }
  if (old.type === 'LoadBalancer' && s.type !== 'LoadBalancer') {
    if (s.allocateLoadBalancerNodePorts != null && s.allocateLoadBalancerNodePorts === old.allocateLoadBalancerNodePorts) {
      delete s.allocateLoadBalancerNodePorts;
    }
    if (s.loadBalancerClass === old.loadBalancerClass) {
      delete s.loadBalancerClass;
    }
  }
  if (isExternallyAccessible(old) && !isExternallyAccessible(s) && s.externalTrafficPolicy === old.externalTrafficPolicy) {
    delete s.externalTrafficPolicy;
  }
}
