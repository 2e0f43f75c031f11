import { addQuantities, compareQuantities, parseQuantity, ZERO_QUANTITY, type Quantity } from 'src/registry/core/defaults/quantity';

// Semantics: kubernetes pkg/apis/core/helper/qos/qos.go ComputePodQOS (container-level path;
// pod-level resources, when set, are used instead, as with PodLevelResources enabled).

/** The three QoS classes a pod can have. */
export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'];

/** Adds the positive cpu/memory quantities of `list` into `sum`; returns the names that were positive. */
function accumulate(sum: Map<string, Quantity>, list: Record<string, unknown> | undefined): Set<string> {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(list ?? {})) {
    const q = parseQuantity(value);
    if (!QOS_RESOURCES.includes(name) || !q || compareQuantities(q, ZERO_QUANTITY) <= 0) {
      continue;
    }
    found.add(name);
    const prev = sum.get(name);
    sum.set(name, prev ? addQuantities(prev, q) : q);
  }
  return found;
}

/**
 * BestEffort when no container asks for cpu or memory; Guaranteed when every container limits
 * both and requests equal limits; Burstable otherwise.
 */
export function computePodQOS(spec: { containers?: any[]; initContainers?: any[]; resources?: any } | undefined): QOSClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const podLevel = spec?.resources;
  if (podLevel && [...Object.keys(podLevel.requests ?? {}), ...Object.keys(podLevel.limits ?? {})].some((k) => QOS_RESOURCES.includes(k))) {
    accumulate(requests, podLevel.requests);
    if (podLevel.limits && Object.keys(podLevel.limits).length > 0) {
      const found = accumulate(limits, podLevel.limits);
      guaranteed = found.has('cpu') && found.has('memory');
    }
  } else {
    for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
      accumulate(requests, c?.resources?.requests);
      const found = accumulate(limits, c?.resources?.limits);
      if (!found.has('cpu') || !found.has('memory')) {
        guaranteed = false;
      }
    }
  }
  if (requests.size === 0 && limits.size === 0) {
    return 'BestEffort';
  }
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantities(lim, req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
