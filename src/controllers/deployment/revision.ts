import type { KubeObject } from 'src/registry/generic/object';
import { maxSurge, specReplicas } from 'src/controllers/deployment/replicas';

// Semantics: kubernetes pkg/controller/deployment/util/deployment_util.go (Revision, MaxRevision,
// LastRevision, SetNewReplicaSetAnnotations, copyDeploymentAnnotationsToReplicaSet,
// SetReplicasAnnotations, ReplicasAnnotationsNeedUpdate, SetDeploymentRevision).

/** The revision of a ReplicaSet (and the Deployment's copy of its new ReplicaSet's). */
export const REVISION = 'deployment.kubernetes.io/revision';
/** Earlier revisions of a ReplicaSet that became new again (rollbacks), comma-separated. */
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
/** spec.replicas of the Deployment when the ReplicaSet was last scaled. */
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
/** spec.replicas + maxSurge at that time (proportional scaling divides by it). */
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
/** The legacy server-side rollback request. */
export const ROLLBACK_TO = 'deprecated.deployment.rollback.to';
/** revision-history is kept below this many characters (oldest entries dropped). */
export const MAX_REV_HISTORY_CHARS = 2000;

/** Deployment annotations never copied to its ReplicaSets. */
const SKIPPED = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO]);

/** Whether a Deployment annotation stays off its ReplicaSets. */
export function skipCopyAnnotation(key: string): boolean {
  return SKIPPED.has(key);
}

/** The revision number of an object: 0 when absent, NaN when unparsable. */
export function revisionOf(obj: KubeObject | undefined): number {
  const v = obj?.metadata.annotations?.[REVISION];
  if (v === undefined) {
    return 0;
  }
  return /^[+-]?\d+$/.test(v) ? Number(v) : NaN;
}

/** The highest revision among ReplicaSets (unparsable ones skipped). */
export function maxRevision(sets: (KubeObject | undefined)[]): number {
  return sets.reduce((m, rs) => {
    const v = revisionOf(rs);
    return Number.isFinite(v) && v > m ? v : m;
  }, 0);
}

/** The second highest revision: where `rollout undo` without a revision goes. */
export function lastRevision(sets: (KubeObject | undefined)[]): number {
  let max = 0;
  let second = 0;
  for (const rs of sets) {
    const v = revisionOf(rs);
    if (!Number.isFinite(v)) {
      continue;
    }
    if (v >= max) {
      second = max;
      max = v;
    } else if (v > second) {
      second = v;
    }
  }
  return second;
}

/** Copies the Deployment's annotations (except the skipped ones) onto a ReplicaSet; true if any changed. */
function copyAnnotations(d: KubeObject, rs: KubeObject): boolean {
  const ann = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (skipCopyAnnotation(k) || ann[k] === v) {
      continue;
    }
    ann[k] = v;
    changed = true;
  }
  return changed;
}

/** Writes desired-replicas and max-replicas; true if either changed. */
export function setReplicasAnnotations(rs: KubeObject, desired: number, max: number): boolean {
  const ann = (rs.metadata.annotations ??= {});
  let changed = false;
  if (ann[DESIRED_REPLICAS] !== String(desired)) {
    ann[DESIRED_REPLICAS] = String(desired);
    changed = true;
  }
  if (ann[MAX_REPLICAS] !== String(max)) {
    ann[MAX_REPLICAS] = String(max);
    changed = true;
  }
  return changed;
}

/** Whether desired-replicas/max-replicas differ from these values. */
export function replicasAnnotationsNeedUpdate(rs: KubeObject, desired: number, max: number): boolean {
  const ann = rs.metadata.annotations ?? {};
  return ann[DESIRED_REPLICAS] !== String(desired) || ann[MAX_REPLICAS] !== String(max);
}

/**
 * Brings the new ReplicaSet's annotations up to date (mutating it): the Deployment's
 * annotations, the revision raised to `newRevision` if lower (keeping the old number in
 * revision-history, as on a rollback), and for a ReplicaSet about to be created the replicas
 * annotations. Returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(d: KubeObject, rs: KubeObject, newRevision: number, exists: boolean, historyLimitChars = MAX_REV_HISTORY_CHARS): boolean {
  let changed = copyAnnotations(d, rs);
  const ann = (rs.metadata.annotations ??= {});
  const oldRaw = ann[REVISION];
  const had = oldRaw !== undefined;
  let oldRevision = 0;
  if (had && oldRaw !== '') {
    if (!/^[+-]?\d+$/.test(oldRaw)) {
      return false;
    }
    oldRevision = Number(oldRaw);
  }
  if (oldRevision < newRevision) {
    ann[REVISION] = String(newRevision);
    changed = true;
    if (had) {
      appendHistory(ann, oldRaw, historyLimitChars);
    }
  }
  if (!exists && setReplicasAnnotations(rs, specReplicas(d), specReplicas(d) + maxSurge(d))) {
    changed = true;
  }
  return changed;
}

/** Appends a revision to revision-history, dropping the oldest entries to stay under the limit. */
function appendHistory(ann: Record<string, string>, oldRevision: string, limit: number): void {
  const history = ann[REVISION_HISTORY] ?? '';
  if (history === '') {
    ann[REVISION_HISTORY] = oldRevision;
    return;
  }
  const entries = history.split(',');
  let total = history.length + oldRevision.length + 1;
  let start = 0;
  while (total > limit && start < entries.length) {
    total -= entries[start].length + 1;
    start++;
  }
  if (total <= limit) {
    ann[REVISION_HISTORY] = [...entries.slice(start), oldRevision].join(',');
  }
}

/** Sets the Deployment's revision annotation (a missing one counts as empty); true if it changed. */
export function setDeploymentRevision(d: KubeObject, revision: string): boolean {
  const ann = (d.metadata.annotations ??= {});
  if ((ann[REVISION] ?? '') === revision) {
    return false;
  }
  ann[REVISION] = revision;
  return true;
}
