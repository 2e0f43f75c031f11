import { preferredNodeAffinity, requiredNodeAffinity } from 'src/scheduler/framework/node-selector';
import { defaultNormalizeScore, MAX_NODE_SCORE } from 'src/scheduler/framework/plugins/helpers';
import { Plugins, unresolvable, type FilterPlugin, type ScorePlugin } from 'src/scheduler/framework/types';

// Semantics: kube-scheduler framework/plugins/nodeaffinity/node_affinity.go PreFilter (node names
// from matchFields metadata.name), Filter, PreScore, Score and NormalizeScore.

/** ErrReasonPod. */
export const REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
/** errReasonConflict: every term names nodes, and together they name none. */
export const REASON_AFFINITY_CONFLICT = 'pod affinity terms conflict';

const REJECTED = unresolvable(Plugins.NodeAffinity, REASON_NODE_AFFINITY);

/** The node names the required terms restrict the pod to, or undefined when some term names none. */
function namedNodes(terms: any[]): Set<string> | undefined {
  let names: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const f of t?.matchFields ?? []) {
      if (f?.key === 'metadata.name' && f?.operator === 'In') {
        const s = new Set<string>(f.values ?? []);
        termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
      }
    }
    if (!termNames) {
      return undefined;
    }
    names = new Set([...(names ?? []), ...termNames]);
  }
  return names;
}

/** Requires spec.nodeSelector and required node affinity to match the node. */
export const nodeAffinityFilter: FilterPlugin = {
  name: Plugins.NodeAffinity,
  preFilter(cycle) {
    const spec = cycle.pod.pod.spec ?? {};
    const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && (spec.nodeSelector === undefined || spec.nodeSelector === null)) {
      return null;
    }
    const match = requiredNodeAffinity(spec);
    const filter = (node: { labels: Record<string, string>; name: string }) => (match && !match(node.labels, node.name) ? REJECTED : undefined);
    const terms: any[] = required?.nodeSelectorTerms ?? [];
    const names = terms.length > 0 ? namedNodes(terms) : undefined;
    if (names && names.size === 0) {
      return { reject: unresolvable(Plugins.NodeAffinity, REASON_AFFINITY_CONFLICT) };
    }
    return names ? { filter, nodeNames: [...names] } : { filter };
  },
};

/** Prefers nodes matching more (heavier) preferred node affinity terms (weight 2). */
export const nodeAffinityScore: ScorePlugin = {
  name: Plugins.NodeAffinity,
  weight: 2,
  preScore(cycle) {
    const preferred = preferredNodeAffinity(cycle.pod.pod.spec);
    if (!preferred) {
      return null;
    }
    return {
      score: (node) => preferred(node.labels, node.name),
      normalize: (scores) => defaultNormalizeScore(MAX_NODE_SCORE, false, scores),
    };
  },
};
