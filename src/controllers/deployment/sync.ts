import type { KubeObject } from 'src/registry/generic/object';
import type { SyncState } from 'src/controllers/deployment/deployment-api';
import { getCondition, hasProgressDeadline, newCondition, PAUSED_REASON, PROGRESSING, RESUMED_REASON, setCondition, TIMED_OUT_REASON } from 'src/controllers/deployment/conditions';
import { getAllReplicaSetsAndSyncRevision } from 'src/controllers/deployment/new-replicaset';
import { rolloutRecreate } from 'src/controllers/deployment/recreate';
import { activeSets, intAnnotation, specReplicas } from 'src/controllers/deployment/replicas';
import { DESIRED_REPLICAS } from 'src/controllers/deployment/revision';
import { rollback, rollbackTo } from 'src/controllers/deployment/rollback';
import { rolloutRolling } from 'src/controllers/deployment/rolling';
import { scale } from 'src/controllers/deployment/scale';
import { cleanupDeployment, syncDeploymentStatus } from 'src/controllers/deployment/sync-status';

/** What syncDeployment reads beyond the Deployment itself. */
export interface SyncInputs {
  /** The Deployment's ReplicaSets after adopting and releasing (ControllerRefManager). */
  claimReplicaSets(d: KubeObject): Promise<KubeObject[]>;
  /** Pods of each of these ReplicaSets, by ReplicaSet uid (used by Recreate). */
  podsBySet(d: KubeObject, sets: KubeObject[]): Map<string, KubeObject[]>;
}

/**
 * Reconciles one Deployment (s.d, a private copy): status only while it is being deleted;
 * paused or a scaling event → scale proportionally; a legacy rollback request; otherwise one step
 * of its strategy (Recreate or RollingUpdate).
 * Semantics: kubernetes pkg/controller/deployment/deployment_controller.go syncDeployment.
 */
export async function syncDeployment(s: SyncState, inputs: SyncInputs): Promise<void> {
  const sel = s.d.spec?.selector;
  if (!sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)) {
    s.api.event(s.d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
    if ((s.d.status?.observedGeneration ?? 0) < (s.d.metadata.generation ?? 0)) {
      s.d = await s.api.updateStatus({ ...s.d, status: { ...(s.d.status ?? {}), observedGeneration: s.d.metadata.generation } });
    }
    return;
  }
  const sets = await inputs.claimReplicaSets(s.d);
  if (s.d.metadata.deletionTimestamp) {
    const { newRS, oldSets } = await getAllReplicaSetsAndSyncRevision(s, sets, false);
    return syncDeploymentStatus(s, [...oldSets, newRS], newRS);
  }
  await checkPausedConditions(s);
  if (s.d.spec?.paused) {
    return sync(s, sets);
  }
  if (rollbackTo(s.d) !== undefined) {
    return rollback(s, sets);
  }
  if (await isScalingEvent(s, sets)) {
    return sync(s, sets);
  }
  switch (s.d.spec?.strategy?.type ?? 'RollingUpdate') {
    case 'Recreate':
      return rolloutRecreate(s, sets, inputs.podsBySet(s.d, sets));
    case 'RollingUpdate':
      return rolloutRolling(s, sets);
    default:
      throw new Error(`unexpected deployment strategy type: ${String(s.d.spec?.strategy?.type)}`);
  }
}

/**
 * Scaling events and paused Deployments: resize the ReplicaSets, clean up old revisions when
 * paused, write the status. Semantics: kubernetes pkg/controller/deployment/sync.go sync.
 */
export async function sync(s: SyncState, sets: KubeObject[]): Promise<void> {
  const { newRS, oldSets } = await getAllReplicaSetsAndSyncRevision(s, sets, false);
  await scale(s, newRS, oldSets);
  if (s.d.spec?.paused && rollbackTo(s.d) === undefined) {
    await cleanupDeployment(s, oldSets);
  }
  return syncDeploymentStatus(s, [...oldSets, newRS], newRS);
}

/**
 * Records pausing and resuming as Progressing=Unknown (DeploymentPaused / DeploymentResumed),
 * so time spent paused never counts against the progress deadline; a timed-out rollout keeps
 * its condition. Semantics: kubernetes pkg/controller/deployment/sync.go checkPausedConditions.
 */
export async function checkPausedConditions(s: SyncState): Promise<void> {
  if (!hasProgressDeadline(s.d)) {
    return;
  }
  const cond = getCondition(s.d.status, PROGRESSING);
  if (cond?.reason === TIMED_OUT_REASON) {
    return;
  }
  const pausedRecorded = cond?.reason === PAUSED_REASON;
  let condition;
  if (s.d.spec?.paused && !pausedRecorded) {
    condition = newCondition(PROGRESSING, 'Unknown', PAUSED_REASON, 'Deployment is paused', s.now);
  } else if (!s.d.spec?.paused && pausedRecorded) {
    condition = newCondition(PROGRESSING, 'Unknown', RESUMED_REASON, 'Deployment is resumed', s.now);
  } else {
    return;
  }
  const status = { ...(s.d.status ?? {}) };
  setCondition(status, condition);
  s.d = await s.api.updateStatus({ ...s.d, status });
}

/**
 * Whether spec.replicas changed since the active ReplicaSets were last sized (their
 * desired-replicas annotation differs). Semantics: kubernetes pkg/controller/deployment/sync.go isScalingEvent.
 */
export async function isScalingEvent(s: SyncState, sets: KubeObject[]): Promise<boolean> {
  const { newRS, oldSets } = await getAllReplicaSetsAndSyncRevision(s, sets, false);
  return activeSets([...oldSets, newRS]).some((rs) => {
    const desired = intAnnotation(rs, DESIRED_REPLICAS);
    return desired !== undefined && desired !== specReplicas(s.d);
  });
}
