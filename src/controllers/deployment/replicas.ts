import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/deployment/util/deployment_util.go (ResolveFenceposts,
// MaxSurge, MaxUnavailable, NewRSNewReplicas, IsSaturated, DeploymentComplete,
// DeploymentProgressing, the Get*ReplicaCountForReplicaSets helpers) and
// k8s.io/apimachinery util/intstr GetScaledValueFromIntOrPercent.

/** A ReplicaSet list entry; the new ReplicaSet may be missing. */
export type MaybeRS = KubeObject | undefined;

/** spec.replicas (defaulted to 1 by the API server). */
export function specReplicas(obj: KubeObject | undefined): number {
  return obj?.spec?.replicas ?? 1;
}

/** An int-or-percent scaled against `total`: percentages round up or down, integers are taken as they are. */
export function scaledValue(v: number | string | undefined | null, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) {
    return 0;
  }
  if (typeof v === 'number') {
    return v;
  }
  const m = /^(-?\d+)%$/.exec(v);
  if (!m) {
    throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  }
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * maxSurge and maxUnavailable as absolute numbers for `desired` replicas: surge rounds up,
 * unavailable rounds down, and if both come out 0 one pod may be unavailable (else a rollout
 * could never start).
 */
export function resolveFenceposts(maxSurge: number | string | undefined, maxUnavailable: number | string | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) {
    unavailable = 1;
  }
  return { surge, unavailable };
}

/** Whether the Deployment uses the RollingUpdate strategy. */
export function isRollingUpdate(d: KubeObject): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** Pods that may exist above spec.replicas during a rollout (0 for Recreate). */
export function maxSurge(d: KubeObject): number {
  if (!isRollingUpdate(d)) {
    return 0;
  }
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, specReplicas(d)).surge;
}

/** Pods that may be unavailable during a rollout (0 for Recreate or 0 replicas; never more than replicas). */
export function maxUnavailable(d: KubeObject): number {
  const replicas = specReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) {
    return 0;
  }
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  return Math.min(resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicas).unavailable, replicas);
}

/** Σ spec.replicas. */
export function specReplicaCount(sets: MaybeRS[]): number {
  return sets.reduce((n, rs) => n + (rs ? specReplicas(rs) : 0), 0);
}

/** Σ status[field] (replicas, readyReplicas, availableReplicas). */
export function statusCount(sets: MaybeRS[], field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number {
  return sets.reduce((n, rs) => n + ((rs?.status?.[field] as number | undefined) ?? 0), 0);
}

/** Σ status.terminatingReplicas, or undefined when some ReplicaSet does not report it. */
export function terminatingCount(sets: MaybeRS[]): number | undefined {
  let total = 0;
  for (const rs of sets) {
    if (!rs) {
      continue;
    }
    const n = rs.status?.terminatingReplicas;
    if (typeof n !== 'number') {
      return undefined;
    }
    total += n;
  }
  return total;
}

/** ReplicaSets with spec.replicas > 0. */
export function activeSets(sets: MaybeRS[]): KubeObject[] {
  return sets.filter((rs): rs is KubeObject => !!rs && specReplicas(rs) > 0);
}

/**
 * The size the new ReplicaSet may grow to now: for RollingUpdate, as far as the surge allows
 * (never above spec.replicas); for Recreate, spec.replicas.
 */
export function newRSNewReplicas(d: KubeObject, allSets: MaybeRS[], newRS: KubeObject): number {
  if (!isRollingUpdate(d)) {
    return specReplicas(d);
  }
  const surge = scaledValue(d.spec?.strategy?.rollingUpdate?.maxSurge ?? 0, specReplicas(d), true);
  const current = specReplicaCount(allSets);
  const maxTotal = specReplicas(d) + surge;
  if (current >= maxTotal) {
    return specReplicas(newRS);
  }
  return specReplicas(newRS) + Math.min(maxTotal - current, specReplicas(d) - specReplicas(newRS));
}

/** Whether the new ReplicaSet has all replicas, desired by the current spec, and all available. */
export function isSaturated(d: KubeObject, rs: MaybeRS): boolean {
  if (!rs) {
    return false;
  }
  const desired = intAnnotation(rs, 'deployment.kubernetes.io/desired-replicas');
  return desired !== undefined && specReplicas(rs) === specReplicas(d) && desired === specReplicas(d) && (rs.status?.availableReplicas ?? 0) === specReplicas(d);
}

/** Whether a status shows the rollout done: every replica updated and available, generation observed. */
export function deploymentComplete(d: KubeObject, status: Record<string, any>): boolean {
  const r = specReplicas(d);
  return (status.updatedReplicas ?? 0) === r && (status.replicas ?? 0) === r && (status.availableReplicas ?? 0) === r && (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** Whether `next` shows progress over the Deployment's current status (more updated, fewer old, more ready or available). */
export function deploymentProgressing(d: KubeObject, next: Record<string, any>): boolean {
  const cur = d.status ?? {};
  const oldBefore = (cur.replicas ?? 0) - (cur.updatedReplicas ?? 0);
  const oldNow = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (cur.updatedReplicas ?? 0) ||
    oldNow < oldBefore ||
    (next.readyReplicas ?? 0) > (cur.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (cur.availableReplicas ?? 0)
  );
}

/** An integer annotation, if present and valid. */
export function intAnnotation(obj: KubeObject, key: string): number | undefined {
  const raw = obj.metadata.annotations?.[key];
  return raw !== undefined && /^[+-]?\d+$/.test(raw) ? Number(raw) : undefined;
}

/** Older first by creationTimestamp, then by name. Semantics: controller_utils.go ReplicaSetsByCreationTimestamp. */
export function byCreation(a: KubeObject, b: KubeObject): number {
  const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  if (ta !== tb) {
    return ta - tb;
  }
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** Larger first; on a tie the newer first (scaling up). Semantics: ReplicaSetsBySizeNewer. */
export function bySizeNewer(a: KubeObject, b: KubeObject): number {
  return specReplicas(a) === specReplicas(b) ? byCreation(b, a) : specReplicas(b) - specReplicas(a);
}

/** Larger first; on a tie the older first (scaling down). Semantics: ReplicaSetsBySizeOlder. */
export function bySizeOlder(a: KubeObject, b: KubeObject): number {
  return specReplicas(a) === specReplicas(b) ? byCreation(a, b) : specReplicas(b) - specReplicas(a);
}
