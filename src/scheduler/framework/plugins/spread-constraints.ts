import { addRequirements, labelSelector, NOTHING, selectorFromSet, type Requirement, type Selector } from 'src/scheduler/framework/labels';
import type { NodeInfo } from 'src/scheduler/framework/node-info';
import type { NodeMatcher } from 'src/scheduler/framework/node-selector';
import { hasLabel } from 'src/scheduler/framework/plugins/helpers';
import { doNotSchedule, firstUntolerated } from 'src/controllers/common/tolerations';
import type { Cycle } from 'src/scheduler/framework/types';

// Semantics: kube-scheduler framework/plugins/podtopologyspread/common.go
// (filterTopologySpreadConstraints with matchLabelKeys, buildDefaultConstraints,
// matchNodeInclusionPolicies, countPodsMatchSelector), plugins/helper/spread.go DefaultSelector,
// and the system default constraints of apis/config/v1 defaults.go.

/** A topology spread constraint with its selector compiled and defaults applied. */
export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector;
  minDomains: number;
  nodeAffinityPolicy: string;
  nodeTaintsPolicy: string;
}

/** The label every node carries with its own name. */
export const HOSTNAME_KEY = 'kubernetes.io/hostname';

/** systemDefaultConstraints: soft spreading by host (maxSkew 3) and zone (maxSkew 5). */
const SYSTEM_DEFAULTS = [
  { maxSkew: 3, topologyKey: HOSTNAME_KEY, whenUnsatisfiable: 'ScheduleAnyway' },
  { maxSkew: 5, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
];

/** The constraints of `action` (DoNotSchedule or ScheduleAnyway), matchLabelKeys merged into the selector. */
export function constraintsOf(list: any[], podLabels: Record<string, string>, action: string): SpreadConstraint[] {
  return list
    .filter((c) => c?.whenUnsatisfiable === action)
    .map((c) => {
      let selector = labelSelector(c.labelSelector);
      const keys: string[] = c.matchLabelKeys ?? [];
      const extra: Requirement[] = keys.filter((k) => hasLabel(podLabels, k)).map((k) => ({ key: k, operator: 'In', values: [podLabels[k]] }));
      if (extra.length > 0) {
        selector = addRequirements(selector, extra);
      }
      return {
        maxSkew: Number(c.maxSkew ?? 1),
        topologyKey: String(c.topologyKey ?? ''),
        selector,
        minDomains: Number(c.minDomains ?? 1),
        nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
        nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
      };
    });
}

/** The controller owning a pod, if any. */
function controllerRef(pod: any): { apiVersion: string; kind: string; name: string } | undefined {
  return (pod.metadata?.ownerReferences ?? []).find((r: any) => r?.controller === true);
}

/**
 * DefaultSelector: the selectors of the Services selecting the pod merged, plus the selector of
 * its controlling ReplicationController, ReplicaSet or StatefulSet.
 */
export function defaultSelector(cycle: Cycle): Selector {
  const { pod, listers } = cycle;
  let merged: Record<string, string> = {};
  for (const svc of listers.services?.(pod.namespace) ?? []) {
    const sel = svc.spec?.selector;
    if (sel !== undefined && sel !== null && selectorFromSet(sel).matches(pod.labels)) {
      merged = { ...merged, ...sel };
    }
  }
  let selector = selectorFromSet(merged);
  const owner = controllerRef(pod.pod);
  if (!owner || !listers.controller) {
    return selector;
  }
  if (owner.apiVersion === 'v1' && owner.kind === 'ReplicationController') {
    const rc = listers.controller('ReplicationController', pod.namespace, owner.name);
    if (rc) {
      selector = selectorFromSet({ ...merged, ...(rc.spec?.selector ?? {}) });
    }
  } else if (owner.apiVersion === 'apps/v1' && (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet')) {
    const ctrl = listers.controller(owner.kind, pod.namespace, owner.name);
    const other = ctrl ? labelSelector(ctrl.spec?.selector) : NOTHING;
    if (other !== NOTHING) {
      selector = addRequirements(selector, other.requirements);
    }
  }
  return selector;
}

/** The pod's own constraints of `action`, or the system defaults when it has none. */
export function podConstraints(cycle: Cycle, action: string): SpreadConstraint[] {
  const own: any[] = cycle.pod.pod.spec?.topologySpreadConstraints ?? [];
  if (own.length > 0) {
    return constraintsOf(own, cycle.pod.labels, action);
  }
  const defaults = constraintsOf(SYSTEM_DEFAULTS, cycle.pod.labels, action);
  if (defaults.length === 0) {
    return [];
  }
  const selector = defaultSelector(cycle);
  return selector.empty ? [] : defaults.map((c) => ({ ...c, selector }));
}

/** Whether a node has every topology key of the constraints. */
export function nodeHasAllKeys(node: NodeInfo, constraints: readonly SpreadConstraint[]): boolean {
  return constraints.every((c) => hasLabel(node.labels, c.topologyKey));
}

/** Whether a node counts for a constraint under its nodeAffinityPolicy and nodeTaintsPolicy. */
export function matchNodeInclusionPolicies(c: SpreadConstraint, tolerations: any[] | undefined, node: NodeInfo, required: NodeMatcher | undefined): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && required && !required(node.labels, node.name)) {
    return false;
  }
  if (c.nodeTaintsPolicy === 'Honor' && firstUntolerated(node.taints, tolerations, doNotSchedule)) {
    return false;
  }
  return true;
}

/** Memo keys per selector and namespace; the same string instance each time keeps its hash cached. */
const memoKeys = new WeakMap<Selector, Map<string, string>>();

function memoKey(selector: Selector, namespace: string): string {
  let byNs = memoKeys.get(selector);
  if (!byNs) {
    memoKeys.set(selector, (byNs = new Map()));
  }
  let key = byNs.get(namespace);
  if (key === undefined) {
    key = `spread\u0000${namespace}\u0000${JSON.stringify(selector.requirements)}`;
    byNs.set(namespace, key);
  }
  return key;
}

/** The pods on a node in `namespace` matching the selector, terminating ones left out (0 for an empty selector). */
export function countMatching(node: NodeInfo, selector: Selector, namespace: string): number {
  if (selector.empty || node.pods.size === 0) {
    return 0;
  }
  return node.memoize(memoKey(selector, namespace), () => {
    let n = 0;
    for (const p of node.pods.values()) {
      if (!p.terminating && p.namespace === namespace && selector.matches(p.labels)) {
        n++;
      }
    }
    return n;
  });
}
