import { requiredNodeAffinity } from 'src/scheduler/framework/node-selector';
import { hasLabel, pairKey } from 'src/scheduler/framework/plugins/helpers';
import { countMatching, matchNodeInclusionPolicies, nodeHasAllKeys, podConstraints } from 'src/scheduler/framework/plugins/spread-constraints';
import { Plugins, unresolvable, unschedulable, type FilterPlugin } from 'src/scheduler/framework/types';

// Semantics: kube-scheduler framework/plugins/podtopologyspread/filtering.go (calPreFilterState,
// criticalPaths minimum, minMatchNum with minDomains, Filter).

/** ErrReasonConstraintsNotMatch. */
export const REASON_SPREAD = "node(s) didn't match pod topology spread constraints";
/** ErrReasonNodeLabelNotMatch. */
export const REASON_SPREAD_MISSING_LABEL = `${REASON_SPREAD} (missing required label)`;

const MISSING_LABEL = unresolvable(Plugins.PodTopologySpread, REASON_SPREAD_MISSING_LABEL);
const SKEWED = unschedulable(Plugins.PodTopologySpread, REASON_SPREAD);
/** criticalPaths start at math.MaxInt32: a key without domains never limits the skew. */
const NO_DOMAIN_MINIMUM = 2147483647;

/**
 * Required (DoNotSchedule) spreading: placing the pod in a domain must keep
 * `matching pods there + 1 - global minimum` within maxSkew. Counts come from every node that has
 * all the constraints' topology keys and passes the node inclusion policies.
 */
export const podTopologySpreadFilter: FilterPlugin = {
  name: Plugins.PodTopologySpread,
  preFilter(cycle) {
    const constraints = podConstraints(cycle, 'DoNotSchedule');
    if (constraints.length === 0) {
      return null;
    }
    const pod = cycle.pod;
    const required = requiredNodeAffinity(pod.pod.spec);
    const tolerations = pod.pod.spec?.tolerations;
    const matchNum = new Map<string, number>();
    for (const node of cycle.nodes.list()) {
      if (!nodeHasAllKeys(node, constraints)) {
        continue;
      }
      for (const c of constraints) {
        if (!matchNodeInclusionPolicies(c, tolerations, node, required)) {
          continue;
        }
        const pair = pairKey(c.topologyKey, node.labels[c.topologyKey]);
        matchNum.set(pair, (matchNum.get(pair) ?? 0) + countMatching(node, c.selector, pod.namespace));
      }
    }
    const minimum = new Map<string, number>();
    const domains = new Map<string, number>();
    for (const [pair, n] of matchNum) {
      const key = pair.slice(0, pair.indexOf('\u0000'));
      minimum.set(key, Math.min(minimum.get(key) ?? NO_DOMAIN_MINIMUM, n));
      domains.set(key, (domains.get(key) ?? 0) + 1);
    }
    const selfMatch = constraints.map((c) => (c.selector.matches(pod.labels) ? 1 : 0));
    return {
      filter: (node) => {
        for (let i = 0; i < constraints.length; i++) {
          const c = constraints[i];
          if (!hasLabel(node.labels, c.topologyKey)) {
            return MISSING_LABEL;
          }
          const min = (domains.get(c.topologyKey) ?? 0) < c.minDomains ? 0 : (minimum.get(c.topologyKey) ?? NO_DOMAIN_MINIMUM);
          const skew = (matchNum.get(pairKey(c.topologyKey, node.labels[c.topologyKey])) ?? 0) + selfMatch[i] - min;
          if (skew > c.maxSkew) {
            return SKEWED;
          }
        }
        return undefined;
      },
    };
  },
};
