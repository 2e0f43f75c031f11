import type { KubeObject } from 'src/registry/generic/object';
import { createCycle } from 'src/scheduler/framework/cycle';
import { fitErrorMessage, NO_NODES_MESSAGE, statusMessage, type Diagnosis } from 'src/scheduler/framework/fit-error';
import { runFilters, runPreFilters, type PreFiltered } from 'src/scheduler/framework/filters';
import type { NodeInfo } from 'src/scheduler/framework/node-info';
import { newPodInfo } from 'src/scheduler/framework/pod-info';
import { preemptionMessage } from 'src/scheduler/framework/preemption';
import { scoreNodes } from 'src/scheduler/framework/scores';
import type { Snapshot } from 'src/scheduler/framework/snapshot';
import { unresolvable, type Cycle, type Listers, type PluginName, type Status } from 'src/scheduler/framework/types';

// Semantics: kube-scheduler schedule_one.go (schedulePod, findNodesThatFitPod,
// findNodesThatPassFilters with nextStartNodeIndex, numFeasibleNodesToFind, prioritizeNodes,
// selectHost: ties broken at random) and handleSchedulingFailure's FitError + PostFilter message.

/** How to schedule: lookups for the plugins, the tie-breaking random source, node sampling. */
export interface ScheduleOptions {
  listers?: Listers;
  /** Uniform in [0, 1); picks among the nodes sharing the best score. Default Math.random. */
  random?: () => number;
  /** percentageOfNodesToScore; 0 (default) is upstream's adaptive 50 % − nodes/125, at least 5 %. */
  percentageOfNodesToScore?: number;
}

/** The decision for one pod: a node, or why it fits none and which plugins said so. */
export type ScheduleResult = { node: string; feasibleNodes: number; evaluatedNodes: number } | { unschedulable: string; plugins: PluginName[] };

/** Below this many nodes every node is evaluated (minFeasibleNodesToFind). */
const MIN_FEASIBLE_NODES = 100;
/** The adaptive percentage never goes below this (minFeasibleNodesPercentageToFind). */
const MIN_FEASIBLE_PERCENTAGE = 5;

/** How many feasible nodes to find before scoring stops the search (numFeasibleNodesToFind). */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES) {
    return numAllNodes;
  }
  let pct = percentage;
  if (pct === 0) {
    pct = Math.max(MIN_FEASIBLE_PERCENTAGE, 50 - Math.trunc(numAllNodes / 125));
  }
  return Math.max(MIN_FEASIBLE_NODES, Math.trunc((numAllNodes * pct) / 100));
}

function unschedulableResult(cycle: Cycle, pre: PreFiltered, d: Diagnosis, plugins: Iterable<PluginName>): ScheduleResult {
  const message = fitErrorMessage(cycle.nodes.list().length, d, preemptionMessage(cycle, d, pre));
  return { unschedulable: message, plugins: [...new Set(plugins)].sort() };
}

/** Picks the highest total; among equal totals, one at random. */
function selectHost(feasible: readonly NodeInfo[], totals: readonly number[], random: () => number): string {
  let best = -Infinity;
  let ties: number[] = [];
  for (let i = 0; i < totals.length; i++) {
    if (totals[i] > best) {
      best = totals[i];
      ties = [i];
    } else if (totals[i] === best) {
      ties.push(i);
    }
  }
  return feasible[ties[Math.min(ties.length - 1, Math.floor(random() * ties.length))]].name;
}

/**
 * Schedules one pod against the snapshot: PreFilter, Filter from the round-robin start until
 * enough feasible nodes are found, Score and pick the best. On failure the message is
 * upstream's FitError followed by its preemption message. Advances snapshot.nextStartNodeIndex.
 */
export function schedulePod(pod: KubeObject, snapshot: Snapshot, opts: ScheduleOptions = {}): ScheduleResult {
  const all = snapshot.list();
  if (all.length === 0) {
    return { unschedulable: NO_NODES_MESSAGE, plugins: [] };
  }
  const cycle = createCycle(newPodInfo(pod), snapshot, opts.listers ?? {});
  const pre = runPreFilters(cycle);
  if (pre.reject) {
    const d: Diagnosis = { nodeStatuses: new Map(), absentStatus: pre.reject, preFilterMessage: statusMessage(pre.reject) };
    return unschedulableResult(cycle, pre, d, [pre.reject.plugin]);
  }
  let nodes = all;
  let absentStatus: Status | undefined;
  if (pre.nodeNames) {
    nodes = [...pre.nodeNames].map((n) => snapshot.get(n)).filter((n): n is NodeInfo => n !== undefined);
    absentStatus = unresolvable(pre.narrowedBy[0], `node(s) didn't satisfy plugin(s) [${[...pre.narrowedBy].sort().join(' ')}]`);
  }
  const toFind = numFeasibleNodesToFind(opts.percentageOfNodesToScore ?? 0, nodes.length);
  const feasible: NodeInfo[] = [];
  const nodeStatuses = new Map<string, Status>();
  const start = snapshot.nextStartNodeIndex;
  let processed = 0;
  for (let i = 0; i < nodes.length && feasible.length < toFind; i++) {
    const node = nodes[(start + i) % nodes.length];
    processed++;
    const status = runFilters(pre, node);
    if (status) {
      nodeStatuses.set(node.name, status);
    } else {
      feasible.push(node);
    }
  }
  snapshot.nextStartNodeIndex = (start + processed) % all.length;
  if (feasible.length === 0) {
    const plugins = [...pre.narrowedBy, ...[...nodeStatuses.values()].map((s) => s.plugin)];
    return unschedulableResult(cycle, pre, { nodeStatuses, absentStatus }, plugins);
  }
  const evaluatedNodes = feasible.length + nodeStatuses.size;
  if (feasible.length === 1) {
    return { node: feasible[0].name, feasibleNodes: 1, evaluatedNodes };
  }
  const { totals } = scoreNodes(cycle, feasible);
  return { node: selectHost(feasible, totals, opts.random ?? Math.random), feasibleNodes: feasible.length, evaluatedNodes };
}
