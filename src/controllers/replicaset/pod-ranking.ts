import { isPodActive, isPodReady, podCondition } from 'src/controllers/common/pods';
import type { KubeObject } from 'src/registry/generic/object';

/** The annotation that lets users say which pods to delete first (lower cost goes first). */
export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/** Pending < Unknown < Running; any other phase counts as Pending, as a missing Go map entry does. */
const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** A pod with what the ranking compares, computed once. */
interface Ranked {
  pod: KubeObject;
  /** Active related pods on the same node ("doubled up" pods go first). */
  rank: number;
  ready: boolean;
  readyTime: number | undefined;
  created: number | undefined;
  cost: number;
  restarts: number;
  uid: string;
}

/**
 * Chooses `diff` pods to delete on scale-down: sorts the active pods so the cheapest to lose come
 * first (unassigned, pending, not ready, low deletion cost, doubled up on a node, recently ready,
 * restarting, young) and takes the first `diff`. `related` are the pods of every ReplicaSet with
 * the same controller, used to count pods per node.
 * Semantics: kubernetes pkg/controller/replicaset/replica_set.go getPodsToDelete,
 * getPodsRankedByRelatedPodsOnSameNode; pkg/controller/controller_utils.go ActivePodsWithRanks.Less
 * (PodDeletionCost and LogarithmicScaleDown on, as in 1.35).
 */
export function podsToDelete(filtered: KubeObject[], related: KubeObject[], diff: number, now: Date): KubeObject[] {
  if (diff >= filtered.length) {
    return filtered.slice(0, diff);
  }
  const perNode = new Map<string, number>();
  for (const p of related) {
    if (isPodActive(p)) {
      const node = nodeOf(p);
      perNode.set(node, (perNode.get(node) ?? 0) + 1);
    }
  }
  const ranked = filtered.map((pod) => describe(pod, perNode.get(nodeOf(pod)) ?? 0));
  ranked.sort((a, b) => (deleteFirst(a, b, now.getTime()) ? -1 : deleteFirst(b, a, now.getTime()) ? 1 : 0));
  return ranked.slice(0, diff).map((r) => r.pod);
}

/** Parses the pod-deletion-cost annotation: an int32, 0 when absent or invalid. */
export function deletionCost(pod: KubeObject): number {
  const raw = pod.metadata.annotations?.[POD_DELETION_COST];
  if (raw === undefined || !/^[+-]?\d+$/.test(raw)) {
    return 0;
  }
  const n = Number(raw);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

/** Whether pod `a` should be deleted before pod `b`. */
function deleteFirst(a: Ranked, b: Ranked, now: number): boolean {
  const an = nodeOf(a.pod);
  const bn = nodeOf(b.pod);
  if (an !== bn && (an === '' || bn === '')) {
    return an === '';
  }
  const ap = PHASE_ORDINAL[a.pod.status?.phase ?? ''] ?? 0;
  const bp = PHASE_ORDINAL[b.pod.status?.phase ?? ''] ?? 0;
  if (ap !== bp) {
    return ap < bp;
  }
  if (a.ready !== b.ready) {
    return !a.ready;
  }
  if (a.cost !== b.cost) {
    return a.cost < b.cost;
  }
  if (a.rank !== b.rank) {
    return a.rank > b.rank;
  }
  if (a.ready && b.ready && a.readyTime !== b.readyTime) {
    return newerByLogBucket(a.readyTime, b.readyTime, a.uid, b.uid, now);
  }
  if (a.restarts !== b.restarts) {
    return a.restarts > b.restarts;
  }
  if (a.created !== b.created) {
    return newerByLogBucket(a.created, b.created, a.uid, b.uid, now);
  }
  return false;
}

/**
 * Later timestamps first, compared in log2 buckets of their age so equivalent pods are picked
 * pseudo-randomly (by uid); a missing time comes first.
 */
function newerByLogBucket(t1: number | undefined, t2: number | undefined, uid1: string, uid2: string, now: number): boolean {
  if (t1 === undefined || t2 === undefined) {
    return t1 === undefined;
  }
  const bucket = (t: number): number => {
    const ageNs = (now - t) * 1e6;
    return ageNs > 0 ? Math.floor(Math.log2(ageNs)) : -1;
  };
  const diff = bucket(t1) - bucket(t2);
  if (diff === 0) {
    return uid1 < uid2;
  }
  return diff < 0;
}

function describe(pod: KubeObject, rank: number): Ranked {
  const ready = isPodReady(pod);
  const statuses = (pod.status?.containerStatuses ?? []) as { restartCount?: number }[];
  return {
    pod,
    rank,
    ready,
    readyTime: ready ? time(podCondition(pod, 'Ready')?.lastTransitionTime) : undefined,
    created: time(pod.metadata.creationTimestamp),
    cost: deletionCost(pod),
    restarts: statuses.reduce((m, c) => Math.max(m, c.restartCount ?? 0), 0),
    uid: pod.metadata.uid ?? '',
  };
}

function nodeOf(pod: KubeObject): string {
  return pod.spec?.nodeName ?? '';
}

function time(t: unknown): number | undefined {
  const ms = typeof t === 'string' ? Date.parse(t) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}
