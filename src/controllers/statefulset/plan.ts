import type { KubeObject } from 'src/registry/generic/object';
import { claimIsStale, isClaimOwnerUpToDate } from 'src/controllers/statefulset/claims';
import {
  claimsForPod,
  endOrdinal,
  identityMatches,
  isCreated,
  isRunningAndAvailable,
  isRunningAndReady,
  isTerminating,
  isUnavailable,
  newStatefulSetPod,
  ordinalOf,
  podRevision,
  startOrdinal,
  storageMatches,
} from 'src/controllers/statefulset/identity';
import { countReplicas, type StatefulSetStatus } from 'src/controllers/statefulset/status';

// Semantics: kubernetes pkg/controller/statefulset/stateful_set_control.go updateStatefulSet,
// processReplica, processCondemned and updateStatefulSetAfterInvariantEstablished (the
// MaxUnavailableStatefulSet variant, on by default): which pods to create, fix, delete next.

/** One write the controller should issue for a pod. */
export type StatefulAction =
  /** Create the pod's missing claims, then the pod, then set claim owners per the retention policy. */
  | { kind: 'create'; pod: KubeObject }
  /** Delete the pod (failed, condemned, or out of date in a rolling update). */
  | { kind: 'delete'; pod: KubeObject }
  /** Create the missing claims of a pending pod and fix claim owners. */
  | { kind: 'ensureClaims'; pod: KubeObject }
  /** Restore the pod's identity labels and claim volumes, creating claims and fixing their owners. */
  | { kind: 'updatePod'; pod: KubeObject }
  /** Set the owner references of a condemned pod's claims per the retention policy. */
  | { kind: 'fixClaims'; pod: KubeObject };

/** What the planner needs: the set, its two revisions applied, the claimed pods and the claim cache. */
export interface StatefulSetPlanInput {
  set: KubeObject;
  /** The set with the current revision's template. */
  currentSet: KubeObject;
  /** The set with the update revision's template. */
  updateSet: KubeObject;
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
  pods: KubeObject[];
  claim: (name: string) => KubeObject | undefined;
  now: Date;
}

/** Steps run in order, stopping at the first failing step; the writes of one step may run concurrently. */
export interface StatefulSetPlan {
  steps: StatefulAction[][];
  status: StatefulSetStatus;
}

/** The pod of a missing ordinal, from the current revision below the partition and the update revision above. */
export function newVersionedPod(input: StatefulSetPlanInput, ordinal: number): KubeObject {
  const { currentSet } = input;
  const strategy = currentSet.spec?.updateStrategy ?? {};
  const start = startOrdinal(currentSet);
  const ru = strategy.rollingUpdate;
  const useCurrent =
    ((strategy.type ?? 'RollingUpdate') === 'RollingUpdate' && ru == null && ordinal < start + Number(currentSet.status?.currentReplicas ?? 0)) ||
    (ru != null && ordinal < start + Number(ru.partition ?? 0));
  return useCurrent ? newStatefulSetPod(currentSet, ordinal, input.currentRevision) : newStatefulSetPod(input.updateSet, ordinal, input.updateRevision);
}

/** maxUnavailable of a rolling update: an int, or a percent of replicas rounded down; at least 1. */
export function maxUnavailableOf(set: KubeObject): number {
  const raw = set.spec?.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1;
  const replicas = Number(set.spec?.replicas ?? 1);
  const n = typeof raw === 'string' && raw.endsWith('%') ? Math.floor((Number(raw.slice(0, -1)) * replicas) / 100) : Number(raw);
  return Number.isFinite(n) && n >= 1 ? n : 1;
}

function claimsOf(input: StatefulSetPlanInput, set: KubeObject, pod: KubeObject): (KubeObject | undefined)[] {
  return [...claimsForPod(set, pod).values()].map((c) => input.claim(c.metadata.name!));
}

function claimOwnersMatch(input: StatefulSetPlanInput, pod: KubeObject): boolean {
  return claimsOf(input, input.updateSet, pod).every((c) => c === undefined || isClaimOwnerUpToDate(c, input.updateSet, pod));
}

/** processReplica: the action for one wanted ordinal, and whether an ordered set must stop here. */
function processReplica(input: StatefulSetPlanInput, pod: KubeObject, monotonic: boolean): { action?: StatefulAction; block: boolean } {
  const { set, now } = input;
  const minReady = Number(set.spec?.minReadySeconds ?? 0);
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') {
    return { action: isTerminating(pod) ? undefined : { kind: 'delete', pod }, block: true };
  }
  if (!isCreated(pod)) {
    if (claimIsStale(set, pod, claimsOf(input, set, pod))) {
      return { block: true };
    }
    return { action: { kind: 'create', pod }, block: monotonic };
  }
  let action: StatefulAction | undefined;
  if (phase === 'Pending' && (claimsOf(input, set, pod).some((c) => c === undefined) || !claimOwnersMatch(input, pod))) {
    action = { kind: 'ensureClaims', pod };
  }
  if (monotonic && (isTerminating(pod) || !isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, now))) {
    return { action, block: true };
  }
  if (identityMatches(set, pod) && storageMatches(set, pod) && claimOwnersMatch(input, pod)) {
    return { action, block: false };
  }
  return { action: { kind: 'updatePod', pod }, block: false };
}

/**
 * Plans one sync of a StatefulSet. OrderedReady creates the lowest missing ordinal only after
 * every lower one is Running and Ready, and deletes condemned pods highest first, one at a time;
 * Parallel does all of it at once. A rolling update then deletes out-of-date pods from the highest
 * ordinal down to the partition, while fewer than maxUnavailable pods are unavailable.
 */
export function planStatefulSet(input: StatefulSetPlanInput): StatefulSetPlan {
  const { set, now } = input;
  const minReady = Number(set.spec?.minReadySeconds ?? 0);
  const start = startOrdinal(set);
  const count = Math.max(0, endOrdinal(set) - start + 1);
  const slots: (KubeObject | undefined)[] = new Array(count).fill(undefined);
  const condemned: KubeObject[] = [];
  for (const pod of input.pods) {
    const o = ordinalOf(pod);
    if (o >= start && o < start + count) {
      slots[o - start] = pod;
    } else if (o >= 0) {
      condemned.push(pod);
    }
  }
  const replicas = slots.map((p, i) => p ?? newVersionedPod(input, start + i));
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
  const base = {
    observedGeneration: Number(set.metadata.generation ?? 0),
    currentRevision: input.currentRevision,
    updateRevision: input.updateRevision,
    collisionCount: input.collisionCount,
  };
  const steps: StatefulAction[][] = [];
  let currentAdjust = 0;
  const finish = (): StatefulSetPlan => {
    const counts = countReplicas([...replicas, ...condemned], minReady, input.currentRevision, input.updateRevision, now);
    return { steps, status: { ...base, ...counts, currentReplicas: counts.currentReplicas - currentAdjust } };
  };
  if (set.metadata.deletionTimestamp) {
    return { steps, status: { ...base, ...countReplicas(input.pods, minReady, input.currentRevision, input.updateRevision, now) } };
  }
  const monotonic = set.spec?.podManagementPolicy !== 'Parallel';
  const firstUnavailable = [...replicas, ...[...condemned].reverse()].find((p) => isUnavailable(p, minReady, now));
  const emit = (actions: StatefulAction[]) => {
    if (actions.length === 0) {
      return;
    }
    steps.push(...(monotonic ? actions.map((a) => [a]) : [actions]));
  };

  const replicaActions: StatefulAction[] = [];
  for (const pod of replicas) {
    const { action, block } = processReplica(input, pod, monotonic);
    if (action) {
      replicaActions.push(action);
    }
    if (monotonic && block) {
      emit(replicaActions);
      return finish();
    }
  }
  emit(replicaActions);

  emit(condemned.filter((p) => !claimOwnersMatch(input, p)).map((pod): StatefulAction => ({ kind: 'fixClaims', pod })));

  const deletions: StatefulAction[] = [];
  for (const pod of condemned) {
    if (isTerminating(pod)) {
      if (monotonic) {
        return finish();
      }
      continue;
    }
    if (monotonic && pod !== firstUnavailable && (!isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, now))) {
      return finish();
    }
    deletions.push({ kind: 'delete', pod });
    if (monotonic) {
      emit(deletions);
      return finish();
    }
  }
  emit(deletions);

  if ((set.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    return finish();
  }
  const maxUnavailable = maxUnavailableOf(set);
  const unavailable = replicas.filter((p) => isUnavailable(p, minReady, now)).length;
  if (unavailable > maxUnavailable) {
    return finish();
  }
  const partition = Number(set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0);
  const updates: StatefulAction[] = [];
  for (let i = replicas.length - 1; i >= partition && updates.length < maxUnavailable - unavailable; i--) {
    if (podRevision(replicas[i]) !== input.updateRevision && !isTerminating(replicas[i])) {
      updates.push({ kind: 'delete', pod: replicas[i] });
      currentAdjust++;
    }
  }
  if (updates.length > 0) {
    steps.push(updates);
  }
  return finish();
}
