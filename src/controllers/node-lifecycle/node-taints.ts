import {
  sameTaint,
  TAINT_DISK_PRESSURE,
  TAINT_MEMORY_PRESSURE,
  TAINT_NETWORK_UNAVAILABLE,
  TAINT_NOT_READY,
  TAINT_PID_PRESSURE,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
  taintsOf,
  type Taint,
} from 'src/controllers/common/nodes';
import { metaTime } from 'src/controllers/common/pod-conditions';
import { isConflict, resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import { jsonEqual } from 'src/registry/generic/validation';
import type { KubeObject } from 'src/registry/generic/object';

// Node taints the lifecycle controller owns, and how it writes them.
// Semantics: kubernetes pkg/controller/nodelifecycle/node_lifecycle_controller.go
// (nodeConditionToTaintKeyStatusMap, doNoScheduleTaintingPass), pkg/controller/controller_utils.go
// (AddOrUpdateTaintOnNode, RemoveTaintOffNode, PatchNodeTaints) and util/node SwapNodeControllerTaint.

/** The NoExecute taint of a node that stopped reporting. */
export const UNREACHABLE_TAINT: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };
/** The NoExecute taint of a node reporting Ready=False. */
export const NOT_READY_TAINT: Taint = { key: TAINT_NOT_READY, effect: 'NoExecute' };

/** Which condition status gives which NoSchedule taint. */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: TAINT_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_PID_PRESSURE },
};

const CONDITION_TAINT_KEYS = new Set([
  TAINT_NOT_READY,
  TAINT_UNREACHABLE,
  TAINT_NETWORK_UNAVAILABLE,
  TAINT_MEMORY_PRESSURE,
  TAINT_DISK_PRESSURE,
  TAINT_PID_PRESSURE,
]);

/**
 * The NoSchedule taints a node's conditions (and spec.unschedulable) call for, compared with the
 * ones it has: what to add and what to remove. Semantics: doNoScheduleTaintingPass.
 */
export function noScheduleTaintDiff(node: KubeObject): { add: Taint[]; remove: Taint[] } {
  const want: Taint[] = [];
  for (const c of (node.status?.conditions ?? []) as { type: string; status: string }[]) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) {
      want.push({ key, effect: 'NoSchedule' });
    }
  }
  if (node.spec?.unschedulable) {
    want.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  }
  const have = taintsOf(node).filter((t) => t.effect === 'NoSchedule' && (t.key === TAINT_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)));
  return {
    add: want.filter((w) => !have.some((h) => sameTaint(h, w))),
    remove: have.filter((h) => !want.some((w) => sameTaint(h, w))),
  };
}

/** The node's taints with `add` put in (replacing a same key+effect taint) and `remove` taken out. */
export function applyTaints(taints: Taint[], add: Taint[], remove: Taint[]): Taint[] {
  let next = taints.filter((t) => !remove.some((r) => sameTaint(t, r)));
  for (const a of add) {
    next = [...next.filter((t) => !sameTaint(t, a)), a];
  }
  return next;
}

const UPDATE_TAINT_RETRIES = 5;

/**
 * Adds taints (stamped with timeAdded) and removes others on a node, re-reading it and retrying
 * on conflicts. A no-op without an API call when nothing would change on the cached node.
 * Semantics: SwapNodeControllerTaint (AddOrUpdateTaintOnNode then RemoveTaintOffNode).
 */
export async function swapNodeTaints(client: KubeClient, cached: KubeObject, add: Taint[], remove: Taint[], now: Date): Promise<void> {
  const stamped = add.map((t) => ({ ...t, timeAdded: metaTime(now) }));
  const path = resourcePath('v1', 'nodes', undefined, cached.metadata.name);
  if (stamped.length === 0 && !taintsOf(cached).some((t) => remove.some((r) => sameTaint(t, r)))) {
    return;
  }
  let node = cached;
  for (let attempt = 0; ; attempt++) {
    const current = taintsOf(node);
    const next = applyTaints(current, stamped, remove);
    if (jsonEqual(next, current)) {
      return;
    }
    try {
      await client.patch(path, { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { taints: next } }, 'merge');
      return;
    } catch (err) {
      if (!isConflict(err) || attempt + 1 >= UPDATE_TAINT_RETRIES) {
        throw err;
      }
      node = await client.get<KubeObject>(path);
    }
  }
}
