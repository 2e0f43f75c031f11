import { createCycle } from 'src/scheduler/framework/cycle';
import { fitErrorMessage, type Diagnosis } from 'src/scheduler/framework/fit-error';
import { runFilters, runPreFilters, type PreFiltered } from 'src/scheduler/framework/filters';
import type { NodeInfo } from 'src/scheduler/framework/node-info';
import { Plugins, unresolvable, type Cycle, type NodeLister, type Status } from 'src/scheduler/framework/types';

// Semantics: kube-scheduler framework/plugins/defaultpreemption/default_preemption.go (PostFilter's
// "preemption: " prefix, PodEligibleToPreemptOthers, SelectVictimsOnNode) and
// framework/preemption/preemption.go (Preempt, findCandidates: only nodes rejected with
// Unschedulable are tried; the rest count as "Preemption is not helpful for scheduling").

/** The status of nodes preemption does not try. */
export const REASON_PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
/** The status of a node without lower-priority pods. */
export const REASON_NO_VICTIMS = 'No preemption victims found for incoming pod';

/** The nodes of a lister with one of them replaced (a node with its would-be victims removed). */
class ReplacedNodeLister implements NodeLister {
  private nodes?: NodeInfo[];

  constructor(
    private readonly base: NodeLister,
    private readonly replacement: NodeInfo,
  ) {}

  list(): readonly NodeInfo[] {
    this.nodes ??= this.base.list().map((n) => (n.name === this.replacement.name ? this.replacement : n));
    return this.nodes;
  }

  get(name: string): NodeInfo | undefined {
    return name === this.replacement.name ? this.replacement : this.base.get(name);
  }

  havePodsWithAffinity(): readonly NodeInfo[] {
    return this.list().filter((n) => n.podsWithAffinity.size > 0);
  }

  havePodsWithRequiredAntiAffinity(): readonly NodeInfo[] {
    return this.list().filter((n) => n.podsWithRequiredAntiAffinity.size > 0);
  }
}

/** Filters whose PreFilter state counts pods on other nodes; the others only read the node they check. */
const CLUSTER_WIDE = new Set<string>([Plugins.PodTopologySpread, Plugins.InterPodAffinity]);

/**
 * Why preemption cannot place the pod on a node it rejected as Unschedulable; undefined if it
 * could. The cycle's own filters are reused unless one of them counted pods cluster-wide.
 */
function dryRun(cycle: Cycle, node: NodeInfo, pre: PreFiltered): Status | undefined {
  const victims = [...node.pods.values()].filter((p) => p.priority < cycle.pod.priority);
  if (victims.length === 0) {
    return unresolvable(Plugins.DefaultPreemption, REASON_NO_VICTIMS);
  }
  const trimmed = node.clone();
  for (const v of victims) {
    trimmed.removePod(v.key);
  }
  if (!pre.reject && !pre.filterPlugins.some((p) => CLUSTER_WIDE.has(p))) {
    return runFilters(pre, trimmed);
  }
  const again = runPreFilters(createCycle(cycle.pod, new ReplacedNodeLister(cycle.nodes, trimmed), cycle.listers));
  return again.reject ?? runFilters(again, trimmed);
}

/**
 * The message DefaultPreemption adds to a FitError, as kube-scheduler prints it when preemption
 * finds nothing. kubepg does not preempt: when removing lower-priority pods would make room
 * somewhere (upstream would nominate that node and evict them), the result is '' — upstream
 * prints no preemption message then either.
 */
export function preemptionMessage(cycle: Cycle, d: Diagnosis, pre: PreFiltered): string {
  if (cycle.pod.pod.spec?.preemptionPolicy === 'Never') {
    return 'preemption: not eligible due to preemptionPolicy=Never.';
  }
  const all = cycle.nodes.list();
  const statuses = new Map<string, Status>();
  for (const node of all) {
    if ((d.nodeStatuses.get(node.name) ?? d.absentStatus)?.code !== 'Unschedulable') {
      continue;
    }
    const status = dryRun(cycle, node, pre);
    if (!status) {
      return '';
    }
    statuses.set(node.name, status);
  }
  const absentStatus = unresolvable(Plugins.DefaultPreemption, REASON_PREEMPTION_NOT_HELPFUL);
  return `preemption: ${fitErrorMessage(all.length, { nodeStatuses: statuses, absentStatus })}`;
}
