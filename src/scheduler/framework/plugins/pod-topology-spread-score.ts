import type { NodeInfo } from 'src/scheduler/framework/node-info';
import { requiredNodeAffinity } from 'src/scheduler/framework/node-selector';
import { hasLabel, MAX_NODE_SCORE } from 'src/scheduler/framework/plugins/helpers';
import { countMatching, HOSTNAME_KEY, matchNodeInclusionPolicies, nodeHasAllKeys, podConstraints } from 'src/scheduler/framework/plugins/spread-constraints';
import { Plugins, type ScorePlugin } from 'src/scheduler/framework/types';

// Semantics: kube-scheduler framework/plugins/podtopologyspread/scoring.go (initPreScoreState,
// PreScore, Score with topologyNormalizingWeight and scoreForCount, NormalizeScore).

/** Preferred (ScheduleAnyway) spreading, including the system defaults for controlled or serviced pods (weight 2). */
export const podTopologySpreadScore: ScorePlugin = {
  name: Plugins.PodTopologySpread,
  weight: 2,
  preScore(cycle, feasible) {
    const pod = cycle.pod;
    const constraints = podConstraints(cycle, 'ScheduleAnyway');
    const all = cycle.nodes.list();
    if (constraints.length === 0 || all.length === 0) {
      return null;
    }
    // Only the pod's own constraints require every key on a node: nodes without a zone label
    // still get hostname spreading from the system defaults.
    const requireAll = (pod.pod.spec?.topologySpreadConstraints ?? []).length > 0;
    const ignored = new Set<NodeInfo>();
    const counts = constraints.map(() => new Map<string, number>());
    // Domains some scored node reads; counting pods anywhere else cannot change a score.
    const read = constraints.map(() => new Set<string>());
    for (const node of feasible) {
      if (requireAll && !nodeHasAllKeys(node, constraints)) {
        ignored.add(node);
        continue;
      }
      for (let i = 0; i < constraints.length; i++) {
        const key = constraints[i].topologyKey;
        if (key !== HOSTNAME_KEY) {
          counts[i].set(node.labels[key] ?? '', 0);
          if (hasLabel(node.labels, key)) {
            read[i].add(node.labels[key]);
          }
        }
      }
    }
    const weights = constraints.map((c, i) => Math.log((c.topologyKey === HOSTNAME_KEY ? feasible.length - ignored.size : counts[i].size) + 2));
    const required = requiredNodeAffinity(pod.pod.spec);
    const tolerations = pod.pod.spec?.tolerations;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i];
      if (read[i].size === 0) {
        continue;
      }
      for (const node of all) {
        const value = node.labels[c.topologyKey] ?? '';
        if (!read[i].has(value) || (requireAll && !nodeHasAllKeys(node, constraints)) || !matchNodeInclusionPolicies(c, tolerations, node, required)) {
          continue;
        }
        counts[i].set(value, counts[i].get(value)! + countMatching(node, c.selector, pod.namespace));
      }
    }
    return {
      score: (node) => {
        if (ignored.has(node)) {
          return -1;
        }
        let score = 0;
        for (let i = 0; i < constraints.length; i++) {
          const c = constraints[i];
          if (hasLabel(node.labels, c.topologyKey)) {
            const cnt = c.topologyKey === HOSTNAME_KEY ? countMatching(node, c.selector, pod.namespace) : (counts[i].get(node.labels[c.topologyKey]) ?? 0);
            score += cnt * weights[i] + (c.maxSkew - 1);
          }
        }
        return Math.round(score);
      },
      normalize: (scores, nodes) => {
        let min = Number.MAX_SAFE_INTEGER;
        let max = 0;
        nodes.forEach((n, i) => {
          if (!ignored.has(n)) {
            min = Math.min(min, scores[i]);
            max = Math.max(max, scores[i]);
          }
        });
        nodes.forEach((n, i) => {
          if (ignored.has(n)) {
            scores[i] = 0;
          } else {
            scores[i] = max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
          }
        });
      },
    };
  },
};
