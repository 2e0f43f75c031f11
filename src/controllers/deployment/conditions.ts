import { seconds } from 'src/controllers/replicaset/replicaset-status';

// Semantics: kubernetes pkg/controller/deployment/util/deployment_util.go (NewDeploymentCondition,
// SetDeploymentCondition, RemoveDeploymentCondition) and the reason constants there.

/** A DeploymentCondition as JSON. */
export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** Condition type: at least spec.replicas - maxUnavailable pods are available. */
export const AVAILABLE = 'Available';
/** Condition type: the rollout moves (or is done, or timed out). */
export const PROGRESSING = 'Progressing';
/** Condition type: a ReplicaSet failed to create or delete pods (mirrored from it). */
export const REPLICA_FAILURE = 'ReplicaFailure';

/** Progressing reason: the new ReplicaSet was just created. */
export const NEW_RS_REASON = 'NewReplicaSetCreated';
/** Progressing reason: an existing new ReplicaSet was found (no condition yet). */
export const FOUND_NEW_RS_REASON = 'FoundNewReplicaSet';
/** Progressing reason: replicas were updated, became ready or available. */
export const RS_UPDATED_REASON = 'ReplicaSetUpdated';
/** Progressing reason: the rollout is complete. */
export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable';
/** Progressing reason: creating the new ReplicaSet failed. */
export const FAILED_RS_CREATE_REASON = 'ReplicaSetCreateError';
/** Progressing reason: no progress within progressDeadlineSeconds. */
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';
/** Progressing reason: spec.paused was set. */
export const PAUSED_REASON = 'DeploymentPaused';
/** Progressing reason: spec.paused was cleared. */
export const RESUMED_REASON = 'DeploymentResumed';

/** Available reason when enough pods are available. */
export const MIN_AVAILABLE_REASON = 'MinimumReplicasAvailable';
/** Available reason when too few pods are available. */
export const MIN_UNAVAILABLE_REASON = 'MinimumReplicasUnavailable';

/** A condition stamped `now` for both times. */
export function newCondition(type: string, status: DeploymentCondition['status'], reason: string, message: string, now: Date): DeploymentCondition {
  const t = seconds(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/** The condition of a type in a status, if present. */
export function getCondition(status: Record<string, any> | undefined, type: string): DeploymentCondition | undefined {
  return (status?.conditions as DeploymentCondition[] | undefined)?.find((c) => c.type === type);
}

/**
 * Puts a condition into a status (mutating it): nothing happens if one of that type already has
 * the same status and reason; a same-status replacement keeps its lastTransitionTime.
 */
export function setCondition(status: Record<string, any>, cond: DeploymentCondition): void {
  const current = getCondition(status, cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) {
    return;
  }
  const next = { ...cond };
  if (current && current.status === cond.status) {
    next.lastTransitionTime = current.lastTransitionTime;
  }
  status.conditions = [...((status.conditions as DeploymentCondition[] | undefined) ?? []).filter((c) => c.type !== cond.type), next];
}

/** Drops the condition of a type (mutating the status). */
export function removeCondition(status: Record<string, any>, type: string): void {
  const kept = ((status.conditions as DeploymentCondition[] | undefined) ?? []).filter((c) => c.type !== type);
  if (kept.length > 0) {
    status.conditions = kept;
  } else {
    delete status.conditions;
  }
}

/** Whether a Deployment has a progress deadline (set and not MaxInt32). */
export function hasProgressDeadline(d: { spec?: any }): boolean {
  const p = d.spec?.progressDeadlineSeconds;
  return typeof p === 'number' && p !== 2147483647;
}
