import type { KubeObject } from 'src/registry/generic/object';
import { isPodAvailable } from 'src/controllers/common/pods';
import { isPodUpdated, templateGeneration } from 'src/controllers/daemonset/history';
import { nodeShouldRunDaemonPod } from 'src/controllers/daemonset/node-eligibility';

// Semantics: kubernetes pkg/controller/daemon/update.go (rollingUpdate, findUpdatedPodsOnNode,
// updatedDesiredNodeCounts) and daemon/util (SurgeCount, UnavailableCount, AllowsSurge).

/** An int-or-percent scaled against `total` (intstr.GetScaledValueFromIntOrPercent). */
export function scaledValue(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'string' && v.endsWith('%')) {
    const exact = (Number(v.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  }
  const n = Number(v ?? 0);
  return Number.isFinite(n) ? n : 0;
}

function rollingUpdate(ds: KubeObject): Record<string, unknown> | undefined {
  const st = ds.spec?.updateStrategy;
  return (st?.type ?? 'RollingUpdate') === 'RollingUpdate' ? (st?.rollingUpdate ?? undefined) : undefined;
}

/** How many extra pods a rolling update may surge onto `desired` nodes (rounded up). */
export function surgeCount(ds: KubeObject, desired: number): number {
  const ru = rollingUpdate(ds);
  return ru?.maxSurge == null ? 0 : scaledValue(ru.maxSurge, desired, true);
}

/** How many of `desired` nodes may be without an available pod during a rolling update (rounded up). */
export function unavailableCount(ds: KubeObject, desired: number): number {
  const ru = rollingUpdate(ds);
  return ru ? scaledValue(ru.maxUnavailable, desired, true) : 0;
}

/** Whether the DaemonSet surges (a new pod starts before the old one goes). */
export function allowsSurge(ds: KubeObject): boolean {
  return surgeCount(ds, 1) !== 0;
}

/** The one new and one old live pod of a node; not ok when there are more (findUpdatedPodsOnNode). */
export function updatedPodsOnNode(pods: KubeObject[], hash: string, generation: number | undefined): { newPod?: KubeObject; oldPod?: KubeObject; ok: boolean } {
  let newPod: KubeObject | undefined;
  let oldPod: KubeObject | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) {
      continue;
    }
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) {
        return { ok: false };
      }
      newPod = pod;
    } else {
      if (oldPod) {
        return { ok: false };
      }
      oldPod = pod;
    }
  }
  return { newPod, oldPod, ok: true };
}

/** Pods to delete and nodes to surge onto in one rolling-update step. */
export interface RollingUpdatePlan {
  deletePods: KubeObject[];
  createOn: string[];
}

/**
 * One step of a rolling update. Without surge: delete old pods on as many nodes as maxUnavailable
 * allows (nodes already unavailable count against it; unavailable old pods go at once) and let
 * manage recreate them. With surge: start new pods next to old available ones on up to maxSurge
 * nodes (at once where the old pod is unavailable) and delete each old pod once its replacement
 * is available.
 */
export function planRollingUpdate(ds: KubeObject, nodes: KubeObject[], nodeToPods: Map<string, KubeObject[]>, hash: string, now: Date): RollingUpdatePlan {
  const minReady = Number(ds.spec?.minReadySeconds ?? 0);
  const generation = templateGeneration(ds);
  const available = (p: KubeObject) => isPodAvailable(p, minReady, now);
  const byNode = new Map(nodeToPods);
  const nodesByName = new Map(nodes.map((n) => [n.metadata.name!, n]));
  let desired = 0;
  for (const node of nodes) {
    if (nodeShouldRunDaemonPod(node, ds).shouldRun) {
      desired++;
      if (!byNode.has(node.metadata.name!)) {
        byNode.set(node.metadata.name!, []);
      }
    }
  }
  let maxUnavailable = unavailableCount(ds, desired);
  const maxSurge = surgeCount(ds, desired);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) {
    maxUnavailable = 1;
  }
  const shouldRun = (nodeName: string) => {
    const node = nodesByName.get(nodeName);
    return node !== undefined && nodeShouldRunDaemonPod(node, ds).shouldRun;
  };

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const replacements: KubeObject[] = [];
    const candidates: KubeObject[] = [];
    for (const pods of byNode.values()) {
      const { newPod, oldPod, ok } = updatedPodsOnNode(pods, hash, generation);
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) {
        numUnavailable++;
      } else if (newPod) {
        numUnavailable += available(newPod) ? 0 : 1;
      } else if (!available(oldPod!)) {
        replacements.push(oldPod!);
        numUnavailable++;
      } else if (numUnavailable < maxUnavailable) {
        candidates.push(oldPod!);
      }
    }
    const room = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    return { deletePods: [...replacements, ...candidates.slice(0, room)], createOn: [] };
  }

  const deletePods: KubeObject[] = [];
  const sunsetting: KubeObject[] = [];
  const allowedNew: string[] = [];
  const candidateNew: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const [nodeName, pods] of byNode) {
    const { newPod, oldPod, ok } = updatedPodsOnNode(pods, hash, generation);
    if (!ok) {
      numSurge++;
      continue;
    }
    if ((oldPod && available(oldPod)) || (!oldPod && newPod && available(newPod))) {
      numAvailable++;
    }
    if (!oldPod) {
      continue;
    }
    if (!newPod) {
      if (!available(oldPod)) {
        if (shouldRun(nodeName)) {
          allowedNew.push(nodeName);
        } else {
          deletePods.push(oldPod);
        }
      } else if (!shouldRun(nodeName)) {
        sunsetting.push(oldPod);
      } else if (numSurge < maxSurge) {
        candidateNew.push(nodeName);
      }
      continue;
    }
    if (!available(newPod)) {
      numSurge++;
    } else {
      deletePods.push(oldPod);
    }
  }
  const deletable = Math.min(numAvailable - desired, sunsetting.length);
  if (deletable > 0) {
    deletePods.push(...sunsetting.slice(0, deletable));
  }
  const room = Math.min(Math.max(0, maxSurge - numSurge), candidateNew.length);
  return { deletePods, createOn: [...allowedNew, ...candidateNew.slice(0, room)] };
}
