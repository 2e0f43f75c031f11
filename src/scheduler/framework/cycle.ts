import type { PodInfo } from 'src/scheduler/framework/pod-info';
import type { Cycle, Listers, NodeLister } from 'src/scheduler/framework/types';

/** A scheduling cycle for one pod over a set of nodes; namespace labels are looked up once each. */
export function createCycle(pod: PodInfo, nodes: NodeLister, listers: Listers): Cycle {
  const nsLabels = new Map<string, Record<string, string>>();
  return {
    pod,
    nodes,
    listers,
    namespaceLabels(namespace) {
      let labels = nsLabels.get(namespace);
      if (!labels) {
        labels = listers.namespaceLabels?.(namespace) ?? {};
        nsLabels.set(namespace, labels);
      }
      return labels;
    },
  };
}
