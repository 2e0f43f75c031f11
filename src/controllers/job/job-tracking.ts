import { newCondition, ensureCondition, hasTrueCondition, type JobCondition } from 'src/controllers/job/job-conditions';
import type { JobSyncContext, JobSyncDeps } from 'src/controllers/job/job-context';
import { matchPodFailurePolicy } from 'src/controllers/job/job-failure-policy';
import { formatIntervals, hasIndex, totalIndexes, withIndexes } from 'src/controllers/job/job-indexes';
import { completionIndex, hasTrackingFinalizer, isIndexedJob, isPodFailed, removeTrackingFinalizerPatch, validIndex } from 'src/controllers/job/job-pods';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/job/job_controller.go trackJobStatusAndRemoveFinalizers,
// flushUncountedAndRemoveFinalizers, cleanUncountedPodsWithoutFinalizers, enactJobFinished and
// recordJobFinished. Finished pods are first written to status.uncountedTerminatedPods (a
// write-ahead log), then their tracking finalizer is removed, then they move to the counters; a
// crash at any point neither loses nor double-counts a pod.

/** MaxUncountedPods: the most pod UIDs kept in status.uncountedTerminatedPods. */
export const MAX_UNCOUNTED_PODS = 500;

type Uncounted = { succeeded?: string[]; failed?: string[] };

function uncountedOf(job: KubeObject): Uncounted {
  const status = (job.status ??= {});
  return (status.uncountedTerminatedPods ??= {}) as Uncounted;
}

/**
 * cleanUncountedPodsWithoutFinalizers: moves the uncounted UIDs whose pods no longer carry the
 * finalizer into the succeeded/failed counters. Returns whether anything moved.
 */
export function cleanUncounted(job: KubeObject, withFinalizer: Set<string>): boolean {
  const u = uncountedOf(job);
  let changed = false;
  for (const kind of ['succeeded', 'failed'] as const) {
    const list = u[kind] ?? [];
    const keep = list.filter((uid) => withFinalizer.has(uid));
    if (keep.length !== list.length) {
      changed = true;
      job.status[kind] = Number(job.status[kind] ?? 0) + list.length - keep.length;
      u[kind] = keep;
    }
  }
  return changed;
}

/** The Job status as Go's JSON encoding of JobStatus writes it: zero counters and empty lists omitted. */
export function normalizeStatus(job: KubeObject): KubeObject {
  const s: Record<string, any> = { ...(job.status ?? {}) };
  for (const k of ['active', 'succeeded', 'failed']) {
    if (!s[k]) {
      delete s[k];
    }
  }
  if (!s.completedIndexes) {
    delete s.completedIndexes;
  }
  const u: Uncounted = { ...(s.uncountedTerminatedPods ?? {}) };
  for (const k of ['succeeded', 'failed'] as const) {
    if (!u[k]?.length) {
      delete u[k];
    }
  }
  s.uncountedTerminatedPods = u;
  return { ...job, status: s };
}

/** canRemoveFinalizer: when the Job is going away or finishing, or the pod succeeded or failed. */
function canRemoveFinalizer(ctx: JobSyncContext, pod: KubeObject, failed: boolean): boolean {
  return ctx.job.metadata.deletionTimestamp != null || ctx.finishedCondition !== undefined || pod.status?.phase === 'Succeeded' || failed;
}

/** removeTrackingFinalizerFromPods: which removals succeeded (a pod already gone counts), and the first error. */
async function removeFinalizers(deps: JobSyncDeps, key: string, pods: KubeObject[]): Promise<{ ok: boolean[]; error?: unknown }> {
  deps.finalizerExpectations.expect(
    key,
    pods.map((p) => p.metadata.uid!),
  );
  let error: unknown;
  const ok = await Promise.all(
    pods.map(async (pod) => {
      const patch = removeTrackingFinalizerPatch(pod);
      if (!patch) {
        return false;
      }
      try {
        await deps.patchPod(pod, patch);
      } catch (err) {
        deps.finalizerExpectations.observed(key, pod.metadata.uid!);
        if (!deps.isNotFound(err)) {
          error ??= err;
          return false;
        }
      }
      return true;
    }),
  );
  return { ok, error };
}

/** Records the pods that can be counted now; returns them and whether the uncounted list hit its cap. */
function collectFinished(ctx: JobSyncContext, withFinalizer: Set<string>): { pods: KubeObject[]; newIndexes: number[]; full: boolean; dirty: boolean } {
  const job = ctx.job;
  const u = uncountedOf(job);
  const completions = Number(job.spec?.completions ?? 0);
  const out = { pods: [] as KubeObject[], newIndexes: [] as number[], full: false, dirty: false };
  const pods = isIndexedJob(job) ? [...ctx.pods].sort((a, b) => completionIndex(a) - completionIndex(b)) : ctx.pods;
  for (const pod of pods) {
    const uid = pod.metadata.uid!;
    if (!withFinalizer.has(uid)) {
      continue;
    }
    const failed = isPodFailed(pod, job);
    if (!canRemoveFinalizer(ctx, pod, failed)) {
      continue;
    }
    out.pods.push(pod);
    if (pod.status?.phase === 'Succeeded' && !ctx.uncounted.failed.has(uid)) {
      if (isIndexedJob(job)) {
        if (validIndex(pod, completions) && !hasIndex(ctx.prevSucceededIndexes, completionIndex(pod))) {
          out.newIndexes.push(completionIndex(pod));
          out.dirty = true;
        }
      } else if (!ctx.uncounted.succeeded.has(uid)) {
        (u.succeeded ??= []).push(uid);
        out.dirty = true;
      }
    } else if (failed || (ctx.finishedCondition && ctx.finishedCondition.type !== 'SuccessCriteriaMet')) {
      if (!ctx.uncounted.failed.has(uid) && (!isIndexedJob(job) || validIndex(pod, completions))) {
        if (matchPodFailurePolicy(job.spec?.podFailurePolicy, pod).countFailed) {
          (u.failed ??= []).push(uid);
          out.dirty = true;
        }
      }
    }
    if (out.newIndexes.length + (u.succeeded?.length ?? 0) + (u.failed?.length ?? 0) >= MAX_UNCOUNTED_PODS) {
      out.full = true;
      break;
    }
  }
  return out;
}

/** enactJobFinished: adds the terminal condition once no pod is uncounted or terminating. */
function enactJobFinished(deps: JobSyncDeps, ctx: JobSyncContext): boolean {
  const cond = ctx.finishedCondition;
  const u = uncountedOf(ctx.job);
  if (!cond || (u.succeeded?.length ?? 0) + (u.failed?.length ?? 0) > 0 || ctx.terminating > 0) {
    return false;
  }
  const status = ctx.job.status;
  // The terminal condition takes the time the finish was decided, so completionTime (set from it
  // below) and the Complete condition's lastTransitionTime never straddle a second boundary.
  const decided = Date.parse(cond.lastTransitionTime);
  const at = Number.isNaN(decided) ? deps.now() : new Date(decided);
  status.conditions = ensureCondition(status.conditions ?? [], cond.type, cond.status, cond.reason ?? '', cond.message ?? '', at).conditions;
  if (cond.type === 'Complete') {
    status.completionTime = cond.lastTransitionTime;
  }
  return true;
}

/** recordJobFinished: the events of a finished Job. */
function recordJobFinished(deps: JobSyncDeps, job: KubeObject, cond: JobCondition): void {
  if (cond.type === 'Complete') {
    if (job.spec?.completions != null && Number(job.status?.succeeded ?? 0) > Number(job.spec.completions)) {
      deps.event(job, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
    }
    deps.event(job, 'Normal', 'Completed', 'Job completed');
  } else {
    deps.event(job, 'Warning', cond.reason ?? '', cond.message ?? '');
  }
}

/**
 * trackJobStatusAndRemoveFinalizers: (1) adds newly finished pods to uncountedTerminatedPods and
 * flushes the status with the interim FailureTarget/SuccessCriteriaMet condition, (2) removes their
 * finalizers, (3) counts the pods whose finalizer is gone, (4) adds Complete/Failed when nothing is
 * left uncounted or terminating, and writes the status again.
 */
export async function trackJobStatus(deps: JobSyncDeps, ctx: JobSyncContext, needsFlush: boolean): Promise<void> {
  const withFinalizer = new Set(ctx.pods.filter((p) => hasTrackingFinalizer(p) && !ctx.expectedRmFinalizers.has(p.metadata.uid!)).map((p) => p.metadata.uid!));
  let flush = cleanUncounted(ctx.job, withFinalizer) || needsFlush;
  const found = collectFinished(ctx, withFinalizer);
  flush ||= found.dirty;
  const status = ctx.job.status;
  if (isIndexedJob(ctx.job)) {
    ctx.succeededIndexes = withIndexes(ctx.succeededIndexes, found.newIndexes);
    const text = formatIntervals(ctx.succeededIndexes);
    flush ||= text !== (status.completedIndexes ?? '');
    status.succeeded = totalIndexes(ctx.succeededIndexes);
    status.completedIndexes = text;
  }
  const now = deps.now();
  if (ctx.finishedCondition?.type === 'FailureTarget') {
    status.conditions = [...(status.conditions ?? []), ctx.finishedCondition];
    flush = true;
    ctx.finishedCondition = newCondition('Failed', 'True', ctx.finishedCondition.reason ?? '', ctx.finishedCondition.message ?? '', now);
  }
  if (ctx.finishedCondition?.type === 'SuccessCriteriaMet' && ctx.finishedCondition.status === 'True') {
    if (!hasTrueCondition(ctx.job, 'SuccessCriteriaMet')) {
      status.conditions = [...(status.conditions ?? []), ctx.finishedCondition];
      flush = true;
    }
    ctx.finishedCondition = newCondition('Complete', 'True', ctx.finishedCondition.reason ?? '', ctx.finishedCondition.message ?? '', now);
  }
  if (flush) {
    ctx.job = await deps.updateStatus(ctx.job);
    deps.backoff.set(ctx.key, ctx.newBackoff);
    flush = false;
  }
  let rmError: unknown;
  if (found.pods.length > 0) {
    const res = await removeFinalizers(deps, ctx.key, found.pods);
    res.ok.forEach((ok, i) => ok && withFinalizer.delete(found.pods[i].metadata.uid!));
    rmError = res.error;
  }
  flush = cleanUncounted(ctx.job, withFinalizer);
  if (rmError !== undefined) {
    if (flush) {
      await deps.updateStatus(ctx.job);
    }
    throw rmError;
  }
  const finished = !found.full && enactJobFinished(deps, ctx);
  if (flush || finished) {
    ctx.job = await deps.updateStatus(ctx.job);
    if (finished) {
      recordJobFinished(deps, ctx.job, ctx.finishedCondition!);
    }
  }
}
