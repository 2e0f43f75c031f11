import { defaultNormalizeScore, MAX_NODE_SCORE } from 'src/scheduler/framework/plugins/helpers';
import { doNotSchedule, firstUntolerated, tolerationsTolerate, type Toleration } from 'src/controllers/common/tolerations';
import { Plugins, unresolvable, type FilterPlugin, type ScorePlugin } from 'src/scheduler/framework/types';

// Semantics: kube-scheduler framework/plugins/tainttoleration/taint_toleration.go Filter, PreScore,
// Score (countIntolerableTaintsPreferNoSchedule) and NormalizeScore (reversed).

/** The Filter reason for the first NoSchedule/NoExecute taint the pod does not tolerate. */
export function untoleratedTaintReason(key: string, value: string | undefined): string {
  return `node(s) had untolerated taint {${key}: ${value ?? ''}}`;
}

/** Keeps pods off nodes with NoSchedule or NoExecute taints they do not tolerate. */
export const taintTolerationFilter: FilterPlugin = {
  name: Plugins.TaintToleration,
  preFilter(cycle) {
    const tolerations: Toleration[] | undefined = cycle.pod.pod.spec?.tolerations;
    return {
      filter: (node) => {
        if (node.taints.length === 0) {
          return undefined;
        }
        const taint = firstUntolerated(node.taints, tolerations, doNotSchedule);
        return taint ? unresolvable(Plugins.TaintToleration, untoleratedTaintReason(taint.key, taint.value)) : undefined;
      },
    };
  },
};

/** Prefers nodes with fewer PreferNoSchedule taints the pod does not tolerate (weight 3). */
export const taintTolerationScore: ScorePlugin = {
  name: Plugins.TaintToleration,
  weight: 3,
  preScore(cycle) {
    const tolerations = ((cycle.pod.pod.spec?.tolerations ?? []) as Toleration[]).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    return {
      score: (node) => node.taints.filter((t) => t.effect === 'PreferNoSchedule' && !tolerationsTolerate(tolerations, t)).length,
      normalize: (scores) => defaultNormalizeScore(MAX_NODE_SCORE, true, scores),
    };
  },
};
