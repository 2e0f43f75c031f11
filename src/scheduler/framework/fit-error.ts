import type { Status } from 'src/scheduler/framework/types';

// Semantics: kube-scheduler framework/types.go FitError.Error() and Diagnosis; schedule_one.go
// ErrNoNodesAvailable.

/** ErrNoNodesAvailable's message. */
export const NO_NODES_MESSAGE = 'no nodes available to schedule pods';

/** Why a pod fits no node. */
export interface Diagnosis {
  /** The rejection of each node a Filter turned down. */
  nodeStatuses: ReadonlyMap<string, Status>;
  /** What the nodes without an entry in nodeStatuses count as (PreFilter narrowed or rejected them). */
  absentStatus?: Status;
  /** A PreFilter rejection's message, printed once instead of per-node counts. */
  preFilterMessage?: string;
}

/** Status.Message(): the reasons joined by ", ". */
export function statusMessage(s: Status): string {
  return s.reasons.join(', ');
}

/**
 * `0/N nodes are available: <counts>.` — each reason counted over the nodes, the "<count> <reason>"
 * strings sorted as strings and joined by ", " — followed by the PostFilter (preemption) message.
 */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis, postFilterMessage = ''): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMessage) {
    msg += ` ${d.preFilterMessage}.`;
  } else {
    const counts = new Map<string, number>();
    for (const status of d.nodeStatuses.values()) {
      for (const r of status.reasons) {
        counts.set(r, (counts.get(r) ?? 0) + 1);
      }
    }
    const absent = numAllNodes - d.nodeStatuses.size;
    if (absent > 0 && d.absentStatus) {
      for (const r of d.absentStatus.reasons) {
        counts.set(r, (counts.get(r) ?? 0) + absent);
      }
    }
    const histogram = [...counts].map(([reason, n]) => `${n} ${reason}`).sort();
    if (histogram.length > 0) {
      msg += ` ${histogram.join(', ')}.`;
    }
  }
  if (postFilterMessage) {
    msg += ` ${postFilterMessage}`;
  }
  return msg;
}
