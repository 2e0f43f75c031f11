import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/job/job_controller.go (newCondition, ensureJobConditionStatus,
// newSuccessCondition/newFailureCondition with JobManagedBy and JobSuccessPolicy on, as in 1.35) and
// pkg/controller/job/util/utils.go (IsJobFinished, IsJobSucceeded).

/** batch/v1 JobCondition. */
export interface JobCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastProbeTime: string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

/** Reasons and messages of the conditions the controller writes. */
export const REASONS = {
  completionsReached: { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
  backoffLimitExceeded: { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
  deadlineExceeded: { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' },
  podFailurePolicy: { reason: 'PodFailurePolicy' },
  successPolicy: { reason: 'SuccessPolicy' },
} as const;

/** A time as metav1.Time serialises it: RFC 3339 with whole seconds, in UTC. */
export function rfc3339(d: Date): string {
  return new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** newCondition: a condition whose probe and transition times are `now`. */
export function newCondition(type: string, status: JobCondition['status'], reason: string, message: string, now: Date): JobCondition {
  const c: JobCondition = { type, status, lastProbeTime: rfc3339(now), lastTransitionTime: rfc3339(now) };
  if (reason) {
    c.reason = reason;
  }
  if (message) {
    c.message = message;
  }
  return c;
}

/** The Job's conditions (never undefined). */
export function conditionsOf(job: KubeObject): JobCondition[] {
  return (job.status?.conditions as JobCondition[] | undefined) ?? [];
}

/** The condition of a type, if any. */
export function findCondition(conditions: JobCondition[], type: string): JobCondition | undefined {
  return conditions.find((c) => c.type === type);
}

/** Whether the Job has a condition of the type with status True. */
export function hasTrueCondition(job: KubeObject, type: string): boolean {
  return findCondition(conditionsOf(job), type)?.status === 'True';
}

/**
 * ensureJobConditionStatus: updates the condition of the type if its status, reason or message
 * differ, or appends it unless the new status is False (nothing to False is meaningless).
 * Returns the new list and whether it changed.
 */
export function ensureCondition(
  list: JobCondition[],
  type: string,
  status: JobCondition['status'],
  reason: string,
  message: string,
  now: Date,
): { conditions: JobCondition[]; changed: boolean } {
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = list[i];
    if (c.status !== status || (c.reason ?? '') !== reason || (c.message ?? '') !== message) {
      const next = [...list];
      next[i] = newCondition(type, status, reason, message, now);
      return { conditions: next, changed: true };
    }
    return { conditions: list, changed: false };
  }
  if (status !== 'False') {
    return { conditions: [...list, newCondition(type, status, reason, message, now)], changed: true };
  }
  return { conditions: list, changed: false };
}

/** The terminal condition type of a finished Job (`Complete` or `Failed`), or undefined. */
export function finishedType(job: KubeObject): 'Complete' | 'Failed' | undefined {
  for (const c of conditionsOf(job)) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') {
      return c.type;
    }
  }
  return undefined;
}

/** IsJobFinished: a Complete or Failed condition is True. */
export function isJobFinished(job: KubeObject): boolean {
  return finishedType(job) !== undefined;
}

/** The Job's controller when it is not the built-in one (spec.managedBy), else undefined. */
export function managedByExternalController(job: KubeObject): string | undefined {
  const m = job.spec?.managedBy;
  return m != null && m !== 'kubernetes.io/job-controller' ? String(m) : undefined;
}
