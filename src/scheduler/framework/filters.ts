import type { NodeInfo } from 'src/scheduler/framework/node-info';
import { interPodAffinityFilter } from 'src/scheduler/framework/plugins/inter-pod-affinity';
import { nodeAffinityFilter } from 'src/scheduler/framework/plugins/node-affinity';
import { nodeName } from 'src/scheduler/framework/plugins/node-name';
import { nodePorts } from 'src/scheduler/framework/plugins/node-ports';
import { nodeResourcesFitFilter } from 'src/scheduler/framework/plugins/node-resources-fit';
import { nodeUnschedulable } from 'src/scheduler/framework/plugins/node-unschedulable';
import { podTopologySpreadFilter } from 'src/scheduler/framework/plugins/pod-topology-spread';
import { taintTolerationFilter } from 'src/scheduler/framework/plugins/taint-toleration';
import type { Cycle, FilterPlugin, NodeFilter, PluginName, Status } from 'src/scheduler/framework/types';

// Semantics: kube-scheduler framework/runtime/framework.go RunPreFilterPlugins (Skip, node-name
// narrowing, first rejection wins) and RunFilterPlugins (first failing plugin wins).

/** The Filter plugins in the order of upstream's default profile. */
export const FILTER_PLUGINS: readonly FilterPlugin[] = [
  nodeUnschedulable,
  nodeName,
  taintTolerationFilter,
  nodeAffinityFilter,
  nodePorts,
  nodeResourcesFitFilter,
  podTopologySpreadFilter,
  interPodAffinityFilter,
];

/** The outcome of PreFilter for one cycle. */
export interface PreFiltered {
  /** The per-node checks of the plugins that did not skip, in order. */
  filters: NodeFilter[];
  /** The plugins those checks belong to (same order). */
  filterPlugins: PluginName[];
  /** A PreFilter rejection: the pod fits no node. */
  reject?: Status;
  /** The only node names worth checking, when a plugin narrowed them. */
  nodeNames?: ReadonlySet<string>;
  /** The plugins that narrowed the node names. */
  narrowedBy: PluginName[];
}

/** Runs every PreFilter; stops at the first rejection. */
export function runPreFilters(cycle: Cycle, plugins: readonly FilterPlugin[] = FILTER_PLUGINS): PreFiltered {
  const out: PreFiltered = { filters: [], filterPlugins: [], narrowedBy: [] };
  for (const plugin of plugins) {
    const result = plugin.preFilter(cycle);
    if (result === null) {
      continue;
    }
    if ('reject' in result) {
      return { ...out, reject: result.reject };
    }
    out.filters.push(result.filter);
    out.filterPlugins.push(plugin.name);
    if (result.nodeNames) {
      const names = new Set(result.nodeNames);
      out.nodeNames = out.nodeNames ? new Set([...out.nodeNames].filter((n) => names.has(n))) : names;
      out.narrowedBy.push(plugin.name);
    }
  }
  return out;
}

/** The first rejection of a node by the filters, or undefined when it passes them all. */
export function runFilters(pre: PreFiltered, node: NodeInfo): Status | undefined {
  for (const f of pre.filters) {
    const status = f(node);
    if (status) {
      return status;
    }
  }
  return undefined;
}
