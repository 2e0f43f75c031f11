import { milliValue, parseQuantity } from 'src/registry/core/defaults/quantity';

// Semantics: k8s.io/component-helpers resource/helpers.go PodRequests (containers summed, init
// containers maxed, restartable "sidecar" init containers added, pod-level requests, overhead),
// kube-scheduler framework/types.go Resource and CalculateResource, util/pod_resources.go defaults.

/** cpu in millicores, memory and ephemeral storage in bytes, extended resources in units. */
export interface Resources {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended resources, hugepages-*, attachable-volumes-* (upstream's "scalar" resources). */
  scalar: Map<string, number>;
}

/** What a pod asks for: the requests checked by NodeResourcesFit, and the cpu/memory used for scoring. */
export interface PodRequests extends Resources {
  /** cpu with 100m assumed for containers that request none (scoring only). */
  nonZeroMilliCPU: number;
  /** memory with 200Mi assumed for containers that request none (scoring only). */
  nonZeroMemory: number;
}

/** A node's allocatable resources and pod capacity. */
export interface Allocatable extends Resources {
  allowedPodNumber: number;
}

/** schedutil.DefaultMilliCPURequest. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** schedutil.DefaultMemoryRequest (200 MiB). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** Whether a resource name is counted as a "scalar" resource (IsScalarResourceName). */
export function isScalarResource(name: string): boolean {
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')) {
    return true;
  }
  // IsExtendedResourceName: qualified, outside kubernetes.io, not a quota "requests." name.
  return name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.');
}

const parsed = new Map<string, number>();

/** A quantity in thousandths (MilliValue), memoized: the same few spellings repeat across thousands of pods. */
export function milli(value: unknown): number {
  const key = typeof value === 'number' ? `#${value}` : String(value);
  let m = parsed.get(key);
  if (m === undefined) {
    const q = parseQuantity(value);
    m = q ? Number(milliValue(q)) : 0;
    if (parsed.size > 10_000) {
      parsed.clear();
    }
    parsed.set(key, m);
  }
  return m;
}

/** A resource list in thousandths of its unit, so that sums are exact before the final rounding. */
type MilliList = Map<string, number>;

function toMilli(list: Record<string, unknown> | undefined, defaults?: MilliList): MilliList {
  const out: MilliList = new Map();
  for (const [k, v] of Object.entries(list ?? {})) {
    out.set(k, milli(v));
  }
  for (const [k, v] of defaults ?? []) {
    if (!out.has(k)) {
      out.set(k, v);
    }
  }
  return out;
}

function add(into: MilliList, list: MilliList): void {
  for (const [k, v] of list) {
    into.set(k, (into.get(k) ?? 0) + v);
  }
}

function max(into: MilliList, list: MilliList): void {
  for (const [k, v] of list) {
    into.set(k, Math.max(into.get(k) ?? 0, v));
  }
}

/** PodRequests over one pod spec, with `defaults` filling in resources a container leaves out. */
function aggregate(spec: any, defaults?: MilliList): MilliList {
  const reqs: MilliList = new Map();
  for (const c of spec?.containers ?? []) {
    add(reqs, toMilli(c?.resources?.requests, defaults));
  }
  const sidecars: MilliList = new Map();
  const initMax: MilliList = new Map();
  for (const c of spec?.initContainers ?? []) {
    const own = toMilli(c?.resources?.requests, defaults);
    if (c?.restartPolicy === 'Always') {
      add(reqs, own);
      add(sidecars, own);
      max(initMax, sidecars);
    } else {
      const withSidecars = new Map(own);
      add(withSidecars, sidecars);
      max(initMax, withSidecars);
    }
  }
  max(reqs, initMax);
  const podLevel: Record<string, unknown> | undefined = spec?.resources?.requests;
  for (const name of ['cpu', 'memory']) {
    if (podLevel && podLevel[name] !== undefined) {
      reqs.set(name, milli(podLevel[name]));
    }
  }
  if (spec?.overhead) {
    add(reqs, toMilli(spec.overhead));
  }
  return reqs;
}

/** Value(): whole units, rounded up. */
const units = (m: number): number => Math.ceil(m / 1000);

/** The requests of a pod spec, for fitting and for scoring. */
export function podRequests(spec: any): PodRequests {
  const reqs = aggregate(spec);
  // Without pod-level requests every container gets the defaults it lacks; with them, only a
  // resource missing at both levels does (getNonMissingContainerRequests).
  const podLevel = spec?.resources?.requests ?? {};
  const podLevelSet = podLevel.cpu !== undefined || podLevel.memory !== undefined;
  const defaults: MilliList = new Map();
  if (!podLevelSet || !reqs.has('cpu')) {
    defaults.set('cpu', DEFAULT_MILLI_CPU_REQUEST);
  }
  if (!podLevelSet || !reqs.has('memory')) {
    defaults.set('memory', DEFAULT_MEMORY_REQUEST * 1000);
  }
  const nonZero = aggregate(spec, defaults);
  const out: PodRequests = {
    milliCPU: reqs.get('cpu') ?? 0,
    memory: units(reqs.get('memory') ?? 0),
    ephemeralStorage: units(reqs.get('ephemeral-storage') ?? 0),
    scalar: new Map(),
    nonZeroMilliCPU: nonZero.get('cpu') ?? 0,
    nonZeroMemory: units(nonZero.get('memory') ?? 0),
  };
  for (const [k, v] of reqs) {
    if (isScalarResource(k)) {
      out.scalar.set(k, units(v));
    }
  }
  return out;
}

/** A node's status.allocatable. */
export function nodeAllocatable(allocatable: Record<string, unknown> | undefined): Allocatable {
  const out: Allocatable = { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: new Map() };
  for (const [k, v] of Object.entries(allocatable ?? {})) {
    const m = milli(v);
    if (k === 'cpu') {
      out.milliCPU = m;
    } else if (k === 'memory') {
      out.memory = units(m);
    } else if (k === 'ephemeral-storage') {
      out.ephemeralStorage = units(m);
    } else if (k === 'pods') {
      out.allowedPodNumber = units(m);
    } else if (isScalarResource(k)) {
      out.scalar.set(k, units(m));
    }
  }
  return out;
}
