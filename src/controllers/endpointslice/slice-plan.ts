import { shouldPodBeInEndpoints } from 'src/controllers/common/service-endpoints';
import {
  addressTypesForService,
  endpointKey,
  endpointPorts,
  endpointsEqualBeyondKey,
  newEndpointSlice,
  ownedBy,
  podToEndpoint,
  portMapKey,
  sliceLabels,
  type SliceEndpoint,
  type SlicePort,
} from 'src/controllers/endpointslice/slice-endpoint';
import { jsonEqual } from 'src/registry/generic/validation';
import type { KubeObject } from 'src/registry/generic/object';

// The pure part of the EndpointSlice controller: which slices to create, update and delete.
// Semantics: kubernetes staging/src/k8s.io/endpointslice/reconciler.go (Reconcile,
// reconcileByAddressType, reconcileByPortMapping, finalize) and utils.go getSliceToFill.

/** What the planner reads. */
export interface SlicePlanInput {
  service: KubeObject;
  /** Pods matching the Service's selector. */
  pods: KubeObject[];
  nodeOf: (name: string) => KubeObject | undefined;
  /** The Service's slices managed by this controller and not being deleted. */
  existing: KubeObject[];
  maxEndpointsPerSlice: number;
}

/** What the controller then writes; `missingNodes` makes the sync fail (and retry) after writing. */
export interface SlicePlan {
  create: KubeObject[];
  update: KubeObject[];
  delete: KubeObject[];
  missingNodes: string[];
}

const copySlice = (s: KubeObject): KubeObject => structuredClone(s);
const endpointsOf = (s: KubeObject): SliceEndpoint[] => (s.endpoints as SliceEndpoint[] | null) ?? [];

/** The slice that will be closest to full once `n` endpoints are added. Semantics: getSliceToFill. */
export function sliceToFill(slices: KubeObject[], n: number, max: number): KubeObject | undefined {
  let best: KubeObject | undefined;
  let closest = max;
  for (const s of slices) {
    const diff = max - (n + endpointsOf(s).length);
    if (diff >= 0 && diff < closest) {
      closest = diff;
      best = s;
      if (diff === 0) {
        break;
      }
    }
  }
  return best;
}

/** Whether an existing slice is just the placeholder the controller would create. Semantics: placeholderSliceCompare. */
function isPlaceholder(slice: KubeObject, placeholder: KubeObject): boolean {
  const refs = (s: KubeObject) =>
    (s.metadata.ownerReferences ?? []).map((r) => [r.apiVersion, r.kind, r.name, r.uid, r.controller ?? null, r.blockOwnerDeletion ?? null]);
  return (
    slice.metadata.namespace === placeholder.metadata.namespace &&
    jsonEqual(slice.metadata.labels ?? {}, placeholder.metadata.labels ?? {}) &&
    jsonEqual(refs(slice), refs(placeholder)) &&
    slice.addressType === placeholder.addressType &&
    endpointsOf(slice).length === 0 &&
    ((slice.ports as SlicePort[] | null) ?? []).length === 0
  );
}

interface PortMapPlan {
  create: KubeObject[];
  update: KubeObject[];
  delete: KubeObject[];
}

/** Brings the slices of one port set to the desired endpoints, preferring updates over churn. Semantics: reconcileByPortMapping. */
function planPortMapping(
  svc: KubeObject,
  existing: KubeObject[],
  desired: Map<string, SliceEndpoint>,
  ports: SlicePort[],
  addressType: string,
  max: number,
): PortMapPlan {
  const byName = new Map<string, KubeObject>();
  const unchanged: string[] = [];
  const toUpdate: string[] = [];
  const toDelete: string[] = [];
  for (const slice of existing) {
    const name = slice.metadata.name!;
    byName.set(name, slice);
    const kept: SliceEndpoint[] = [];
    let endpointUpdated = false;
    for (const ep of endpointsOf(slice)) {
      const want = desired.get(endpointKey(ep));
      if (want) {
        kept.push(want);
        endpointUpdated ||= !endpointsEqualBeyondKey(want, ep);
        desired.delete(endpointKey(ep));
      }
    }
    const { labels, changed } = sliceLabels(slice, svc);
    if (endpointUpdated || kept.length !== endpointsOf(slice).length) {
      if (kept.length === 0) {
        toDelete.push(name);
      } else {
        const next = copySlice(slice);
        next.endpoints = kept;
        next.metadata.labels = labels;
        byName.set(name, next);
        toUpdate.push(name);
      }
    } else if (changed) {
      const next = copySlice(slice);
      next.metadata.labels = labels;
      byName.set(name, next);
      toUpdate.push(name);
    } else {
      unchanged.push(name);
    }
  }
  const pop = (): SliceEndpoint => {
    const [key, ep] = desired.entries().next().value as [string, SliceEndpoint];
    desired.delete(key);
    return ep;
  };
  if (desired.size > 0 && toUpdate.length > 0) {
    const fullestFirst = toUpdate.map((n) => byName.get(n)!).sort((a, b) => endpointsOf(b).length - endpointsOf(a).length);
    for (const slice of fullestFirst) {
      while (desired.size > 0 && endpointsOf(slice).length < max) {
        slice.endpoints = [...endpointsOf(slice), pop()];
      }
    }
  }
  const create: KubeObject[] = [];
  while (desired.size > 0) {
    let slice: KubeObject | undefined;
    if (desired.size < max && unchanged.length > 0) {
      slice = sliceToFill(
        unchanged.map((n) => byName.get(n)!),
        desired.size,
        max,
      );
    }
    slice = slice ? copySlice(slice) : newEndpointSlice(svc, ports, addressType);
    while (desired.size > 0 && endpointsOf(slice).length < max) {
      slice.endpoints = [...endpointsOf(slice), pop()];
    }
    const name = slice.metadata.name;
    if (name) {
      byName.set(name, slice);
      toUpdate.push(name);
      unchanged.splice(unchanged.indexOf(name), 1);
    } else {
      create.push(slice);
    }
  }
  return { create, update: toUpdate.map((n) => byName.get(n)!), delete: toDelete.map((n) => byName.get(n)!) };
}

/** The plan for one address type. Semantics: reconcileByAddressType. */
function planAddressType(input: SlicePlanInput, existing: KubeObject[], addressType: string, missingNodes: Set<string>): PortMapPlan {
  const svc = input.service;
  const plan: PortMapPlan = { create: [], update: [], delete: [] };
  const existingByPorts = new Map<string, KubeObject[]>();
  for (const slice of existing) {
    if (ownedBy(slice, svc)) {
      const key = portMapKey(slice.ports);
      existingByPorts.set(key, [...(existingByPorts.get(key) ?? []), slice]);
    } else {
      plan.delete.push(slice);
    }
  }
  const desired = new Map<string, { ports: SlicePort[]; endpoints: Map<string, SliceEndpoint> }>();
  const pods = [...input.pods].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) {
      continue;
    }
    const ports = endpointPorts(svc, pod);
    const key = portMapKey(ports);
    let group = desired.get(key);
    if (!group) {
      desired.set(key, (group = { ports, endpoints: new Map() }));
    }
    const node = input.nodeOf(pod.spec?.nodeName ?? '');
    if (!node && svc.spec?.publishNotReadyAddresses !== true) {
      missingNodes.add(pod.spec?.nodeName ?? '');
      continue;
    }
    const ep = podToEndpoint(pod, node, svc, addressType);
    if (ep.addresses.length > 0) {
      group.endpoints.set(endpointKey(ep), ep);
    }
  }
  for (const [key, group] of desired) {
    const p = planPortMapping(svc, existingByPorts.get(key) ?? [], group.endpoints, group.ports, addressType, input.maxEndpointsPerSlice);
    plan.create.push(...p.create);
    plan.update.push(...p.update);
    plan.delete.push(...p.delete);
  }
  for (const [key, slices] of existingByPorts) {
    if (!desired.has(key)) {
      plan.delete.push(...slices);
    }
  }
  if (existing.length === plan.delete.length && plan.create.length === 0) {
    const placeholder = newEndpointSlice(svc, [], addressType);
    if (plan.delete.length === 1 && isPlaceholder(plan.delete[0], placeholder)) {
      plan.delete = [];
    } else {
      plan.create.push(placeholder);
    }
  }
  return plan;
}

/**
 * Plans the slices of a Service: one set per address type, grouped by port set, at most
 * `maxEndpointsPerSlice` endpoints each, a placeholder slice when there are none; creates that
 * can reuse a slice about to be deleted become updates of it. Semantics: Reconcile + finalize.
 */
export function planSlices(input: SlicePlanInput): SlicePlan {
  const types = addressTypesForService(input.service);
  const missing = new Set<string>();
  const result: SlicePlan = { create: [], update: [], delete: [], missingNodes: [] };
  const unsupported = input.existing.filter((s) => !types.includes(String(s.addressType)));
  for (const type of types) {
    const plan = planAddressType(
      input,
      input.existing.filter((s) => s.addressType === type),
      type,
      missing,
    );
    result.create.push(...plan.create);
    result.update.push(...plan.update);
    result.delete.push(...plan.delete);
  }
  for (let i = 0; i < result.delete.length && result.create.length > 0;) {
    const victim = result.delete[i];
    const slice = result.create[result.create.length - 1];
    if (victim.addressType === slice.addressType && ownedBy(victim, input.service)) {
      slice.metadata = { ...slice.metadata, name: victim.metadata.name, resourceVersion: victim.metadata.resourceVersion };
      result.create.pop();
      result.update.push(slice);
      result.delete.splice(i, 1);
    } else {
      i++;
    }
  }
  result.delete.push(...unsupported);
  result.missingNodes = [...missing];
  return result;
}
