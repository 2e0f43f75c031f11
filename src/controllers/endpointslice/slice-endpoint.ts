import { isIP } from 'node:net';
import { isPodReady } from 'src/controllers/common/pods';
import { findPort, isServiceIPSet, podIPs, shouldSetHostname, type ServicePort } from 'src/controllers/common/service-endpoints';
import { jsonEqual } from 'src/registry/generic/validation';
import type { KubeObject } from 'src/registry/generic/object';

// One pod as an EndpointSlice endpoint, and the identity of slices.
// Semantics: kubernetes staging/src/k8s.io/endpointslice/utils.go (podToEndpoint, getEndpointPorts,
// getEndpointAddresses, newEndpointSlice, setEndpointSliceLabels, getAddressTypesForService, ownedBy)
// and util/endpointset.go (hashEndpoint), util/controller_utils.go (NewPortMapKey, EndpointsEqualBeyondHash).

/** The label naming a slice's Service. */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
/** The label naming a slice's manager. */
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
/** This controller's value of LABEL_MANAGED_BY. */
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** The label of slices of a headless Service. */
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';

/** discovery/v1 EndpointPort. */
export interface SlicePort {
  name?: string;
  protocol?: string;
  port?: number;
  appProtocol?: string;
}

/** discovery/v1 Endpoint. */
export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  targetRef?: { kind: string; namespace?: string; name?: string; uid?: string; resourceVersion?: string };
  nodeName?: string;
  zone?: string;
  hints?: unknown;
}

/** The endpoint a pod makes in a slice of `addressType`. Semantics: podToEndpoint. */
export function podToEndpoint(pod: KubeObject, node: KubeObject | undefined, svc: KubeObject, addressType: string): SliceEndpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = svc.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const ep: SliceEndpoint = {
    addresses: podIPs(pod).filter((ip) => (isIP(ip) === 6 ? addressType === 'IPv6' : addressType === 'IPv4')),
    conditions: { ready, serving, terminating },
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
  };
  if (pod.spec?.nodeName) {
    ep.nodeName = pod.spec.nodeName;
  }
  const zone = node?.metadata.labels?.['topology.kubernetes.io/zone'];
  if (zone) {
    ep.zone = zone;
  }
  if (shouldSetHostname(pod, svc)) {
    ep.hostname = pod.spec.hostname;
  }
  return ep;
}

/** The ports a pod serves for a Service (named target ports that do not resolve are left out). Semantics: getEndpointPorts. */
export function endpointPorts(svc: KubeObject, pod: KubeObject): SlicePort[] {
  const ports: ServicePort[] = svc.spec?.ports ?? [];
  const out: SlicePort[] = [];
  for (const sp of ports) {
    const port = findPort(pod, sp);
    if (port === undefined) {
      continue;
    }
    const p: SlicePort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol != null) {
      p.appProtocol = sp.appProtocol;
    }
    out.push(p);
  }
  return out;
}

/** A key identifying a set of ports regardless of order. Semantics: NewPortMapKey. */
export function portMapKey(ports: SlicePort[] | null | undefined): string {
  return (ports ?? [])
    .map((p) => JSON.stringify([p.name ?? null, p.protocol ?? null, p.port ?? null, p.appProtocol ?? null]))
    .sort()
    .join('|');
}

/** The identity of an endpoint within a slice: addresses, hostname and target. Semantics: hashEndpoint. */
export function endpointKey(ep: SliceEndpoint): string {
  return JSON.stringify([[...(ep.addresses ?? [])].sort(), ep.hostname ?? '', ep.targetRef?.namespace ?? '', ep.targetRef?.name ?? '']);
}

/** Whether two endpoints of the same identity are equal in every other respect. Semantics: EndpointsEqualBeyondHash. */
export function endpointsEqualBeyondKey(a: SliceEndpoint, b: SliceEndpoint): boolean {
  const ref = (e: SliceEndpoint) => (e.targetRef ? { ...e.targetRef, resourceVersion: undefined } : null);
  return (
    (a.nodeName ?? null) === (b.nodeName ?? null) &&
    (a.zone ?? null) === (b.zone ?? null) &&
    (a.conditions?.ready ?? null) === (b.conditions?.ready ?? null) &&
    (a.conditions?.serving ?? null) === (b.conditions?.serving ?? null) &&
    (a.conditions?.terminating ?? null) === (b.conditions?.terminating ?? null) &&
    jsonEqual(ref(a), ref(b))
  );
}

/** The address types a Service's slices carry. Semantics: getAddressTypesForService. */
export function addressTypesForService(svc: KubeObject): string[] {
  const families: string[] = (svc.spec?.ipFamilies ?? []).filter((f: string) => f === 'IPv4' || f === 'IPv6');
  if (families.length > 0) {
    return [...new Set(families)];
  }
  if (isServiceIPSet(svc)) {
    return [isIP(svc.spec.clusterIP) === 6 ? 'IPv6' : 'IPv4'];
  }
  return ['IPv4', 'IPv6'];
}

/** Whether a slice is owned by the Service (by uid). Semantics: ownedBy. */
export function ownedBy(slice: KubeObject, svc: KubeObject): boolean {
  return (slice.metadata.ownerReferences ?? []).some((o) => o.uid === svc.metadata.uid && o.kind === 'Service' && o.apiVersion === 'v1');
}

const RESERVED_LABELS = new Set([LABEL_SERVICE_NAME, LABEL_MANAGED_BY, LABEL_HEADLESS]);

/**
 * A slice's labels: the Service's (reserved keys excepted), the headless marker, the service name
 * and the manager; `changed` when the Service's own labels differ from the slice's.
 * Semantics: setEndpointSliceLabels.
 */
export function sliceLabels(slice: KubeObject | undefined, svc: KubeObject): { labels: Record<string, string>; changed: boolean } {
  const keep = (labels: Record<string, string> | undefined) => Object.fromEntries(Object.entries(labels ?? {}).filter(([k]) => !RESERVED_LABELS.has(k)));
  const current = keep(slice?.metadata.labels);
  const labels = keep(svc.metadata.labels);
  const changed = !jsonEqual(current, labels);
  if (!isServiceIPSet(svc)) {
    labels[LABEL_HEADLESS] = '';
  }
  labels[LABEL_SERVICE_NAME] = svc.metadata.name!;
  labels[LABEL_MANAGED_BY] = CONTROLLER_NAME;
  return { labels, changed };
}

/** A name prefix for a Service's slices: `<service>-`. Semantics: getEndpointSlicePrefix. */
export function slicePrefix(serviceName: string): string {
  return serviceName.length + 1 <= 253 ? `${serviceName}-` : serviceName;
}

/** A new, empty slice of a Service. Semantics: newEndpointSlice. */
export function newEndpointSlice(svc: KubeObject, ports: SlicePort[], addressType: string): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: slicePrefix(svc.metadata.name!),
      namespace: svc.metadata.namespace,
      labels: sliceLabels(undefined, svc).labels,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name!, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    addressType,
    endpoints: [],
    ports,
  };
}
