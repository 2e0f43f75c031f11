import type { FieldError } from 'src/registry/generic/object';
import { validatePortNumOrName } from 'src/registry/core/validation/handler';
import {
  duplicate,
  forbidden,
  invalid,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidIP,
  isValidPortNum,
  notSupported,
  required,
  validateLabels,
} from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/core/validation/validation.go ValidateService,
// validateServicePort, validateServiceExternalTrafficPolicy, ValidateServiceUpdate (as of 1.35).
// Dual-stack family/IP consistency checks are reduced to the primary cluster IP.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

/** Headless: the primary cluster IP is `None`. */
export function isHeadless(spec: Obj | undefined): boolean {
  return (spec?.clusterIPs?.[0] ?? spec?.clusterIP) === 'None';
}

/** ExternallyAccessible: LoadBalancer, NodePort, or ClusterIP with external IPs. */
export function isExternallyAccessible(spec: Obj | undefined): boolean {
  return spec?.type === 'LoadBalancer' || spec?.type === 'NodePort' || (spec?.type === 'ClusterIP' && (spec?.externalIPs?.length ?? 0) > 0);
}

/** The internal ServicePort key upstream reports duplicates with (Go field names, no json tags). */
function portKey(protocol: string, port: number): Obj {
  return { Name: '', Protocol: protocol, AppProtocol: null, Port: port, TargetPort: 0, NodePort: 0 };
}

function validatePorts(ports: Obj[], field: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const path = `${field}[${i}]`;
    if (ports.length > 1 && !p.name) {
      errs.push(required(`${path}.name`));
    } else if (p.name) {
      errs.push(...isDNS1123Label(p.name).map((m) => invalid(`${path}.name`, p.name, m)));
      if (names.has(p.name)) {
        errs.push(duplicate(`${path}.name`, p.name));
      } else {
        names.add(p.name);
      }
    }
    errs.push(...isValidPortNum(p.port).map((m) => invalid(`${path}.port`, p.port ?? 0, m)));
    if (!p.protocol) {
      errs.push(required(`${path}.protocol`));
    } else if (!['SCTP', 'TCP', 'UDP'].includes(p.protocol)) {
      errs.push(notSupported(`${path}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
    }
    errs.push(...validatePortNumOrName(p.targetPort, `${path}.targetPort`));
    if (p.appProtocol != null) {
      errs.push(...isQualifiedName(p.appProtocol).map((m) => invalid(`${path}.appProtocol`, p.appProtocol, m)));
    }
  });
  return errs;
}

/** ValidateService: the checks users meet when creating or replacing a Service. */
export function validateServiceSpec(spec: Obj | undefined): FieldError[] {
  const s: Obj = spec ?? {};
  const errs: FieldError[] = [];
  const ports: Obj[] = s.ports ?? [];
  const headless = isHeadless(s);
  if (ports.length === 0 && !headless && s.type !== 'ExternalName') {
    errs.push(required('spec.ports'));
  }
  if ((s.type === 'LoadBalancer' || s.type === 'NodePort') && headless) {
    errs.push(invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${s.type} services`));
  }
  if (s.type === 'ExternalName') {
    if (s.clusterIPs?.length) {
      errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    }
    if (s.ipFamilies?.length) {
      errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    }
    if (s.ipFamilyPolicy != null) {
      errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    }
    const cname = String(s.externalName ?? '').replace(/\.$/, '');
    errs.push(...(cname ? isDNS1123Subdomain(cname).map((m) => invalid('spec.externalName', cname, m)) : [required('spec.externalName')]));
  }
  errs.push(...validatePorts(ports, 'spec.ports'));
  errs.push(...validateLabels(s.selector, 'spec.selector'));
  if (!s.sessionAffinity) {
    errs.push(required('spec.sessionAffinity'));
  } else if (!['ClientIP', 'None'].includes(s.sessionAffinity)) {
    errs.push(notSupported('spec.sessionAffinity', s.sessionAffinity, ['ClientIP', 'None']));
  }
  if (s.sessionAffinity === 'None' && s.sessionAffinityConfig != null) {
    errs.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  (s.clusterIPs ?? []).forEach((ip: string, i: number) => {
    if (ip && ip !== 'None') {
      errs.push(...isValidIP(ip).map((m) => invalid(`spec.clusterIPs[${i}]`, ip, m)));
    }
  });
  (s.externalIPs ?? []).forEach((ip: string, i: number) => errs.push(...isValidIP(ip).map((m) => invalid(`spec.externalIPs[${i}]`, ip, m))));
  if (!s.type) {
    errs.push(required('spec.type'));
  } else if (!SERVICE_TYPES.includes(s.type)) {
    errs.push(notSupported('spec.type', s.type, SERVICE_TYPES));
  }
  if (s.type === 'ClusterIP') {
    ports.forEach((p, i) => p.nodePort && errs.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'")));
  }
  const nodePorts = new Set<string>();
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    if (p.nodePort) {
      const key = `${p.protocol}/${p.nodePort}`;
      if (nodePorts.has(key)) {
        errs.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
      }
      nodePorts.add(key);
    }
    const key = `${p.protocol}/${p.port}`;
    if (seen.has(key)) {
      errs.push(duplicate(`spec.ports[${i}]`, portKey(p.protocol, p.port)));
    }
    seen.add(key);
  });
  if (s.loadBalancerSourceRanges?.length && s.type !== 'LoadBalancer') {
    errs.push(forbidden('spec.LoadBalancerSourceRanges', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (s.allocateLoadBalancerNodePorts != null && s.type !== 'LoadBalancer') {
    errs.push(forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (!isExternallyAccessible(s)) {
    if (s.externalTrafficPolicy) {
      errs.push(invalid('spec.externalTrafficPolicy', s.externalTrafficPolicy, 'may only be set for externally-accessible services'));
    }
  } else if (!s.externalTrafficPolicy) {
    errs.push(required('spec.externalTrafficPolicy'));
  } else if (!['Cluster', 'Local'].includes(s.externalTrafficPolicy)) {
    errs.push(notSupported('spec.externalTrafficPolicy', s.externalTrafficPolicy, ['Cluster', 'Local']));
  }
  if (s.healthCheckNodePort && !(s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local')) {
    errs.push(
      invalid('spec.healthCheckNodePort', s.healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"),
    );
  }
  if (s.internalTrafficPolicy == null && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(s.type)) {
    errs.push(required('spec.internalTrafficPolicy'));
  } else if (s.internalTrafficPolicy != null && !['Cluster', 'Local'].includes(s.internalTrafficPolicy)) {
    errs.push(notSupported('spec.internalTrafficPolicy', s.internalTrafficPolicy, ['Cluster', 'Local']));
  }
  return errs;
}

/** validateUpgradeDowngradeClusterIPs: allocated cluster IPs may not change while the service keeps them. */
export function validateServiceUpdate(spec: Obj | undefined, old: Obj | undefined): FieldError[] {
  if (spec?.type === 'ExternalName' || old?.type === 'ExternalName' || (isHeadless(spec) && isHeadless(old))) {
    return [];
  }
  const next: string[] = spec?.clusterIPs ?? [];
  const prev: string[] = old?.clusterIPs ?? [];
  const errs: FieldError[] = [];
  if (prev.length === next.length) {
    prev.forEach((ip, i) => ip !== next[i] && errs.push(invalid(`spec.clusterIPs[${i}]`, next, 'may not change once set')));
  } else if (prev.length > next.length && next.length === 0) {
    errs.push(invalid('spec.clusterIPs[0]', next, 'primary clusterIP can not be unset'));
  } else if (prev.length > 0 && next.length > 0 && prev[0] !== next[0]) {
    errs.push(invalid('spec.clusterIPs[0]', next, 'may not change once set'));
  }
  return errs;
}
