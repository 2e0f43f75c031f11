import { MAX_NODE_SCORE } from 'src/scheduler/framework/plugins/helpers';
import { Plugins, type ScorePlugin } from 'src/scheduler/framework/types';

// Semantics: kube-scheduler framework/plugins/noderesources/balanced_allocation.go (PreScore skips
// best-effort pods; balancedResourceScorer over cpu and memory with the actual requests).

/** Prefers nodes whose cpu and memory would be used in equal shares after placing the pod (weight 1). */
export const balancedAllocationScore: ScorePlugin = {
  name: Plugins.NodeResourcesBalancedAllocation,
  weight: 1,
  preScore(cycle) {
    const { milliCPU: cpu, memory } = cycle.pod.requests;
    if (cpu === 0 && memory === 0) {
      return null;
    }
    return {
      score: (node) => {
        const { milliCPU: allocCPU, memory: allocMemory } = node.allocatable;
        if (allocCPU === 0 || allocMemory === 0) {
          // One fraction (or none) has no deviation.
          return MAX_NODE_SCORE;
        }
        const cpuFraction = Math.min(1, (node.requested.milliCPU + cpu) / allocCPU);
        const memoryFraction = Math.min(1, (node.requested.memory + memory) / allocMemory);
        return Math.trunc((1 - Math.abs((cpuFraction - memoryFraction) / 2)) * MAX_NODE_SCORE);
      },
    };
  },
};
