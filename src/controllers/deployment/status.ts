import type { KubeObject } from 'src/registry/generic/object';
import { jsonEqual } from 'src/registry/generic/validation';
import { setOmitEmpty } from 'src/controllers/replicaset/replicaset-status';
import {
  AVAILABLE,
  getCondition,
  hasProgressDeadline,
  MIN_AVAILABLE_REASON,
  MIN_UNAVAILABLE_REASON,
  newCondition,
  NEW_RS_AVAILABLE_REASON,
  PROGRESSING,
  removeCondition,
  REPLICA_FAILURE,
  RS_UPDATED_REASON,
  setCondition,
  TIMED_OUT_REASON,
  type DeploymentCondition,
} from 'src/controllers/deployment/conditions';
import { deploymentComplete, deploymentProgressing, maxUnavailable, specReplicaCount, specReplicas, statusCount, terminatingCount, type MaybeRS } from 'src/controllers/deployment/replicas';

/**
 * The Deployment status its ReplicaSets add up to: counts (observedGeneration, replicas,
 * updatedReplicas from the new ReplicaSet, ready, available, unavailable, terminating), the
 * collision count kept, and the Available condition recomputed against maxUnavailable.
 * Zero counts are left out, as Go's omitempty does.
 * Semantics: kubernetes pkg/controller/deployment/sync.go calculateStatus.
 */
export function calculateStatus(allSets: MaybeRS[], newRS: MaybeRS, d: KubeObject, now: Date): Record<string, any> {
  const available = statusCount(allSets, 'availableReplicas');
  const status: Record<string, any> = {};
  setOmitEmpty(status, 'observedGeneration', d.metadata.generation ?? 0);
  setOmitEmpty(status, 'replicas', statusCount(allSets, 'replicas'));
  setOmitEmpty(status, 'updatedReplicas', statusCount([newRS], 'replicas'));
  setOmitEmpty(status, 'readyReplicas', statusCount(allSets, 'readyReplicas'));
  setOmitEmpty(status, 'availableReplicas', available);
  setOmitEmpty(status, 'unavailableReplicas', Math.max(0, specReplicaCount(allSets) - available));
  const terminating = terminatingCount(allSets);
  if (terminating !== undefined) {
    status.terminatingReplicas = terminating;
  }
  if ((d.status?.conditions ?? []).length > 0) {
    status.conditions = [...d.status.conditions];
  }
  if (d.status?.collisionCount !== undefined && d.status?.collisionCount !== null) {
    status.collisionCount = d.status.collisionCount;
  }
  if (available >= specReplicas(d) - maxUnavailable(d)) {
    setCondition(status, newCondition(AVAILABLE, 'True', MIN_AVAILABLE_REASON, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition(AVAILABLE, 'False', MIN_UNAVAILABLE_REASON, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

/**
 * The status syncRolloutStatus writes: calculateStatus, then the Progressing condition
 * (complete, progressing, or timed out against progressDeadlineSeconds; dropped without a
 * deadline) and the new (else any) ReplicaSet's ReplicaFailure condition mirrored.
 * Semantics: kubernetes pkg/controller/deployment/progress.go syncRolloutStatus.
 */
export function rolloutStatus(allSets: MaybeRS[], newRS: MaybeRS, d: KubeObject, now: Date): Record<string, any> {
  const status = calculateStatus(allSets, newRS, d, now);
  if (!hasProgressDeadline(d)) {
    removeCondition(status, PROGRESSING);
  }
  const current = getCondition(d.status, PROGRESSING);
  const complete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === NEW_RS_AVAILABLE_REASON;
  if (hasProgressDeadline(d) && !complete) {
    const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
    if (deploymentComplete(d, status)) {
      setCondition(status, newCondition(PROGRESSING, 'True', NEW_RS_AVAILABLE_REASON, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, status)) {
      const cond = newCondition(PROGRESSING, 'True', RS_UPDATED_REASON, `${subject} is progressing.`, now);
      if (current) {
        if (current.status === 'True') {
          cond.lastTransitionTime = current.lastTransitionTime;
        }
        removeCondition(status, PROGRESSING);
      }
      setCondition(status, cond);
    } else if (timedOut(d, status, now)) {
      setCondition(status, newCondition(PROGRESSING, 'False', TIMED_OUT_REASON, `${subject} has timed out progressing.`, now));
    }
  }
  const failure = replicaFailure(allSets, newRS);
  if (failure) {
    setCondition(status, failure);
  } else {
    removeCondition(status, REPLICA_FAILURE);
  }
  return status;
}

/**
 * Whether the rollout has made no progress for progressDeadlineSeconds since the Progressing
 * condition was last updated (never after success; always once timed out).
 * Semantics: kubernetes pkg/controller/deployment/util/deployment_util.go DeploymentTimedOut.
 */
export function timedOut(d: KubeObject, status: Record<string, any>, now: Date): boolean {
  if (!hasProgressDeadline(d)) {
    return false;
  }
  const cond = getCondition(status, PROGRESSING);
  if (!cond || cond.reason === NEW_RS_AVAILABLE_REASON) {
    return false;
  }
  if (cond.reason === TIMED_OUT_REASON) {
    return true;
  }
  const from = Date.parse(cond.lastUpdateTime ?? '');
  return Number.isFinite(from) && from + d.spec.progressDeadlineSeconds * 1000 < now.getTime();
}

/**
 * When to look at an unchanged rollout again so a timeout is noticed (ms), or undefined when no
 * deadline applies. Semantics: kubernetes pkg/controller/deployment/progress.go requeueStuckDeployment.
 */
export function stuckRequeueMs(d: KubeObject, status: Record<string, any>, now: Date): number | undefined {
  const current = getCondition(d.status, PROGRESSING);
  if (!hasProgressDeadline(d) || !current || deploymentComplete(d, status) || current.reason === TIMED_OUT_REASON) {
    return undefined;
  }
  const after = (Date.parse(current.lastUpdateTime ?? '') || now.getTime()) + d.spec.progressDeadlineSeconds * 1000 - now.getTime();
  return after < 1000 ? 1000 : after + 1000;
}

/** Whether a computed status differs from the Deployment's. */
export function statusChanged(d: KubeObject, status: Record<string, any>): boolean {
  return !jsonEqual(normalize(d.status ?? {}), normalize(status));
}

/** A status without zero counts or empty conditions, for comparison. */
function normalize(s: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(s)) {
    if (v === undefined || v === null || (v === 0 && k !== 'terminatingReplicas' && k !== 'collisionCount') || (Array.isArray(v) && v.length === 0)) {
      continue;
    }
    out[k] = v;
  }
  return out;
}

/** The ReplicaFailure condition of the new ReplicaSet, else of any ReplicaSet, as a Deployment condition. */
function replicaFailure(allSets: MaybeRS[], newRS: MaybeRS): DeploymentCondition | undefined {
  const find = (rs: MaybeRS): DeploymentCondition | undefined => {
    const c = (rs?.status?.conditions as DeploymentCondition[] | undefined)?.find((x) => x.type === REPLICA_FAILURE);
    return c && { type: REPLICA_FAILURE, status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message };
  };
  return find(newRS) ?? allSets.map(find).find((c) => c !== undefined);
}
