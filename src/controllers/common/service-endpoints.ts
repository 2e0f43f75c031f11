import { isPodReady, isPodTerminal } from 'src/controllers/common/pods';
import { jsonEqual } from 'src/registry/generic/validation';
import type { KubeObject } from 'src/registry/generic/object';

// What the Endpoints and EndpointSlice controllers share: which pods back a Service, which ports
// they serve, and which pod changes matter.
// Semantics: kubernetes staging/src/k8s.io/endpointslice/util/controller_utils.go and utils.go FindPort.

/** A Service port (core/v1 ServicePort) as the controllers read it. */
export interface ServicePort {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: number | string;
  appProtocol?: string;
}

/** Whether a Service selects pods; services without a selector get their endpoints from elsewhere. */
export function hasSelector(svc: KubeObject): boolean {
  return svc.spec?.selector != null && svc.spec?.type !== 'ExternalName';
}

/** Whether a Service's selector (a plain label map; empty selects nothing) matches these labels. */
export function selectorMatches(selector: Record<string, string> | undefined | null, labels: Record<string, string> | undefined): boolean {
  if (selector == null) {
    return false;
  }
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/**
 * Whether a pod belongs in a Service's Endpoints/EndpointSlices: not terminal, has an IP, and not
 * terminating unless `includeTerminating`. Semantics: ShouldPodBeInEndpoints.
 */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) {
    return false;
  }
  if (!pod.status?.podIP && !pod.status?.podIPs?.length) {
    return false;
  }
  return includeTerminating || !pod.metadata.deletionTimestamp;
}

/** Whether an endpoint gets the pod's hostname: its subdomain names the Service. Semantics: ShouldSetHostname. */
export function shouldSetHostname(pod: KubeObject, svc: KubeObject): boolean {
  return !!pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name && svc.metadata.namespace === pod.metadata.namespace;
}

/** Whether the Service has a cluster IP (not headless). */
export function isServiceIPSet(svc: KubeObject): boolean {
  const ip = svc.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/**
 * The container port a Service port reaches on a pod: a numeric targetPort as is, a named one
 * looked up (with the same protocol) in the containers and restartable init containers; undefined
 * when the name does not resolve. Semantics: FindPort.
 */
export function findPort(pod: KubeObject, svcPort: ServicePort): number | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  if (typeof target === 'number') {
    return target;
  }
  const protocol = svcPort.protocol ?? 'TCP';
  const containers: Record<string, any>[] = [
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.initContainers ?? []).filter((c: Record<string, any>) => c.restartPolicy === 'Always'),
  ];
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) {
        return p.containerPort;
      }
    }
  }
  return undefined;
}

/** The pod IPs in order (status.podIPs, or status.podIP alone). */
export function podIPs(pod: KubeObject): string[] {
  const ips: { ip: string }[] = pod.status?.podIPs ?? [];
  if (ips.length > 0) {
    return ips.map((p) => p.ip);
  }
  return pod.status?.podIP ? [pod.status.podIP] : [];
}

/**
 * How a pod update matters to endpoints: `podChanged` when deletionTimestamp, readiness or IPs
 * changed; `labelsChanged` when labels, hostname or subdomain changed. Semantics: podEndpointsChanged.
 */
export function podEndpointsChanged(old: KubeObject, cur: KubeObject): { podChanged: boolean; labelsChanged: boolean } {
  const labelsChanged =
    !jsonEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {}) ||
    old.spec?.hostname !== cur.spec?.hostname ||
    old.spec?.subdomain !== cur.spec?.subdomain;
  const podChanged =
    old.metadata.deletionTimestamp !== cur.metadata.deletionTimestamp || isPodReady(old) !== isPodReady(cur) || podIPs(old).join(',') !== podIPs(cur).join(',');
  return { podChanged, labelsChanged };
}

/** Keys (`ns/name`) of the Services among `services` whose selector matches the labels. */
export function servicesSelecting(services: KubeObject[], labels: Record<string, string> | undefined): Set<string> {
  const keys = new Set<string>();
  for (const svc of services) {
    if (svc.spec?.selector != null && selectorMatches(svc.spec.selector, labels)) {
      keys.add(`${svc.metadata.namespace}/${svc.metadata.name}`);
    }
  }
  return keys;
}

/**
 * The Services to sync after a pod event (`old` absent on add, `cur` absent on delete), given the
 * Services of the pod's namespace. Semantics: GetPodUpdateProjectionKey + GetServicesToUpdate.
 */
export function servicesForPodEvent(servicesInNamespace: KubeObject[], old: KubeObject | undefined, cur: KubeObject | undefined): Set<string> {
  if (!old || !cur) {
    return servicesSelecting(servicesInNamespace, (cur ?? old)!.metadata.labels);
  }
  if (old.metadata.resourceVersion === cur.metadata.resourceVersion) {
    return new Set();
  }
  const { podChanged, labelsChanged } = podEndpointsChanged(old, cur);
  if (!podChanged && !labelsChanged) {
    return new Set();
  }
  const now = servicesSelecting(servicesInNamespace, cur.metadata.labels);
  if (!labelsChanged) {
    return now;
  }
  const before = servicesSelecting(servicesInNamespace, old.metadata.labels);
  if (podChanged) {
    return new Set([...now, ...before]);
  }
  // Only labels changed: the services that gained or lost the pod.
  return new Set([...[...now].filter((k) => !before.has(k)), ...[...before].filter((k) => !now.has(k))]);
}
