import type { NodeInfo } from 'src/scheduler/framework/node-info';
import { balancedAllocationScore } from 'src/scheduler/framework/plugins/balanced-allocation';
import { interPodAffinityScore } from 'src/scheduler/framework/plugins/inter-pod-affinity-score';
import { nodeAffinityScore } from 'src/scheduler/framework/plugins/node-affinity';
import { nodeResourcesFitScore } from 'src/scheduler/framework/plugins/node-resources-fit';
import { podTopologySpreadScore } from 'src/scheduler/framework/plugins/pod-topology-spread-score';
import { taintTolerationScore } from 'src/scheduler/framework/plugins/taint-toleration';
import type { Cycle, ScorePlugin } from 'src/scheduler/framework/types';

// Semantics: kube-scheduler framework/runtime/framework.go RunScorePlugins (score, normalize,
// then multiply by the plugin weight and sum) and apis/config/v1 default_plugins.go weights.

/** The Score plugins of upstream's default profile, with their weights. */
export const SCORE_PLUGINS: readonly ScorePlugin[] = [
  taintTolerationScore,
  nodeAffinityScore,
  nodeResourcesFitScore,
  podTopologySpreadScore,
  interPodAffinityScore,
  balancedAllocationScore,
];

/** The weighted total score of each feasible node (same order), and each plugin's normalized scores. */
export function scoreNodes(cycle: Cycle, feasible: readonly NodeInfo[], plugins: readonly ScorePlugin[] = SCORE_PLUGINS) {
  const totals: number[] = new Array<number>(feasible.length).fill(0);
  const byPlugin = new Map<string, number[]>();
  for (const plugin of plugins) {
    const scorer = plugin.preScore(cycle, feasible);
    if (!scorer) {
      continue;
    }
    const scores = feasible.map((n) => scorer.score(n));
    scorer.normalize?.(scores, feasible);
    for (let i = 0; i < scores.length; i++) {
      totals[i] += plugin.weight * scores[i];
    }
    byPlugin.set(plugin.name, scores);
  }
  return { totals, byPlugin };
}
