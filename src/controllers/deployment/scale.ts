import type { KubeObject } from 'src/registry/generic/object';
import type { SyncState } from 'src/controllers/deployment/deployment-api';
import { activeSets, bySizeNewer, bySizeOlder, byCreation, intAnnotation, isRollingUpdate, isSaturated, maxSurge, specReplicaCount, specReplicas, type MaybeRS } from 'src/controllers/deployment/replicas';
import { MAX_REPLICAS, replicasAnnotationsNeedUpdate, setReplicasAnnotations } from 'src/controllers/deployment/revision';

/**
 * Sets a ReplicaSet's spec.replicas (and the desired/max-replicas annotations) with one PUT;
 * records `Scaled up|down replica set <rs> from <a> to <b>` when the size changed.
 * Resolves with whether it scaled and the ReplicaSet as stored.
 * Semantics: kubernetes pkg/controller/deployment/sync.go scaleReplicaSet.
 */
export async function scaleReplicaSet(s: SyncState, rs: KubeObject, newScale: number): Promise<{ scaled: boolean; rs: KubeObject }> {
  const d = s.d;
  const desired = specReplicas(d);
  const max = desired + maxSurge(d);
  const sizeChanges = specReplicas(rs) !== newScale;
  if (!sizeChanges && !replicasAnnotationsNeedUpdate(rs, desired, max)) {
    return { scaled: false, rs };
  }
  const oldScale = specReplicas(rs);
  const copy: KubeObject = structuredClone(rs);
  copy.spec = { ...copy.spec, replicas: newScale };
  setReplicasAnnotations(copy, desired, max);
  const stored = await s.api.updateReplicaSet(copy);
  if (sizeChanges) {
    s.api.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${oldScale < newScale ? 'up' : 'down'} replica set ${stored.metadata.name} from ${oldScale} to ${newScale}`);
  }
  return { scaled: sizeChanges, rs: stored };
}

/** scaleReplicaSet unless the size is already right. Semantics: sync.go scaleReplicaSetAndRecordEvent. */
export async function scaleIfNeeded(s: SyncState, rs: KubeObject, newScale: number): Promise<{ scaled: boolean; rs: KubeObject }> {
  if (specReplicas(rs) === newScale) {
    return { scaled: false, rs };
  }
  return scaleReplicaSet(s, rs, newScale);
}

/**
 * The only active ReplicaSet (or, when none is active, the new one or else the newest old
 * one); undefined when several are active. Semantics: deployment_util.go FindActiveOrLatest.
 */
export function activeOrLatest(newRS: MaybeRS, oldSets: KubeObject[]): KubeObject | undefined {
  if (!newRS && oldSets.length === 0) {
    return undefined;
  }
  const newestFirst = [...oldSets].sort((a, b) => byCreation(b, a));
  const active = activeSets([...newestFirst, newRS]);
  if (active.length === 0) {
    return newRS ?? newestFirst[0];
  }
  return active.length === 1 ? active[0] : undefined;
}

/**
 * How much of `toAdd` (negative: to remove) a ReplicaSet takes, in proportion to its share of
 * the size recorded in its max-replicas annotation, never more than what is left.
 * Semantics: deployment_util.go GetProportion, getReplicaSetFraction.
 */
export function proportion(rs: KubeObject, d: KubeObject, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) {
    return 0;
  }
  const allowed = toAdd - added;
  const fraction = replicaSetFraction(rs, d);
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: KubeObject, d: KubeObject): number {
  if (specReplicas(d) === 0) {
    return -specReplicas(rs);
  }
  const deploymentReplicas = specReplicas(d) + maxSurge(d);
  const annotated = intAnnotation(rs, MAX_REPLICAS) ?? d.status?.replicas ?? 0;
  if (annotated === 0) {
    return 0;
  }
  return roundHalfAwayFromZero((specReplicas(rs) * deploymentReplicas) / annotated) - specReplicas(rs);
}

/** Go's math.Round. */
function roundHalfAwayFromZero(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/**
 * The new sizes of the active ReplicaSets when a rolling Deployment is scaled mid-rollout: the
 * difference to spec.replicas + maxSurge is shared out by proportion, larger ReplicaSets first
 * (newer first when growing, older first when shrinking), leftovers to the first. Returns the
 * ReplicaSets in the order they are to be updated.
 * Semantics: kubernetes pkg/controller/deployment/sync.go scale (RollingUpdate branch).
 */
export function proportionalSizes(d: KubeObject, active: KubeObject[]): { rs: KubeObject; size: number }[] {
  const allowed = specReplicas(d) > 0 ? specReplicas(d) + maxSurge(d) : 0;
  const toAdd = allowed - specReplicaCount(active);
  const ordered = toAdd > 0 ? [...active].sort(bySizeNewer) : toAdd < 0 ? [...active].sort(bySizeOlder) : [...active];
  let added = 0;
  const out = ordered.map((rs) => {
    if (toAdd === 0) {
      return { rs, size: specReplicas(rs) };
    }
    const p = proportion(rs, d, toAdd, added);
    added += p;
    return { rs, size: specReplicas(rs) + p };
  });
  if (toAdd !== 0 && out.length > 0) {
    out[0].size = Math.max(0, out[0].size + toAdd - added);
  }
  return out;
}

/**
 * Scaling event or paused Deployment: one active ReplicaSet takes spec.replicas; a saturated
 * new ReplicaSet lets the old ones go to 0; otherwise (RollingUpdate) every active ReplicaSet
 * is resized in proportion. Semantics: kubernetes pkg/controller/deployment/sync.go scale.
 */
export async function scale(s: SyncState, newRS: MaybeRS, oldSets: KubeObject[]): Promise<void> {
  const only = activeOrLatest(newRS, oldSets);
  if (only) {
    if (specReplicas(only) !== specReplicas(s.d)) {
      await scaleIfNeeded(s, only, specReplicas(s.d));
    }
    return;
  }
  if (isSaturated(s.d, newRS)) {
    for (const old of activeSets(oldSets)) {
      await scaleIfNeeded(s, old, 0);
    }
    return;
  }
  if (isRollingUpdate(s.d)) {
    for (const { rs, size } of proportionalSizes(s.d, activeSets([...oldSets, newRS]))) {
      await scaleReplicaSet(s, rs, size);
    }
  }
}
