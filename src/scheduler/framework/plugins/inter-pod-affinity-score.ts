import type { NodeInfo } from 'src/scheduler/framework/node-info';
import { termMatches, type AffinityTerm, type PodInfo } from 'src/scheduler/framework/pod-info';
import { hasLabel, MAX_NODE_SCORE } from 'src/scheduler/framework/plugins/helpers';
import { Plugins, type ScorePlugin } from 'src/scheduler/framework/types';

// Semantics: kube-scheduler framework/plugins/interpodaffinity/scoring.go (PreScore,
// processExistingPod with HardPodAffinityWeight 1, Score, NormalizeScore).

/** The default HardPodAffinityWeight: existing pods' required affinity terms count as preferred with this weight. */
const HARD_POD_AFFINITY_WEIGHT = 1;

/**
 * Preferred pod affinity (weight 2): each node's topology domains earn the weights of the
 * incoming pod's preferred terms selecting pods there (minus anti-affinity), and of the terms of
 * the pods there selecting the incoming pod.
 */
export const interPodAffinityScore: ScorePlugin = {
  name: Plugins.InterPodAffinity,
  weight: 2,
  preScore(cycle) {
    const pod = cycle.pod;
    const ns = (n: string) => cycle.namespaceLabels(n);
    const hasConstraints = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
    const topologyScore = new Map<string, Map<string, number>>();
    const add = (term: AffinityTerm, weight: number, target: PodInfo, node: NodeInfo) => {
      if (termMatches(term, target, ns) && hasLabel(node.labels, term.topologyKey)) {
        let values = topologyScore.get(term.topologyKey);
        if (!values) {
          topologyScore.set(term.topologyKey, (values = new Map()));
        }
        const v = node.labels[term.topologyKey];
        values.set(v, (values.get(v) ?? 0) + weight);
      }
    };
    for (const node of hasConstraints ? cycle.nodes.list() : cycle.nodes.havePodsWithAffinity()) {
      if (Object.keys(node.labels).length === 0) {
        continue;
      }
      for (const existing of hasConstraints ? node.pods.values() : node.podsWithAffinity) {
        pod.preferredAffinityTerms.forEach((t) => add(t, t.weight, existing, node));
        pod.preferredAntiAffinityTerms.forEach((t) => add(t, -t.weight, existing, node));
        existing.requiredAffinityTerms.forEach((t) => add(t, HARD_POD_AFFINITY_WEIGHT, pod, node));
        existing.preferredAffinityTerms.forEach((t) => add(t, t.weight, pod, node));
        existing.preferredAntiAffinityTerms.forEach((t) => add(t, -t.weight, pod, node));
      }
    }
    if (topologyScore.size === 0) {
      return null;
    }
    return {
      score: (node) => {
        let score = 0;
        for (const [key, values] of topologyScore) {
          if (hasLabel(node.labels, key)) {
            score += values.get(node.labels[key]) ?? 0;
          }
        }
        return score;
      },
      normalize: (scores) => {
        const min = Math.min(...scores);
        const diff = Math.max(...scores) - min;
        for (let i = 0; i < scores.length; i++) {
          scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i] - min) / diff)) : 0;
        }
      },
    };
  },
};
