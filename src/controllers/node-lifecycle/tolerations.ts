import type { Taint } from 'src/controllers/common/nodes';
import { toleratesTaint, type Toleration } from 'src/controllers/common/tolerations';

// Which NoExecute taints a pod tolerates, and for how long: the decision the taint eviction
// controller makes for each pod on a tainted node.
// Semantics: kubernetes pkg/apis/core/v1/helper GetMatchingTolerations,
// pkg/controller/tainteviction/taint_eviction.go getMinTolerationTime and processPodOnNode.

/** Whether every taint is tolerated, and the first toleration matching each. */
export function matchingTolerations(taints: Taint[], tolerations: Toleration[]): { all: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => toleratesTaint(x, taint));
    if (!t) {
      return { all: false, used: [] };
    }
    used.push(t);
  }
  return { all: true, used };
}

/** The shortest tolerationSeconds in ms: 0 for none or a non-positive one, -1 when all tolerate forever. */
export function minTolerationMs(used: Toleration[]): number {
  if (used.length === 0) {
    return 0;
  }
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds != null) {
      if (t.tolerationSeconds <= 0) {
        return 0;
      }
      min = Math.min(min, t.tolerationSeconds);
    }
  }
  return min === Infinity ? -1 : min * 1000;
}

/** What to do about one pod's eviction after its node's NoExecute taints or its tolerations changed. */
export type EvictionDecision =
  | { action: 'cancel' }
  | { action: 'keep' }
  /** Cancel any scheduled eviction and evict at once. */
  | { action: 'evict-now' }
  /** (Re)schedule the eviction: `createdAt` is kept from an earlier schedule. */
  | { action: 'schedule'; createdAt: number; fireAt: number };

/**
 * Decides a pod's eviction. `scheduledAt` is the creation time of an eviction already scheduled.
 * Semantics: processPodOnNode.
 */
export function decideEviction(noExecuteTaints: Taint[], tolerations: Toleration[], now: number, scheduledAt?: number): EvictionDecision {
  if (noExecuteTaints.length === 0) {
    return { action: 'cancel' };
  }
  const { all, used } = matchingTolerations(noExecuteTaints, tolerations);
  if (!all) {
    return { action: 'evict-now' };
  }
  const min = minTolerationMs(used);
  if (min < 0) {
    return { action: 'cancel' };
  }
  if (scheduledAt !== undefined && scheduledAt + min < now + min) {
    return { action: 'keep' };
  }
  const createdAt = scheduledAt ?? now;
  return { action: 'schedule', createdAt, fireAt: createdAt + min };
}
