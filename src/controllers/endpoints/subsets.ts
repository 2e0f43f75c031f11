import { isIP } from 'node:net';
import { isPodReady } from 'src/controllers/common/pods';
import { findPort, podIPs, shouldPodBeInEndpoints, shouldSetHostname, type ServicePort } from 'src/controllers/common/service-endpoints';
import { jsonEqual } from 'src/registry/generic/validation';
import type { KubeObject } from 'src/registry/generic/object';

// The pure part of the Endpoints controller: the subsets a Service's pods make.
// Semantics: kubernetes pkg/controller/endpoint/endpoints_controller.go syncService,
// podToEndpointAddressForService, addEndpointSubset, truncateEndpoints, and
// pkg/api/v1/endpoints/util.go RepackSubsets / SortSubsets.

/** core/v1 EndpointAddress. */
export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: string; namespace?: string; name?: string; uid?: string; resourceVersion?: string };
}

/** core/v1 EndpointPort. */
export interface EndpointPort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}

/** core/v1 EndpointSubset. */
export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** Most addresses an Endpoints object keeps; more are truncated. */
export const MAX_ENDPOINTS_CAPACITY = 1000;

/** The address a pod offers a Service: its IP of the Service's (first) family. Semantics: podToEndpointAddressForService. */
export function podToEndpointAddress(svc: KubeObject, pod: KubeObject): EndpointAddress | undefined {
  let family = 'IPv4';
  const ips = podIPs(pod);
  if (svc.spec?.ipFamilies?.length) {
    family = svc.spec.ipFamilies[0];
  } else if (svc.spec?.clusterIP && svc.spec.clusterIP !== 'None') {
    family = isIP(svc.spec.clusterIP) === 6 ? 'IPv6' : 'IPv4';
  } else if (isIP(pod.status?.podIP ?? '') === 6) {
    family = 'IPv6';
  }
  const ip = ips.find((a) => (isIP(a) === 6) === (family === 'IPv6'));
  if (!ip) {
    return undefined;
  }
  const address: EndpointAddress = { ip };
  if (shouldSetHostname(pod, svc)) {
    address.hostname = pod.spec.hostname;
  }
  if (pod.spec?.nodeName) {
    address.nodeName = pod.spec.nodeName;
  }
  address.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
  return address;
}

/** The Endpoints port of a Service port reached on `port`. */
function endpointPort(sp: ServicePort, port: number): EndpointPort {
  const p: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
  if (sp.appProtocol != null) {
    p.appProtocol = sp.appProtocol;
  }
  return p;
}

/** The subsets a Service's selected pods make, already repacked, with the ready/not-ready counts. */
export function desiredSubsets(svc: KubeObject, pods: KubeObject[]): { subsets: EndpointSubset[]; ready: number; notReady: number } {
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const ports: ServicePort[] = svc.spec?.ports ?? [];
  const raw: EndpointSubset[] = [];
  let ready = 0;
  let notReady = 0;
  const add = (pod: KubeObject, address: EndpointAddress, port?: EndpointPort) => {
    const isReady = publishNotReady || isPodReady(pod);
    raw.push({ [isReady ? 'addresses' : 'notReadyAddresses']: [address], ports: port ? [port] : [] });
    if (isReady) {
      ready++;
    } else {
      notReady++;
    }
  };
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) {
      continue;
    }
    const address = podToEndpointAddress(svc, pod);
    if (!address) {
      continue;
    }
    if (ports.length === 0) {
      // Headless services may have no ports.
      if (svc.spec?.clusterIP === 'None') {
        add(pod, address);
      }
      continue;
    }
    for (const sp of ports) {
      const port = findPort(pod, sp);
      if (port !== undefined) {
        add(pod, address, endpointPort(sp, port));
      }
    }
  }
  return { subsets: repackSubsets(raw), ready, notReady };
}

const addressKey = (a: EndpointAddress) => `${a.ip}\u0000${a.targetRef?.uid ?? ''}`;

/** IP (byte order) then target uid, as LessEndpointAddress. */
function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) {
    return Buffer.compare(Buffer.from(a.ip), Buffer.from(b.ip));
  }
  return (a.targetRef?.uid ?? '').localeCompare(b.targetRef?.uid ?? '');
}

const portKey = (p: EndpointPort) => JSON.stringify([p.name ?? '', p.port, p.protocol ?? '', p.appProtocol ?? null]);

/**
 * The canonical layout of subsets: every address once, grouped with exactly the ports it serves,
 * not-ready winning over ready for the same port; addresses, ports and subsets sorted.
 * Semantics: RepackSubsets (ports-less subsets kept, as in current upstream) and SortSubsets.
 */
export function repackSubsets(subsets: EndpointSubset[]): EndpointSubset[] {
  const addrs = new Map<string, EndpointAddress>();
  const byPort = new Map<string, { port?: EndpointPort; ready: Map<string, boolean> }>();
  const mapAddress = (a: EndpointAddress, port: EndpointPort | undefined, ready: boolean) => {
    const key = addressKey(a);
    if (!addrs.has(key)) {
      addrs.set(key, a);
    }
    const pk = port ? portKey(port) : '';
    let entry = byPort.get(pk);
    if (!entry) {
      byPort.set(pk, (entry = { port, ready: new Map() }));
    }
    if (entry.ready.get(key) !== false) {
      entry.ready.set(key, ready);
    }
  };
  for (const ss of subsets) {
    const ports: (EndpointPort | undefined)[] = ss.ports?.length ? ss.ports : [undefined];
    for (const port of ports) {
      (ss.addresses ?? []).forEach((a) => mapAddress(a, port, true));
      (ss.notReadyAddresses ?? []).forEach((a) => mapAddress(a, port, false));
    }
  }
  const groups = new Map<string, { ready: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const { port, ready } of byPort.values()) {
    const key = [...ready.entries()]
      .map(([k, r]) => `${k}\u0001${r}`)
      .sort()
      .join('\u0002');
    let g = groups.get(key);
    if (!g) {
      groups.set(key, (g = { ready, ports: [] }));
    }
    if (port) {
      g.ports.push(port);
    }
  }
  const out: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const ss: EndpointSubset = {};
    const readyAddrs = [...g.ready].filter(([, r]) => r).map(([k]) => addrs.get(k)!);
    const notReadyAddrs = [...g.ready].filter(([, r]) => !r).map(([k]) => addrs.get(k)!);
    if (readyAddrs.length) {
      ss.addresses = readyAddrs.sort(compareAddresses);
    }
    if (notReadyAddrs.length) {
      ss.notReadyAddresses = notReadyAddrs.sort(compareAddresses);
    }
    if (g.ports.length) {
      ss.ports = g.ports.sort((a, b) => portKey(a).localeCompare(portKey(b)));
    }
    out.push(ss);
  }
  return out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** Addresses in all subsets, ready and not. */
export function countAddresses(subsets: EndpointSubset[]): number {
  return subsets.reduce((n, ss) => n + (ss.addresses?.length ?? 0) + (ss.notReadyAddresses?.length ?? 0), 0);
}

/**
 * Cuts subsets down to MAX_ENDPOINTS_CAPACITY addresses, spread over the subsets in proportion,
 * ready addresses first. Returns undefined when nothing needed cutting. Semantics: truncateEndpoints.
 */
export function truncateSubsets(subsets: EndpointSubset[]): EndpointSubset[] | undefined {
  const totalReady = subsets.reduce((n, ss) => n + (ss.addresses?.length ?? 0), 0);
  const totalNotReady = subsets.reduce((n, ss) => n + (ss.notReadyAddresses?.length ?? 0), 0);
  if (totalReady + totalNotReady <= MAX_ENDPOINTS_CAPACITY) {
    return undefined;
  }
  const truncateReady = totalReady > MAX_ENDPOINTS_CAPACITY;
  const max = truncateReady ? MAX_ENDPOINTS_CAPACITY : MAX_ENDPOINTS_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  return subsets.map((ss) => {
    const inSubset = truncateReady ? (ss.addresses?.length ?? 0) : (ss.notReadyAddresses?.length ?? 0);
    const toBeAdded = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    const next = { ...ss };
    if (truncateReady) {
      next.addresses = (ss.addresses ?? []).slice(0, toBeAdded);
      delete next.notReadyAddresses;
      canBeAdded -= next.addresses.length;
    } else {
      next.notReadyAddresses = (ss.notReadyAddresses ?? []).slice(0, toBeAdded);
      canBeAdded -= next.notReadyAddresses.length;
    }
    return next;
  });
}

/** Subsets equal, ignoring the resourceVersion of target references. */
export function subsetsEqual(a: EndpointSubset[] | undefined, b: EndpointSubset[] | undefined): boolean {
  const strip = (subsets: EndpointSubset[] | undefined) =>
    (subsets ?? []).map((ss) => ({
      ...ss,
      addresses: ss.addresses?.map((x) => ({ ...x, targetRef: x.targetRef && { ...x.targetRef, resourceVersion: undefined } })),
      notReadyAddresses: ss.notReadyAddresses?.map((x) => ({ ...x, targetRef: x.targetRef && { ...x.targetRef, resourceVersion: undefined } })),
    }));
  return jsonEqual(strip(a), strip(b));
}
