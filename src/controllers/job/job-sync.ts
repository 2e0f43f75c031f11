import { isPodActive } from 'src/controllers/common/pods';
import { nextBackoffRecord } from 'src/controllers/job/job-backoff';
import { conditionsOf, ensureCondition, findCondition, newCondition, REASONS, rfc3339, type JobCondition } from 'src/controllers/job/job-conditions';
import type { JobSyncContext, JobSyncDeps } from 'src/controllers/job/job-context';
import { matchPodFailurePolicy } from 'src/controllers/job/job-failure-policy';
import { succeededIndexes, totalIndexes } from 'src/controllers/job/job-indexes';
import { deleteActivePods, manageJob } from 'src/controllers/job/job-manage';
import { countReady, hasTrackingFinalizer, isIndexedJob, isPodFailed, terminatingPods, validIndex } from 'src/controllers/job/job-pods';
import { matchSuccessPolicy } from 'src/controllers/job/job-success-policy';
import { trackJobStatus } from 'src/controllers/job/job-tracking';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/job/job_controller.go syncJob (1.35: JobManagedBy,
// JobPodReplacementPolicy and JobSuccessPolicy on, so terminal conditions are preceded by
// FailureTarget / SuccessCriteriaMet and terminating pods are tracked).

type Obj = Record<string, any>;

/** getNewFinishedPods: succeeded and failed pods not yet counted nor recorded as uncounted. */
export function newFinishedPods(ctx: JobSyncContext): { succeeded: KubeObject[]; failed: KubeObject[] } {
  const completions = Number(ctx.job.spec?.completions ?? 0);
  const valid = (p: KubeObject, uncounted: Set<string>): boolean => {
    const uid = p.metadata.uid!;
    if (!hasTrackingFinalizer(p) || uncounted.has(uid) || ctx.expectedRmFinalizers.has(uid)) {
      return false;
    }
    return !isIndexedJob(ctx.job) || validIndex(p, completions);
  };
  return {
    succeeded: ctx.pods.filter((p) => valid(p, ctx.uncounted.succeeded) && p.status?.phase === 'Succeeded'),
    failed: ctx.pods.filter((p) => valid(p, ctx.uncounted.failed) && isPodFailed(p, ctx.job)),
  };
}

/** getFailJobMessage: the message of the first failed pod matching a FailJob rule. */
export function failJobMessage(job: KubeObject, pods: KubeObject[]): string | undefined {
  if (!job.spec?.podFailurePolicy) {
    return undefined;
  }
  for (const p of pods) {
    if (isPodFailed(p, job)) {
      const m = matchPodFailurePolicy(job.spec.podFailurePolicy, p).failJobMessage;
      if (m) {
        return m;
      }
    }
  }
  return undefined;
}

/** pastBackoffLimitOnFailure: with restartPolicy OnFailure, container restarts of running pods reach backoffLimit. */
export function pastBackoffLimitOnFailure(job: KubeObject, pods: KubeObject[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') {
    return false;
  }
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase === 'Running' || p.status?.phase === 'Pending') {
      for (const s of [...((p.status?.initContainerStatuses as Obj[]) ?? []), ...((p.status?.containerStatuses as Obj[]) ?? [])]) {
        restarts += Number(s.restartCount ?? 0);
      }
    }
  }
  const limit = Number(job.spec?.backoffLimit ?? 6);
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** Milliseconds left before activeDeadlineSeconds (undefined without a deadline, a start, or when suspended). */
export function deadlineLeftMs(job: KubeObject, now: Date): number | undefined {
  const ads = job.spec?.activeDeadlineSeconds;
  const start = Date.parse(job.status?.startTime ?? '');
  if (ads == null || !Number.isFinite(start) || job.spec?.suspend === true) {
    return undefined;
  }
  return Number(ads) * 1000 - (now.getTime() - start);
}

/** The condition that finishes the Job because of failures, a deadline or the pod failure policy. */
function failureCondition(deps: JobSyncDeps, ctx: JobSyncContext, pods: KubeObject[]): JobCondition | undefined {
  const job = ctx.job;
  const now = deps.now();
  const target = findCondition(conditionsOf(job), 'FailureTarget');
  if (target?.status === 'True') {
    return newCondition('Failed', 'True', target.reason ?? '', target.message ?? '', now);
  }
  const failJob = failJobMessage(job, pods);
  if (failJob) {
    return newCondition('FailureTarget', 'True', REASONS.podFailurePolicy.reason, failJob, now);
  }
  if (ctx.failed > Number(job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
    return newCondition('FailureTarget', 'True', REASONS.backoffLimitExceeded.reason, REASONS.backoffLimitExceeded.message, now);
  }
  const left = deadlineLeftMs(job, now);
  if (left !== undefined && left <= 0) {
    return newCondition('FailureTarget', 'True', REASONS.deadlineExceeded.reason, REASONS.deadlineExceeded.message, now);
  }
  if (left !== undefined) {
    deps.requeueAfter(ctx.key, left);
  }
  return undefined;
}

/** Sets the Suspended condition after manageJob; resuming restarts the activeDeadlineSeconds clock. */
function updateSuspended(deps: JobSyncDeps, job: KubeObject): boolean {
  const now = deps.now();
  const suspend = job.spec?.suspend === true;
  const res = suspend
    ? ensureCondition(conditionsOf(job), 'Suspended', 'True', 'JobSuspended', 'Job suspended', now)
    : ensureCondition(conditionsOf(job), 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
  if (!res.changed) {
    return false;
  }
  job.status.conditions = res.conditions;
  deps.event(job, 'Normal', suspend ? 'Suspended' : 'Resumed', suspend ? 'Job suspended' : 'Job resumed');
  if (!suspend) {
    job.status.startTime = rfc3339(now);
  }
  return true;
}

/**
 * syncJob for a Job that is neither finished nor managed elsewhere: counts its pods, decides
 * whether it finished, creates or deletes pods, and tracks the status (see trackJobStatus).
 */
export async function syncJob(deps: JobSyncDeps, key: string, shared: KubeObject): Promise<void> {
  const job: KubeObject = structuredClone(shared);
  const status: Obj = (job.status ??= {});
  status.uncountedTerminatedPods ??= {};
  const satisfied = deps.expectations.satisfied(key);
  const pods = await deps.podsForJob(job);
  const activePods = pods.filter(isPodActive);
  const ctx: JobSyncContext = {
    key,
    job,
    pods,
    activePods,
    succeeded: 0,
    failed: 0,
    prevSucceededIndexes: [],
    succeededIndexes: [],
    newBackoff: { failuresAfterLastSuccess: 0 },
    expectedRmFinalizers: deps.finalizerExpectations.expected(key),
    uncounted: { succeeded: new Set(status.uncountedTerminatedPods.succeeded ?? []), failed: new Set(status.uncountedTerminatedPods.failed ?? []) },
    terminating: terminatingPods(pods).length,
    ready: countReady(activePods),
  };
  const fresh = newFinishedPods(ctx);
  const policy = job.spec?.podFailurePolicy;
  ctx.succeeded = Number(status.succeeded ?? 0) + fresh.succeeded.length + ctx.uncounted.succeeded.size;
  ctx.failed = Number(status.failed ?? 0) + fresh.failed.filter((p) => matchPodFailurePolicy(policy, p).countFailed).length + ctx.uncounted.failed.size;
  const startedBefore = status.startTime;
  if (!status.startTime && job.spec?.suspend !== true) {
    status.startTime = rfc3339(deps.now());
  }
  ctx.newBackoff = nextBackoffRecord(deps.backoff.get(key), fresh.succeeded, fresh.failed);
  const met = findCondition(conditionsOf(job), 'SuccessCriteriaMet');
  ctx.finishedCondition = met?.status === 'True' ? met : failureCondition(deps, ctx, pods);
  if (isIndexedJob(job)) {
    const idx = succeededIndexes(status.completedIndexes, Number(job.spec?.completions ?? 0), pods);
    ctx.prevSucceededIndexes = idx.prev;
    ctx.succeededIndexes = idx.next;
    ctx.succeeded = totalIndexes(idx.next);
    const msg = ctx.finishedCondition ? undefined : matchSuccessPolicy(job.spec?.successPolicy, Number(job.spec?.completions ?? 0), idx.next);
    if (msg) {
      ctx.finishedCondition = newCondition('SuccessCriteriaMet', 'True', REASONS.successPolicy.reason, msg, deps.now());
    }
  }
  let active = activePods.length;
  let suspendChanged = false;
  let manageError: unknown;
  if (ctx.finishedCondition) {
    const res = await deleteActivePods(deps, job, activePods);
    if (res.deleted !== active || !satisfied) {
      ctx.finishedCondition = undefined;
    }
    active -= res.deleted;
    ctx.terminating += res.deleted;
    ctx.ready -= res.ready;
    manageError = res.error;
  } else {
    let managed = false;
    if (satisfied && !job.metadata.deletionTimestamp) {
      const res = await manageJob(deps, ctx);
      active = res.active;
      manageError = res.error;
      managed = true;
    }
    const completions = job.spec?.completions;
    const complete = completions == null ? ctx.succeeded > 0 && active === 0 : ctx.succeeded >= Number(completions) && active === 0;
    if (complete) {
      const r = REASONS.completionsReached;
      ctx.finishedCondition = newCondition('SuccessCriteriaMet', 'True', r.reason, r.message, deps.now());
    } else if (managed) {
      suspendChanged = updateSuspended(deps, job);
    }
  }
  const needsUpdate =
    suspendChanged ||
    active !== Number(status.active ?? 0) ||
    ctx.ready !== status.ready ||
    ctx.terminating !== status.terminating ||
    status.startTime !== startedBefore;
  status.active = active;
  status.ready = ctx.ready;
  status.terminating = ctx.terminating;
  await trackJobStatus(deps, ctx, needsUpdate);
  if (manageError !== undefined) {
    throw manageError;
  }
}
