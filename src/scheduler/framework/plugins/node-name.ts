import { Plugins, unresolvable, type FilterPlugin } from 'src/scheduler/framework/types';

// Semantics: kube-scheduler framework/plugins/nodename/node_name.go Filter.

/** ErrReason. */
export const REASON_NODE_NAME = "node(s) didn't match the requested node name";

const REJECTED = unresolvable(Plugins.NodeName, REASON_NODE_NAME);

/** A pod that names its node (spec.nodeName) fits only that node. */
export const nodeName: FilterPlugin = {
  name: Plugins.NodeName,
  preFilter(cycle) {
    const wanted: string = cycle.pod.pod.spec?.nodeName ?? '';
    if (!wanted) {
      return null;
    }
    return { filter: (node) => (node.name === wanted ? undefined : REJECTED) };
  },
};
