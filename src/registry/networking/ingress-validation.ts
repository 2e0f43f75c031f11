import type { FieldError } from 'src/registry/generic/object';
import { isSloppyIP, isWildcardDNS1123Subdomain } from 'src/registry/networking/formats';
import { isValidPathSegmentName } from 'src/registry/rbac/path-segment';
import {
  invalid,
  isDNS1035Label,
  isDNS1123Subdomain,
  isValidIP,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
  notSupported,
  required,
} from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/networking/validation/validation.go (1.35) ValidateIngressSpec,
// validateIngressRules, validateHTTPIngressPath, validateIngressBackend, validateIngressTLS,
// validateIngressTypedLocalObjectReference and ValidateIngressLoadBalancerStatus, with the
// backward-compatibility options an update derives from the stored object.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** Relaxations for objects stored before a rule tightened (IngressValidationOptions). */
export interface IngressValidationOptions {
  allowInvalidSecretName: boolean;
  allowInvalidWildcardHostRule: boolean;
}

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

/** validateIngressTypedLocalObjectReference: kind and name as path segments, apiGroup a DNS subdomain. */
export function validateTypedReference(ref: Obj | undefined, path: string): FieldError[] {
  if (ref == null) {
    return [];
  }
  const errs: FieldError[] = [];
  if (ref.apiGroup != null) {
    errs.push(...isDNS1123Subdomain(ref.apiGroup).map((m) => invalid(`${path}.apiGroup`, ref.apiGroup, m)));
  }
  for (const key of ['kind', 'name']) {
    if (!ref[key]) {
      errs.push(required(`${path}.${key}`, `${key} is required`));
    } else {
      errs.push(...isValidPathSegmentName(ref[key]).map((m) => invalid(`${path}.${key}`, ref[key], m)));
    }
  }
  return errs;
}

function validateBackend(backend: Obj | undefined, path: string): FieldError[] {
  const b: Obj = backend ?? {};
  if (b.resource != null && b.service != null) {
    return [invalid(path, '', 'cannot set both resource and service backends')];
  }
  if (b.resource != null) {
    return validateTypedReference(b.resource, `${path}.resource`);
  }
  if (b.service == null) {
    return [invalid(path, '', 'resource or service backend is required')];
  }
  const errs: FieldError[] = [];
  const name = b.service.name ?? '';
  if (!name) {
    errs.push(required(`${path}.service.name`));
  } else {
    errs.push(...isDNS1035Label(name).map((m) => invalid(`${path}.service.name`, name, m)));
  }
  const portName: string = b.service.port?.name ?? '';
  const portNumber: number = b.service.port?.number ?? 0;
  if (portName && portNumber) {
    errs.push(invalid(path, '', 'cannot set both port name & port number'));
  } else if (portName) {
    errs.push(...isValidPortName(portName).map((m) => invalid(`${path}.service.port.name`, portName, m)));
  } else if (portNumber) {
    errs.push(...isValidPortNum(portNumber).map((m) => invalid(`${path}.service.port.number`, portNumber, m)));
  } else {
    errs.push(required(path, 'port name or number is required'));
  }
  return errs;
}

function validatePath(p: Obj, path: string): FieldError[] {
  if (p.pathType == null) {
    return [required(`${path}.pathType`, 'pathType must be specified')];
  }
  const errs: FieldError[] = [];
  const value: string = p.path ?? '';
  if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
    if (!value.startsWith('/')) {
      errs.push(invalid(`${path}.path`, value, 'must be an absolute path'));
    }
    if (value.length > 0) {
      for (const seq of INVALID_PATH_SEQUENCES.filter((s) => value.includes(s))) {
        errs.push(invalid(`${path}.path`, value, `must not contain '${seq}'`));
      }
      for (const suffix of INVALID_PATH_SUFFIXES.filter((s) => value.endsWith(s))) {
        errs.push(invalid(`${path}.path`, value, `cannot end with '${suffix}'`));
      }
    }
  } else if (p.pathType === 'ImplementationSpecific') {
    if (value.length > 0 && !value.startsWith('/')) {
      errs.push(invalid(`${path}.path`, value, 'must be an absolute path'));
    }
  } else {
    errs.push(notSupported(`${path}.pathType`, p.pathType, PATH_TYPES));
  }
  errs.push(...validateBackend(p.backend, `${path}.backend`));
  return errs;
}

/** validateIngressRuleValue: an http rule needs paths, each valid. */
function validateRuleValue(rule: Obj, path: string): FieldError[] {
  if (rule.http == null) {
    return [];
  }
  const paths: Obj[] = rule.http.paths ?? [];
  const errs: FieldError[] = paths.length === 0 ? [required(`${path}.http.paths`)] : [];
  paths.forEach((p, i) => errs.push(...validatePath(p ?? {}, `${path}.http.paths[${i}]`)));
  return errs;
}

function validateRules(rules: Obj[], opts: IngressValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((rule, i) => {
    const path = `spec.rules[${i}]`;
    const host: string = rule?.host ?? '';
    let wildcard = false;
    if (host.length > 0) {
      if (isSloppyIP(host)) {
        errs.push(invalid(`${path}.host`, host, 'must be a DNS name, not an IP address'));
      }
      if (host.includes('*')) {
        errs.push(...isWildcardDNS1123Subdomain(host).map((m) => invalid(`${path}.host`, host, m)));
        wildcard = true;
      } else {
        errs.push(...isDNS1123Subdomain(host).map((m) => invalid(`${path}.host`, host, m)));
      }
    }
    if (!wildcard || !opts.allowInvalidWildcardHostRule) {
      errs.push(...validateRuleValue(rule ?? {}, path));
    }
  });
  return errs;
}

function validateTLS(tls: Obj[], opts: IngressValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  tls.forEach((t, i) => {
    (t?.hosts ?? []).forEach((host: string, j: number) => {
      const check = host.includes('*') ? isWildcardDNS1123Subdomain : isDNS1123Subdomain;
      errs.push(...check(host).map((m) => invalid(`spec.tls[${i}].hosts[${j}]`, host, m)));
    });
    if (!opts.allowInvalidSecretName && t?.secretName) {
      errs.push(...nameIsDNSSubdomain(t.secretName, false).map((m) => invalid(`spec.tls[${i}].secretName`, t.secretName, m)));
    }
  });
  return errs;
}

/** ValidateIngressSpec: a default backend or rules, valid TLS entries and class name. */
export function validateIngressSpec(spec: Obj | undefined, opts: IngressValidationOptions): FieldError[] {
  const s: Obj = spec ?? {};
  const rules: Obj[] = s.rules ?? [];
  const errs: FieldError[] = [];
  if (rules.length === 0 && s.defaultBackend == null) {
    errs.push(invalid('spec', s.rules ?? null, 'either `defaultBackend` or `rules` must be specified'));
  }
  if (s.defaultBackend != null) {
    errs.push(...validateBackend(s.defaultBackend, 'spec.defaultBackend'));
  }
  errs.push(...validateRules(rules, opts));
  errs.push(...validateTLS(s.tls ?? [], opts));
  if (s.ingressClassName != null) {
    errs.push(...nameIsDNSSubdomain(s.ingressClassName, false).map((m) => invalid('spec.ingressClassName', s.ingressClassName, m)));
  }
  return errs;
}

/** The relaxations an update gets when the stored ingress already breaks a newer rule. */
export function optionsForUpdate(old: Obj | undefined): IngressValidationOptions {
  const s: Obj = old ?? {};
  const badSecret = (s.tls ?? []).some((t: Obj) => t?.secretName && nameIsDNSSubdomain(t.secretName, false).length > 0);
  const badWildcard = (s.rules ?? []).some((r: Obj) => String(r?.host ?? '').includes('*') && validateRuleValue(r, '').length > 0);
  return { allowInvalidSecretName: badSecret, allowInvalidWildcardHostRule: badWildcard };
}

/** ValidateIngressLoadBalancerStatus: IPs valid, hostnames DNS names and not IPs. */
export function validateIngressStatus(status: Obj | undefined): FieldError[] {
  const errs: FieldError[] = [];
  ((status?.loadBalancer?.ingress ?? []) as Obj[]).forEach((ing, i) => {
    const path = `status.loadBalancer.ingress[${i}]`;
    if (ing?.ip) {
      errs.push(...isValidIP(ing.ip).map((m) => invalid(`${path}.ip`, ing.ip, m)));
    }
    if (ing?.hostname) {
      errs.push(...isDNS1123Subdomain(ing.hostname).map((m) => invalid(`${path}.hostname`, ing.hostname, m)));
      if (isSloppyIP(ing.hostname)) {
        errs.push(invalid(`${path}.hostname`, ing.hostname, 'must be a DNS name, not an IP address'));
      }
    }
  });
  return errs;
}
