import type { KubeObject } from 'src/registry/generic/object';
import { isPodAvailable, isPodReady } from 'src/controllers/common/pods';
import { DAEMON_HASH_LABEL } from 'src/controllers/daemonset/history';
import { nodeShouldRunDaemonPod } from 'src/controllers/daemonset/node-eligibility';
import { allowsSurge } from 'src/controllers/daemonset/rolling-update';

// Semantics: kubernetes pkg/controller/daemon/daemon_controller.go (manage, podsShouldBeOnNode,
// getUnscheduledPodsWithoutNode, podByCreationTimestampAndPhase) and client-go
// util/flowcontrol Backoff (the per-node back-off for failed daemon pods, 1 s doubling to 15 min).

/** Per-key exponential back-off (flowcontrol.Backoff without jitter). */
export class Backoff {
  private readonly entries = new Map<string, { delayMs: number; lastUpdate: number }>();

  constructor(
    private readonly initialMs = 1_000,
    private readonly maxMs = 15 * 60_000,
  ) {}

  /** Whether `key` is still backing off at `now`. */
  inBackoff(key: string, now: number): boolean {
    const e = this.entries.get(key);
    return e !== undefined && now - e.lastUpdate <= 2 * this.maxMs && now - e.lastUpdate < e.delayMs;
  }

  /** The current delay of `key` (0 if none). */
  delay(key: string): number {
    return this.entries.get(key)?.delayMs ?? 0;
  }

  /** Records another failure of `key` at `now`: the delay starts at the initial one or doubles. */
  next(key: string, now: number): void {
    const e = this.entries.get(key);
    const expired = !e || now - e.lastUpdate > 2 * this.maxMs;
    this.entries.set(key, { delayMs: expired ? this.initialMs : Math.min(e.delayMs * 2, this.maxMs), lastUpdate: now });
    if (this.entries.size > 10_000) {
      for (const [k, v] of this.entries) {
        if (now - v.lastUpdate > 2 * this.maxMs) {
          this.entries.delete(k);
        }
      }
    }
  }
}

/** Oldest first, scheduled pods before unscheduled ones, then by name (podByCreationTimestampAndPhase). */
export function byCreationScheduledFirst(a: KubeObject, b: KubeObject): number {
  const sa = Boolean(a.spec?.nodeName);
  const sb = Boolean(b.spec?.nodeName);
  if (sa !== sb) {
    return sa ? -1 : 1;
  }
  const ta = String(a.metadata.creationTimestamp ?? '');
  const tb = String(b.metadata.creationTimestamp ?? '');
  if (ta !== tb) {
    return ta < tb ? -1 : 1;
  }
  return String(a.metadata.name) < String(b.metadata.name) ? -1 : 1;
}

/** An event the plan asks to record on the DaemonSet. */
export interface PlannedEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** What manage decided: nodes needing a pod, pods to delete, events, and when to look again. */
export interface ManagePlan {
  createOn: string[];
  deletePods: KubeObject[];
  events: PlannedEvent[];
  requeueAfterMs?: number;
}

/** What manage works on. */
export interface ManageInput {
  ds: KubeObject;
  nodes: KubeObject[];
  /** Active daemon pods by target node (terminal pods being deleted left out). */
  nodeToPods: Map<string, KubeObject[]>;
  hash: string;
  now: Date;
  backoff: Backoff;
}

function podsOnNode(input: ManageInput, node: KubeObject, plan: ManagePlan): void {
  const { ds, hash, now, backoff } = input;
  const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
  const pods = input.nodeToPods.get(node.metadata.name!);
  if (shouldRun && !pods) {
    plan.createOn.push(node.metadata.name!);
    return;
  }
  if (!shouldContinueRunning) {
    plan.deletePods.push(...(pods ?? []).filter((p) => !p.metadata.deletionTimestamp));
    return;
  }
  const running: KubeObject[] = [];
  for (const pod of pods ?? []) {
    if (pod.metadata.deletionTimestamp) {
      continue;
    }
    const where = `${pod.metadata.namespace}/${pod.metadata.name} on node ${node.metadata.name}`;
    if (pod.status?.phase === 'Failed') {
      const key = `${ds.metadata.uid}/${ds.status?.observedGeneration ?? 0}/${node.metadata.name}`;
      if (backoff.inBackoff(key, now.getTime())) {
        const delay = backoff.delay(key);
        plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? delay, delay);
        continue;
      }
      backoff.next(key, now.getTime());
      plan.events.push({ type: 'Warning', reason: 'FailedDaemonPod', message: `Found failed daemon pod ${where}, will try to kill it` });
      plan.deletePods.push(pod);
    } else if (pod.status?.phase === 'Succeeded') {
      plan.events.push({ type: 'Normal', reason: 'SucceededDaemonPod', message: `Found succeeded daemon pod ${where}, will try to delete it` });
      plan.deletePods.push(pod);
    } else {
      running.push(pod);
    }
  }
  running.sort(byCreationScheduledFirst);
  if (!allowsSurge(ds)) {
    plan.deletePods.push(...running.slice(1));
    return;
  }
  if (running.length <= 1) {
    if (running.length === 0 && shouldRun) {
      plan.createOn.push(node.metadata.name!);
    }
    return;
  }
  let oldestNew: KubeObject | undefined;
  let oldestOld: KubeObject | undefined;
  for (const pod of running) {
    const isNew = pod.metadata.labels?.[DAEMON_HASH_LABEL] === hash;
    if (isNew && !oldestNew) {
      oldestNew = pod;
    } else if (!isNew && !oldestOld) {
      oldestOld = pod;
    } else {
      plan.deletePods.push(pod);
    }
  }
  if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, Number(ds.spec?.minReadySeconds ?? 0), now))) {
    plan.deletePods.push(oldestOld);
  }
}

/**
 * For every node: create a daemon pod where one should run and none does, delete pods where none
 * may run, failed pods (with per-node back-off) and extra pods (keeping the oldest, or while
 * surging one old and one new); and delete unscheduled pods pinned to nodes that no longer exist.
 */
export function planManage(input: ManageInput): ManagePlan {
  const plan: ManagePlan = { createOn: [], deletePods: [], events: [] };
  const names = new Set<string>();
  for (const node of input.nodes) {
    names.add(node.metadata.name!);
    podsOnNode(input, node, plan);
  }
  for (const [nodeName, pods] of input.nodeToPods) {
    if (!names.has(nodeName)) {
      plan.deletePods.push(...pods.filter((p) => !p.spec?.nodeName));
    }
  }
  return plan;
}
