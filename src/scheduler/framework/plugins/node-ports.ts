import { Plugins, unschedulable, type FilterPlugin } from 'src/scheduler/framework/types';

// Semantics: kube-scheduler framework/plugins/nodeports/node_ports.go PreFilter, Filter, fitsPorts.

/** ErrReason. */
export const REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

const REJECTED = unschedulable(Plugins.NodePorts, REASON_NODE_PORTS);

/** A pod's host ports must be free on the node (per protocol and host IP; 0.0.0.0 collides with every IP). */
export const nodePorts: FilterPlugin = {
  name: Plugins.NodePorts,
  preFilter(cycle) {
    const wanted = cycle.pod.hostPorts;
    if (wanted.length === 0) {
      return null;
    }
    return { filter: (node) => (wanted.some((p) => node.portConflict(p.ip, p.protocol, p.port)) ? REJECTED : undefined) };
  },
};
