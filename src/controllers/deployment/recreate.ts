import type { KubeObject } from 'src/registry/generic/object';
import type { SyncState } from 'src/controllers/deployment/deployment-api';
import { getAllReplicaSetsAndSyncRevision } from 'src/controllers/deployment/new-replicaset';
import { activeSets, deploymentComplete, specReplicas, statusCount, type MaybeRS } from 'src/controllers/deployment/replicas';
import { scaleIfNeeded } from 'src/controllers/deployment/scale';
import { cleanupDeployment, syncRolloutStatus } from 'src/controllers/deployment/sync-status';

// Semantics: kubernetes pkg/controller/deployment/recreate.go.

/**
 * Whether any pod of an old ReplicaSet may still run: old ReplicaSets still report replicas, or
 * an old pod is not Succeeded/Failed (Unknown counts as running). `podsBySet` maps ReplicaSet
 * uids to their pods. Semantics: recreate.go oldPodsRunning.
 */
export function oldPodsRunning(newRS: MaybeRS, oldSets: KubeObject[], podsBySet: Map<string, KubeObject[]>): boolean {
  if (statusCount(oldSets, 'replicas') > 0) {
    return true;
  }
  for (const [uid, pods] of podsBySet) {
    if (newRS && newRS.metadata.uid === uid) {
      continue;
    }
    if (pods.some((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')) {
      return true;
    }
  }
  return false;
}

/**
 * One step of a Recreate rollout: scale every old ReplicaSet to 0, wait until none of their
 * pods runs, then create the new ReplicaSet (only now) and scale it to spec.replicas.
 */
export async function rolloutRecreate(s: SyncState, sets: KubeObject[], podsBySet: Map<string, KubeObject[]>): Promise<void> {
  let { newRS, oldSets } = await getAllReplicaSetsAndSyncRevision(s, sets, false);
  let all: MaybeRS[] = [...oldSets, newRS];
  let scaledDown = false;
  for (const rs of activeSets(oldSets)) {
    if ((await scaleIfNeeded(s, rs, 0)).scaled) {
      scaledDown = true;
    }
  }
  if (scaledDown) {
    return syncRolloutStatus(s, all, newRS);
  }
  if (oldPodsRunning(newRS, oldSets, podsBySet)) {
    return syncRolloutStatus(s, all, newRS);
  }
  if (!newRS) {
    ({ newRS, oldSets } = await getAllReplicaSetsAndSyncRevision(s, sets, true));
    all = [...oldSets, newRS];
  }
  if (newRS) {
    await scaleIfNeeded(s, newRS, specReplicas(s.d));
  }
  if (deploymentComplete(s.d, s.d.status ?? {})) {
    await cleanupDeployment(s, oldSets);
  }
  return syncRolloutStatus(s, all, newRS);
}
