import type { NodeInfo } from 'src/scheduler/framework/node-info';
import { termMatches, type AffinityTerm, type PodInfo } from 'src/scheduler/framework/pod-info';
import { hasLabel, pairKey } from 'src/scheduler/framework/plugins/helpers';
import { Plugins, unresolvable, unschedulable, type Cycle, type FilterPlugin } from 'src/scheduler/framework/types';

// Semantics: kube-scheduler framework/plugins/interpodaffinity/filtering.go (PreFilter counts per
// topology pair, satisfyPodAffinity with the first-pod exception, satisfyPodAntiAffinity,
// satisfyExistingPodsAntiAffinity, Filter codes).

/** ErrReasonAffinityRulesNotMatch. */
export const REASON_AFFINITY = "node(s) didn't match pod affinity rules";
/** ErrReasonAntiAffinityRulesNotMatch. */
export const REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
/** ErrReasonExistingAntiAffinityRulesNotMatch. */
export const REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

const AFFINITY = unresolvable(Plugins.InterPodAffinity, REASON_AFFINITY);
const ANTI_AFFINITY = unschedulable(Plugins.InterPodAffinity, REASON_ANTI_AFFINITY);
const EXISTING_ANTI_AFFINITY = unschedulable(Plugins.InterPodAffinity, REASON_EXISTING_ANTI_AFFINITY);

function bump(m: Map<string, number>, node: NodeInfo, topologyKey: string): void {
  if (hasLabel(node.labels, topologyKey)) {
    const k = pairKey(topologyKey, node.labels[topologyKey]);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
}

const matchesAll = (terms: readonly AffinityTerm[], pod: PodInfo, ns: (n: string) => Record<string, string>) =>
  terms.length > 0 && terms.every((t) => termMatches(t, pod, ns));

/** Counts, per topology pair, the existing pods the incoming pod's terms select (and whose terms select it). */
function countPairs(cycle: Cycle) {
  const pod = cycle.pod;
  const ns = (n: string) => cycle.namespaceLabels(n);
  const existingAnti = new Map<string, number>();
  for (const node of cycle.nodes.havePodsWithRequiredAntiAffinity()) {
    for (const existing of node.podsWithRequiredAntiAffinity) {
      for (const t of existing.requiredAntiAffinityTerms) {
        if (termMatches(t, pod, ns)) {
          bump(existingAnti, node, t.topologyKey);
        }
      }
    }
  }
  const affinity = new Map<string, number>();
  const anti = new Map<string, number>();
  if (pod.requiredAffinityTerms.length > 0 || pod.requiredAntiAffinityTerms.length > 0) {
    for (const node of cycle.nodes.list()) {
      for (const existing of node.pods.values()) {
        if (matchesAll(pod.requiredAffinityTerms, existing, ns)) {
          pod.requiredAffinityTerms.forEach((t) => bump(affinity, node, t.topologyKey));
        }
        for (const t of pod.requiredAntiAffinityTerms) {
          if (termMatches(t, existing, ns)) {
            bump(anti, node, t.topologyKey);
          }
        }
      }
    }
  }
  return { existingAnti, affinity, anti };
}

/** Required pod affinity and anti-affinity of the pod, and the required anti-affinity of pods already placed. */
export const interPodAffinityFilter: FilterPlugin = {
  name: Plugins.InterPodAffinity,
  preFilter(cycle) {
    const pod = cycle.pod;
    if (pod.requiredAffinityTerms.length === 0 && pod.requiredAntiAffinityTerms.length === 0 && cycle.nodes.havePodsWithRequiredAntiAffinity().length === 0) {
      return null;
    }
    const { existingAnti, affinity, anti } = countPairs(cycle);
    // The first pod of a group with affinity to itself may go anywhere its topology keys exist.
    const firstOfItsKind = affinity.size === 0 && matchesAll(pod.requiredAffinityTerms, pod, (n) => cycle.namespaceLabels(n));
    return {
      filter: (node) => {
        let podsExist = true;
        for (const t of pod.requiredAffinityTerms) {
          if (!hasLabel(node.labels, t.topologyKey)) {
            return AFFINITY;
          }
          if ((affinity.get(pairKey(t.topologyKey, node.labels[t.topologyKey])) ?? 0) <= 0) {
            podsExist = false;
          }
        }
        if (!podsExist && !firstOfItsKind) {
          return AFFINITY;
        }
        for (const t of pod.requiredAntiAffinityTerms) {
          if (hasLabel(node.labels, t.topologyKey) && (anti.get(pairKey(t.topologyKey, node.labels[t.topologyKey])) ?? 0) > 0) {
            return ANTI_AFFINITY;
          }
        }
        if (existingAnti.size > 0) {
          for (const [k, v] of Object.entries(node.labels)) {
            if ((existingAnti.get(pairKey(k, v)) ?? 0) > 0) {
              return EXISTING_ANTI_AFFINITY;
            }
          }
        }
        return undefined;
      },
    };
  },
};
