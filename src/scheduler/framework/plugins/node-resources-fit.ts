import type { NodeInfo } from 'src/scheduler/framework/node-info';
import { MAX_NODE_SCORE } from 'src/scheduler/framework/plugins/helpers';
import type { PodRequests } from 'src/scheduler/framework/resources';
import { Plugins, type FilterPlugin, type ScorePlugin, type Status } from 'src/scheduler/framework/types';

// Semantics: kube-scheduler framework/plugins/noderesources/fit.go (Filter, fitsRequest: pod count,
// cpu, memory, ephemeral-storage, scalar resources; a request above the node's whole allocatable
// is UnschedulableAndUnresolvable) and least_allocated.go (leastResourceScorer, cpu 1 / memory 1).

/** The reason for a node already running `allocatable.pods` pods. */
export const REASON_TOO_MANY_PODS = 'Too many pods';

/** Whether any requested resource exceeds what the node has free (the allocation-free fast path). */
function shortOfSomething(r: PodRequests, node: NodeInfo): boolean {
  const alloc = node.allocatable;
  const used = node.requested;
  if (node.pods.size + 1 > alloc.allowedPodNumber) {
    return true;
  }
  if (
    r.milliCPU > alloc.milliCPU - used.milliCPU ||
    r.memory > alloc.memory - used.memory ||
    r.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage
  ) {
    return true;
  }
  for (const [name, want] of r.scalar) {
    if (want > (alloc.scalar.get(name) ?? 0) - (used.scalar.get(name) ?? 0)) {
      return true;
    }
  }
  return false;
}

/** Why the pod does not fit the node's free resources, or undefined when it fits. */
export function fitsRequest(r: PodRequests, node: NodeInfo): Status | undefined {
  if (!shortOfSomething(r, node)) {
    return undefined;
  }
  const reasons: string[] = [];
  let unresolvable = false;
  const alloc = node.allocatable;
  const used = node.requested;
  if (node.pods.size + 1 > alloc.allowedPodNumber) {
    reasons.push(REASON_TOO_MANY_PODS);
  }
  if (r.milliCPU > 0 || r.memory > 0 || r.ephemeralStorage > 0 || r.scalar.size > 0) {
    const check = (name: string, want: number, have: number, inUse: number) => {
      if (want > 0 && want > have - inUse) {
        reasons.push(`Insufficient ${name}`);
        unresolvable ||= want > have;
      }
    };
    check('cpu', r.milliCPU, alloc.milliCPU, used.milliCPU);
    check('memory', r.memory, alloc.memory, used.memory);
    check('ephemeral-storage', r.ephemeralStorage, alloc.ephemeralStorage, used.ephemeralStorage);
    for (const [name, want] of r.scalar) {
      check(name, want, alloc.scalar.get(name) ?? 0, used.scalar.get(name) ?? 0);
    }
  }
  if (reasons.length === 0) {
    return undefined;
  }
  return { code: unresolvable ? 'UnschedulableAndUnresolvable' : 'Unschedulable', reasons, plugin: Plugins.NodeResourcesFit };
}

/** The pod's requests must fit the node's allocatable minus what its pods already request. */
export const nodeResourcesFitFilter: FilterPlugin = {
  name: Plugins.NodeResourcesFit,
  preFilter(cycle) {
    const r = cycle.pod.requests;
    return { filter: (node) => fitsRequest(r, node) };
  },
};

/** leastRequestedScore: the free share of a resource after placing the pod, 0..100. */
function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) {
    return 0;
  }
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/**
 * LeastAllocated (weight 1): prefers emptier nodes by cpu and memory, counting pods without
 * requests as 100m / 200Mi so they still spread.
 */
export const nodeResourcesFitScore: ScorePlugin = {
  name: Plugins.NodeResourcesFit,
  weight: 1,
  preScore(cycle) {
    const { nonZeroMilliCPU: cpu, nonZeroMemory: memory } = cycle.pod.requests;
    return {
      score: (node) => {
        let total = 0;
        let weights = 0;
        if (node.allocatable.milliCPU !== 0) {
          total += leastRequested(node.nonZeroMilliCPU + cpu, node.allocatable.milliCPU);
          weights++;
        }
        if (node.allocatable.memory !== 0) {
          total += leastRequested(node.nonZeroMemory + memory, node.allocatable.memory);
          weights++;
        }
        return weights === 0 ? 0 : Math.trunc(total / weights);
      },
    };
  },
};
