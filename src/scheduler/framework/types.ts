import type { NodeInfo } from 'src/scheduler/framework/node-info';
import type { PodInfo } from 'src/scheduler/framework/pod-info';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: k8s.io/kube-scheduler framework/interface.go (Code, Status, the plugin extension
// points). Our plugins are closures built once per scheduling cycle instead of CycleState entries.

/** The names of the plugins we run, as upstream spells them in messages and configuration. */
export const Plugins = {
  NodeUnschedulable: 'NodeUnschedulable',
  NodeName: 'NodeName',
  TaintToleration: 'TaintToleration',
  NodeAffinity: 'NodeAffinity',
  NodePorts: 'NodePorts',
  NodeResourcesFit: 'NodeResourcesFit',
  PodTopologySpread: 'PodTopologySpread',
  InterPodAffinity: 'InterPodAffinity',
  NodeResourcesBalancedAllocation: 'NodeResourcesBalancedAllocation',
  DefaultPreemption: 'DefaultPreemption',
} as const;

/** A plugin name. */
export type PluginName = (typeof Plugins)[keyof typeof Plugins];

/**
 * Why a node was rejected. `Unschedulable` may be resolved by preempting pods on the node;
 * `UnschedulableAndUnresolvable` cannot (preemption skips those nodes).
 */
export type StatusCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

/** A rejection: its code, upstream's reason strings, and the plugin that returned it. */
export interface Status {
  readonly code: StatusCode;
  readonly reasons: readonly string[];
  readonly plugin: PluginName;
}

/** A rejection that preempting lower-priority pods might resolve. */
export function unschedulable(plugin: PluginName, ...reasons: string[]): Status {
  return { code: 'Unschedulable', reasons, plugin };
}

/** A rejection that no preemption can resolve. */
export function unresolvable(plugin: PluginName, ...reasons: string[]): Status {
  return { code: 'UnschedulableAndUnresolvable', reasons, plugin };
}

/** Checks one node; undefined means the node passes. */
export type NodeFilter = (node: NodeInfo) => Status | undefined;

/**
 * What PreFilter decided for a pod: `null` skips the plugin's Filter (nothing to check), `reject`
 * fails the pod on every node, otherwise `filter` checks each node and `nodeNames`, when set,
 * narrows the candidates to those names (NodeAffinity's matchFields metadata.name).
 */
export type PreFilterResult = null | { reject: Status } | { filter: NodeFilter; nodeNames?: readonly string[] };

/** A Filter plugin: PreFilter once per cycle, returning the per-node check. */
export interface FilterPlugin {
  readonly name: PluginName;
  preFilter(cycle: Cycle): PreFilterResult;
}

/** Scores the feasible nodes of one cycle, then optionally normalizes them to 0–100 in place. */
export interface NodeScorer {
  score(node: NodeInfo): number;
  normalize?(scores: number[], nodes: readonly NodeInfo[]): void;
}

/** A Score plugin: PreScore once per cycle (null = Skip), then a score per feasible node. */
export interface ScorePlugin {
  readonly name: PluginName;
  readonly weight: number;
  preScore(cycle: Cycle, feasible: readonly NodeInfo[]): NodeScorer | null;
}

/** The nodes of the cluster as the plugins read them (a Snapshot, or a view of one). */
export interface NodeLister {
  /** Nodes that exist (have a Node object), in a stable order. */
  list(): readonly NodeInfo[];
  get(name: string): NodeInfo | undefined;
  /** Nodes hosting at least one pod with pod affinity or anti-affinity. */
  havePodsWithAffinity(): readonly NodeInfo[];
  /** Nodes hosting at least one pod with required pod anti-affinity. */
  havePodsWithRequiredAntiAffinity(): readonly NodeInfo[];
}

/** Objects the plugins look up besides nodes and pods; all optional. */
export interface Listers {
  /** The Services of a namespace (PodTopologySpread's system-default selector). */
  services?(namespace: string): readonly KubeObject[];
  /** A ReplicaSet, StatefulSet or ReplicationController by namespace and name. */
  controller?(kind: 'ReplicaSet' | 'StatefulSet' | 'ReplicationController', namespace: string, name: string): KubeObject | undefined;
  /** The labels of a namespace (pod affinity namespaceSelector). */
  namespaceLabels?(namespace: string): Record<string, string> | undefined;
}

/** One scheduling cycle: the pod being scheduled, the nodes, and lookups. */
export interface Cycle {
  readonly pod: PodInfo;
  readonly nodes: NodeLister;
  readonly listers: Listers;
  /** The labels of a namespace, cached for the cycle ({} when unknown). */
  namespaceLabels(namespace: string): Record<string, string>;
}
