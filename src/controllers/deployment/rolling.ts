import type { KubeObject } from 'src/registry/generic/object';
import type { SyncState } from 'src/controllers/deployment/deployment-api';
import { getAllReplicaSetsAndSyncRevision } from 'src/controllers/deployment/new-replicaset';
import { activeSets, byCreation, deploymentComplete, maxUnavailable, newRSNewReplicas, specReplicaCount, specReplicas } from 'src/controllers/deployment/replicas';
import { scaleIfNeeded } from 'src/controllers/deployment/scale';
import { cleanupDeployment, syncRolloutStatus } from 'src/controllers/deployment/sync-status';

// Semantics: kubernetes pkg/controller/deployment/rolling.go.

/**
 * One step of a rolling update: grow the new ReplicaSet into the surge room, else shrink old
 * ones as far as availability allows, else (done) clean up old revisions; then the status.
 */
export async function rolloutRolling(s: SyncState, sets: KubeObject[]): Promise<void> {
  const { newRS, oldSets } = await getAllReplicaSetsAndSyncRevision(s, sets, true);
  if (!newRS) {
    throw new Error(`deployment ${s.d.metadata.name}: no new ReplicaSet after creating it`);
  }
  const all: KubeObject[] = [...oldSets, newRS];
  if (await reconcileNewReplicaSet(s, all, newRS)) {
    return syncRolloutStatus(s, all, newRS);
  }
  if (await reconcileOldReplicaSets(s, all, activeSets(oldSets), newRS)) {
    return syncRolloutStatus(s, all, newRS);
  }
  if (deploymentComplete(s.d, s.d.status ?? {})) {
    await cleanupDeployment(s, oldSets);
  }
  return syncRolloutStatus(s, all, newRS);
}

/** Scales the new ReplicaSet down to spec.replicas, or up as far as maxSurge allows; true if it scaled. */
export async function reconcileNewReplicaSet(s: SyncState, all: KubeObject[], newRS: KubeObject): Promise<boolean> {
  const want = specReplicas(s.d);
  if (specReplicas(newRS) === want) {
    return false;
  }
  if (specReplicas(newRS) > want) {
    return (await scaleIfNeeded(s, newRS, want)).scaled;
  }
  return (await scaleIfNeeded(s, newRS, newRSNewReplicas(s.d, all, newRS))).scaled;
}

/**
 * Shrinks old ReplicaSets while keeping spec.replicas - maxUnavailable pods available: first
 * their unhealthy replicas, then healthy ones as the new ReplicaSet's pods become available.
 * True if anything was scaled down.
 */
export async function reconcileOldReplicaSets(s: SyncState, all: KubeObject[], oldActive: KubeObject[], newRS: KubeObject): Promise<boolean> {
  if (specReplicaCount(oldActive) === 0) {
    return false;
  }
  const minAvailable = specReplicas(s.d) - maxUnavailable(s.d);
  const newUnavailable = specReplicas(newRS) - availableOf(newRS);
  const maxScaledDown = specReplicaCount(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) {
    return false;
  }
  const cleaned = await cleanupUnhealthyReplicas(s, oldActive, maxScaledDown);
  const scaledDown = await scaleDownOldReplicaSets(s, [...cleaned.sets, newRS], cleaned.sets);
  return cleaned.count + scaledDown > 0;
}

/**
 * Scales down, oldest first, the old replicas that are not available, at most `max` in all.
 * Semantics: rolling.go cleanupUnhealthyReplicas.
 */
export async function cleanupUnhealthyReplicas(s: SyncState, oldSets: KubeObject[], max: number): Promise<{ sets: KubeObject[]; count: number }> {
  const sets = [...oldSets].sort(byCreation);
  let total = 0;
  for (let i = 0; i < sets.length && total < max; i++) {
    const rs = sets[i];
    const replicas = specReplicas(rs);
    const available = availableOf(rs);
    if (replicas === 0 || replicas === available) {
      continue;
    }
    const count = Math.min(max - total, replicas - available);
    if (count < 0) {
      throw new Error(`when cleaning up unhealthy replicas, got invalid request to scale down ${rs.metadata.namespace}/${rs.metadata.name} ${replicas} -> ${replicas - count}`);
    }
    sets[i] = (await scaleIfNeeded(s, rs, replicas - count)).rs;
    total += count;
  }
  return { sets, count: total };
}

/**
 * Scales down, oldest first, as many old replicas as exceed the minimum availability.
 * Semantics: rolling.go scaleDownOldReplicaSetsForRollingUpdate.
 */
export async function scaleDownOldReplicaSets(s: SyncState, all: KubeObject[], oldSets: KubeObject[]): Promise<number> {
  const minAvailable = specReplicas(s.d) - maxUnavailable(s.d);
  const available = all.reduce((n, rs) => n + availableOf(rs), 0);
  if (available <= minAvailable) {
    return 0;
  }
  const budget = available - minAvailable;
  let total = 0;
  for (const rs of [...oldSets].sort(byCreation)) {
    if (total >= budget) {
      break;
    }
    if (specReplicas(rs) === 0) {
      continue;
    }
    const count = Math.min(specReplicas(rs), budget - total);
    await scaleIfNeeded(s, rs, specReplicas(rs) - count);
    total += count;
  }
  return total;
}

/**
 * A ReplicaSet's available replicas, never more than its spec.replicas. Upstream reads
 * status.availableReplicas as it is; right after an old ReplicaSet was scaled down its status
 * still counts the pods being deleted, and a sync in that window would scale it down again past
 * maxUnavailable. Capping by spec closes that window (at worst a step waits for the status).
 */
export function availableOf(rs: KubeObject): number {
  return Math.min(rs.status?.availableReplicas ?? 0, specReplicas(rs));
}
