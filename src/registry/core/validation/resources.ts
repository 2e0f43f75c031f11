import type { FieldError } from 'src/registry/generic/object';
import { compareQuantities, formatQuantity, milliValue, parseQuantity, ZERO_QUANTITY } from 'src/registry/core/defaults/quantity';
import { forbidden, invalid, isQualifiedName, required } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/core/validation/validation.go validateResourceRequirements,
// validateContainerResourceName, ValidateResourceQuantityValue and pkg/apis/core/helper
// (IsStandardResourceName, IsNativeResource, IsOvercommitAllowed).

const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'persistentvolumeclaims',
  'configmaps',
  'services.nodeports',
  'services.loadbalancers',
  'storage',
  'requests.storage',
]);

/** hugepages-<size>, a native but not overcommittable resource. */
function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** IsNativeResource: unprefixed, or prefixed with (a subdomain of) kubernetes.io. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** IsOvercommitAllowed: native resources other than huge pages may have requests below limits. */
export function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePages(name);
}

/** validateResourceName: a qualified name that is standard or fully qualified. */
export function validateResourceName(name: string, field: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(field, name, m));
  if (errs.length === 0 && !name.includes('/') && !STANDARD_RESOURCES.has(name) && !isHugePages(name) && !name.startsWith('requests.hugepages-')) {
    errs.push(invalid(field, name, 'must be a standard resource type or fully qualified'));
  }
  return errs;
}

/** validateContainerResourceName: cpu, memory, ephemeral-storage, hugepages-* or an extended resource. */
function validateContainerResourceName(name: string, field: string): FieldError[] {
  const errs = validateResourceName(name, field);
  if (!name.includes('/')) {
    if (!['cpu', 'memory', 'ephemeral-storage'].includes(name) && !isHugePages(name)) {
      errs.push(invalid(field, name, 'must be a standard resource for containers'));
    }
  } else if (!isNativeResource(name) && name.startsWith('requests.')) {
    errs.push(invalid(field, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** ValidateResourceQuantityValue: not negative, and whole for extended resources. */
export function validateQuantityValue(name: string, value: unknown, field: string): FieldError[] {
  const q = parseQuantity(value);
  if (!q) {
    return [invalid(field, value, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")];
  }
  if (compareQuantities(q, ZERO_QUANTITY) < 0) {
    return [invalid(field, formatQuantity(q), 'must be greater than or equal to 0')];
  }
  if (!isNativeResource(name) && milliValue(q) % 1000n !== 0n) {
    return [invalid(field, formatQuantity(q), 'must be an integer')];
  }
  return [];
}

/** validateResourceRequirements for a container: names, quantities, requests against limits. */
export function validateContainerResources(resources: Record<string, any> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const limits: Record<string, unknown> = resources?.limits ?? {};
  const requests: Record<string, unknown> = resources?.requests ?? {};
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [name, value] of Object.entries(limits)) {
    errs.push(...validateContainerResourceName(name, `${field}.limits[${name}]`));
    errs.push(...validateQuantityValue(name, value, `${field}.limits[${name}]`));
    hugePages ||= isHugePages(name);
    cpuOrMemory ||= name === 'cpu' || name === 'memory';
  }
  for (const [name, value] of Object.entries(requests)) {
    errs.push(...validateContainerResourceName(name, `${field}.requests[${name}]`));
    errs.push(...validateQuantityValue(name, value, `${field}.requests[${name}]`));
    const req = parseQuantity(value);
    const lim = name in limits ? parseQuantity(limits[name]) : undefined;
    if (req && lim) {
      const cmp = compareQuantities(req, lim);
      if (cmp !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalid(`${field}.requests`, formatQuantity(req), `must be equal to ${name} limit of ${formatQuantity(lim)}`));
      } else if (cmp > 0) {
        errs.push(invalid(`${field}.requests`, formatQuantity(req), `must be less than or equal to ${name} limit of ${formatQuantity(lim)}`));
      }
    } else if (!(name in limits) && !isOvercommitAllowed(name)) {
      errs.push(required(`${field}.limits`, 'Limit must be set for non overcommitable resources'));
    }
    hugePages ||= isHugePages(name);
    cpuOrMemory ||= name === 'cpu' || name === 'memory';
  }
  if (hugePages && !cpuOrMemory) {
    errs.push(forbidden(field, 'HugePages require cpu or memory'));
  }
  return errs;
}
