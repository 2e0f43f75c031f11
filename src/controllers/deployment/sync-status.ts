import type { KubeObject } from 'src/registry/generic/object';
import type { SyncState } from 'src/controllers/deployment/deployment-api';
import { specReplicas, type MaybeRS } from 'src/controllers/deployment/replicas';
import { revisionOf } from 'src/controllers/deployment/revision';
import { calculateStatus, rolloutStatus, statusChanged, stuckRequeueMs } from 'src/controllers/deployment/status';

/**
 * Writes the rollout status (counts, Available, Progressing, ReplicaFailure) when it changed;
 * when it did not, schedules a look at the progress deadline.
 * Semantics: kubernetes pkg/controller/deployment/progress.go syncRolloutStatus.
 */
export async function syncRolloutStatus(s: SyncState, all: MaybeRS[], newRS: MaybeRS): Promise<void> {
  const status = rolloutStatus(all, newRS, s.d, s.now);
  if (!statusChanged(s.d, status)) {
    s.requeueAfter = stuckRequeueMs(s.d, status, s.now);
    return;
  }
  s.d = await s.api.updateStatus({ ...s.d, status });
}

/**
 * Writes the counts and the Available condition when they changed (scaling and paused syncs).
 * Semantics: kubernetes pkg/controller/deployment/sync.go syncDeploymentStatus.
 */
export async function syncDeploymentStatus(s: SyncState, all: MaybeRS[], newRS: MaybeRS): Promise<void> {
  const status = calculateStatus(all, newRS, s.d, s.now);
  if (statusChanged(s.d, status)) {
    s.d = await s.api.updateStatus({ ...s.d, status });
  }
}

/**
 * The old ReplicaSets past revisionHistoryLimit, lowest revision first, that may go: scaled to
 * 0, no pods left, their last spec change observed, not already being deleted.
 * Semantics: kubernetes pkg/controller/deployment/sync.go cleanupDeployment.
 */
export function replicaSetsToCleanUp(d: KubeObject, oldSets: KubeObject[]): KubeObject[] {
  const limit = d.spec?.revisionHistoryLimit;
  if (typeof limit !== 'number') {
    return [];
  }
  const alive = oldSets.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = alive.length - limit;
  if (diff <= 0) {
    return [];
  }
  return alive
    .sort(byRevision)
    .slice(0, diff)
    .filter((rs) => (rs.status?.replicas ?? 0) === 0 && specReplicas(rs) === 0 && (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0));
}

/** Deletes the ReplicaSets replicaSetsToCleanUp names (a missing one is fine). */
export async function cleanupDeployment(s: SyncState, oldSets: KubeObject[]): Promise<void> {
  for (const rs of replicaSetsToCleanUp(s.d, oldSets)) {
    try {
      await s.api.deleteReplicaSet(rs);
    } catch (e) {
      if ((e as { code?: number }).code !== 404) {
        throw e;
      }
    }
  }
}

/** Lower revision first; equal revisions by creation time. Semantics: deployment_util.go ReplicaSetsByRevision. */
function byRevision(a: KubeObject, b: KubeObject): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (ra === rb || !Number.isFinite(ra) || !Number.isFinite(rb)) {
    const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
    const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
    return ta !== tb ? ta - tb : (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  }
  return ra - rb;
}
