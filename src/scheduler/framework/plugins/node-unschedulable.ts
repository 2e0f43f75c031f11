import { tolerationsTolerate } from 'src/controllers/common/tolerations';
import { Plugins, unresolvable, type FilterPlugin } from 'src/scheduler/framework/types';

// Semantics: kube-scheduler framework/plugins/nodeunschedulable/node_unschedulable.go Filter.

/** ErrReasonUnschedulable. */
export const REASON_NODE_UNSCHEDULABLE = 'node(s) were unschedulable';

const REJECTED = unresolvable(Plugins.NodeUnschedulable, REASON_NODE_UNSCHEDULABLE);
const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** Keeps pods off cordoned nodes (spec.unschedulable) unless they tolerate the unschedulable taint. */
export const nodeUnschedulable: FilterPlugin = {
  name: Plugins.NodeUnschedulable,
  preFilter(cycle) {
    if (tolerationsTolerate(cycle.pod.pod.spec?.tolerations, UNSCHEDULABLE_TAINT)) {
      return null;
    }
    return { filter: (node) => (node.unschedulable ? REJECTED : undefined) };
  },
};
