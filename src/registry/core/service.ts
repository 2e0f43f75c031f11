import type { KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { serviceTable } from 'src/registry/core/service.table';
import { dropTypeDependentFields } from 'src/registry/core/service/spec';
import { isExternallyAccessible, validateServiceSpec, validateServiceUpdate } from 'src/registry/core/service/validation';
import { nameIsDNS1035Label } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/core/v1/defaults.go SetDefaults_Service,
// pkg/registry/core/service/strategy.go (PrepareForCreate, NormalizeClusterIPs) and the
// allocation-independent parts of pkg/registry/core/service/storage (patchAllocatedValues,
// IP family defaults of a single-stack IPv4 cluster), dropTypeDependentFields. Cluster IP and node
// port allocation happen in service/allocator.ts, called by the generic store.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** Default session affinity timeout for ClientIP (3 hours). */
export const DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;

/** SetDefaults_Service plus the TCP protocol default of ports. */
export function defaultService(svc: KubeObject): void {
  const s: Obj = (svc.spec ??= {});
  s.sessionAffinity ||= 'None';
  if (s.sessionAffinity === 'None') {
    delete s.sessionAffinityConfig;
  }
  if (s.sessionAffinity === 'ClientIP' && s.sessionAffinityConfig?.clientIP?.timeoutSeconds == null) {
    s.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_TIMEOUT_SECONDS } };
  }
  s.type ||= 'ClusterIP';
  for (const p of s.ports ?? []) {
    p.protocol ||= 'TCP';
    if (p.targetPort == null || p.targetPort === 0 || p.targetPort === '') {
      p.targetPort = p.port;
    }
  }
  if (isExternallyAccessible(s) && !s.externalTrafficPolicy) {
    s.externalTrafficPolicy = 'Cluster';
  }
  if (s.internalTrafficPolicy == null && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(s.type)) {
    s.internalTrafficPolicy = 'Cluster';
  }
  if (s.type === 'LoadBalancer') {
    s.allocateLoadBalancerNodePorts ??= true;
    for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
      if (ing.ip && ing.ipMode == null) {
        ing.ipMode = 'VIP';
      }
    }
  }
}

/** NormalizeClusterIPs: clusterIP and clusterIPs[0] describe the same address. */
function normalizeClusterIPs(s: Obj): void {
  if (s.clusterIP && !s.clusterIPs?.length) {
    s.clusterIPs = [s.clusterIP];
  } else if (!s.clusterIP && s.clusterIPs?.length) {
    s.clusterIP = s.clusterIPs[0];
  }
}

/**
 * IP family defaults of a single-stack IPv4 cluster (initIPFamilyFields): a headless Service
 * without selector asks for dual stack and, unless SingleStack, lists both families.
 */
function defaultIPFamilies(s: Obj): void {
  if (s.type === 'ExternalName') {
    return;
  }
  const headlessWithoutSelector = s.clusterIP === 'None' && !Object.keys(s.selector ?? {}).length;
  s.ipFamilyPolicy ??= headlessWithoutSelector ? 'RequireDualStack' : 'SingleStack';
  if (!s.ipFamilies?.length) {
    s.ipFamilies = ['IPv4'];
  }
  if (headlessWithoutSelector && s.ipFamilyPolicy !== 'SingleStack' && s.ipFamilies.length === 1) {
    s.ipFamilies.push(s.ipFamilies[0] === 'IPv4' ? 'IPv6' : 'IPv4');
  }
}

/** patchAllocatedValues: an update that omits allocated values keeps them. */
function keepAllocatedValues(s: Obj, old: Obj): void {
  const needsClusterIP = (x: Obj) => x.type !== 'ExternalName' && x.clusterIP !== 'None';
  if (needsClusterIP(old) && needsClusterIP(s)) {
    if (!s.clusterIP && !s.clusterIPs?.length) {
      s.clusterIP = old.clusterIP;
      s.clusterIPs = old.clusterIPs;
    }
    s.ipFamilies ??= old.ipFamilies;
    s.ipFamilyPolicy ??= old.ipFamilyPolicy;
  }
  const needsNodePort = (x: Obj) => x.type === 'NodePort' || (x.type === 'LoadBalancer' && x.allocateLoadBalancerNodePorts !== false);
  if (needsNodePort(old) && needsNodePort(s)) {
    const used = new Set((s.ports ?? []).map((p: Obj) => p.nodePort).filter(Boolean));
    const byName = new Map<string, number>((old.ports ?? []).map((p: Obj) => [p.name ?? '', p.nodePort]));
    for (const p of s.ports ?? []) {
      const prev = byName.get(p.name ?? '');
      if (!p.nodePort && prev && !used.has(prev)) {
        p.nodePort = prev;
      }
    }
  }
  if (old.healthCheckNodePort && !s.healthCheckNodePort && s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local') {
    s.healthCheckNodePort = old.healthCheckNodePort;
  }
}

/** core/v1 services: defaulted, IP families set, status `{loadBalancer: {}}` on create. */
export const service = defineResource<KubeObject>({
  group: '',
  version: 'v1',
  kind: 'Service',
  plural: 'services',
  singular: 'service',
  namespaced: true,
  table: serviceTable,
  shortNames: ['svc'],
  categories: ['all'],
  subresources: [
    { name: 'proxy', kind: { group: '', version: 'v1', kind: 'ServiceProxyOptions' }, verbs: ['create', 'delete', 'get', 'patch', 'update'] },
    { name: 'status', verbs: ['get', 'patch', 'update'] },
  ],
  nameValidator: nameIsDNS1035Label,
  returnDeletedObject: true,
  allowCreateOnUpdate: true,
  defaults: defaultService,
  prepareForCreate(obj) {
    obj.status = { loadBalancer: {} };
    normalizeClusterIPs(obj.spec);
    defaultIPFamilies(obj.spec);
  },
  prepareForUpdate(obj, old) {
    obj.spec ??= {};
    keepAllocatedValues(obj.spec, old.spec ?? {});
    dropTypeDependentFields(obj.spec, old.spec ?? {});
    normalizeClusterIPs(obj.spec);
    if (old.spec?.type === 'ExternalName') {
      defaultIPFamilies(obj.spec);
    }
  },
  validate(obj) {
    return validateServiceSpec(obj.spec);
  },
  validateUpdate(obj, old) {
    return [...validateServiceUpdate(obj.spec, old.spec), ...validateServiceSpec(obj.spec)];
  },
  selectableFields: {
    'spec.clusterIP': (s) => s.spec?.clusterIP,
    'spec.type': (s) => s.spec?.type,
  },
});
