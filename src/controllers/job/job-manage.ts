import { isPodReady } from 'src/controllers/common/pods';
import { slowStartBatch } from 'src/controllers/common/slow-start-batch';
import { remainingBackoffMs } from 'src/controllers/job/job-backoff';
import type { JobSyncContext, JobSyncDeps } from 'src/controllers/job/job-context';
import { firstPendingIndexes } from 'src/controllers/job/job-indexes';
import { podForJob } from 'src/controllers/job/job-pod-template';
import {
  compareActivePods,
  completionIndex,
  isIndexedJob,
  onlyReplaceFailedPods,
  removeTrackingFinalizerPatch,
  terminatingPods,
  UNKNOWN_INDEX,
} from 'src/controllers/job/job-pods';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/job/job_controller.go manageJob, deleteJobPods,
// deleteActivePods, activePodsForRemoval and indexed_job_utils.go appendDuplicatedIndexPodsForRemoval.

/** MaxPodCreateDeletePerSync. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

/** What a batch of deletions achieved. */
interface Deleted {
  ready: number;
  deleted: number;
  error?: unknown;
}

/**
 * Pods to delete: for Indexed Jobs, pods without a valid index and all but the best of each
 * repeated index; then, if that is fewer than `rmAtLeast`, the first of the rest in ActivePods order.
 */
export function activePodsForRemoval(job: KubeObject, pods: KubeObject[], rmAtLeast: number): KubeObject[] {
  const rm: KubeObject[] = [];
  let left: KubeObject[] = pods;
  if (isIndexedJob(job)) {
    left = [];
    const completions = Number(job.spec?.completions ?? 0);
    const groups = new Map<number, KubeObject[]>();
    for (const p of pods) {
      const ix = completionIndex(p);
      if (ix === UNKNOWN_INDEX || ix >= completions) {
        rm.push(p);
      } else {
        groups.set(ix, [...(groups.get(ix) ?? []), p]);
      }
    }
    for (const ix of [...groups.keys()].sort((a, b) => a - b)) {
      const same = [...groups.get(ix)!].sort(compareActivePods);
      rm.push(...same.slice(0, -1));
      left.push(same[same.length - 1]);
    }
  }
  if (rm.length < rmAtLeast) {
    rm.push(...[...left].sort(compareActivePods).slice(0, rmAtLeast - rm.length));
  }
  return rm;
}

/**
 * Runs `remove` on every pod at once; a pod already gone counts as removed. `onFailure` runs for
 * every pod whose removal threw; the first other error is reported.
 */
async function removePods(
  deps: JobSyncDeps,
  pods: KubeObject[],
  remove: (pod: KubeObject) => Promise<void>,
  onFailure?: (pod: KubeObject) => void,
): Promise<Deleted> {
  const out: Deleted = { ready: 0, deleted: 0 };
  await Promise.all(
    pods.map(async (pod) => {
      try {
        await remove(pod);
      } catch (err) {
        onFailure?.(pod);
        if (!deps.isNotFound(err)) {
          out.error ??= err;
          return;
        }
      }
      out.deleted++;
      out.ready += isPodReady(pod) ? 1 : 0;
    }),
  );
  return out;
}

/** deleteActivePods: DELETE (keeping the finalizers) every active pod of a finishing Job. */
export function deleteActivePods(deps: JobSyncDeps, job: KubeObject, pods: KubeObject[]): Promise<Deleted> {
  return removePods(deps, pods, (pod) => deps.deletePod(job, pod));
}

/** deleteJobPods: removes each pod's tracking finalizer, then deletes it; failures are no longer expected. */
function deleteJobPods(deps: JobSyncDeps, ctx: JobSyncContext, pods: KubeObject[]): Promise<Deleted> {
  deps.expectations.expectDeletions(
    ctx.key,
    pods.map((p) => p.metadata.uid!),
  );
  return removePods(
    deps,
    pods,
    async (pod) => {
      const patch = removeTrackingFinalizerPatch(pod);
      if (patch) {
        await deps.patchPod(pod, patch);
      }
      await deps.deletePod(ctx.job, pod);
    },
    (pod) => deps.expectations.deletionObserved(ctx.key, pod.metadata.uid!),
  );
}

/** How many pods the Job wants running. */
function wantActive(job: KubeObject, ctx: JobSyncContext, active: number): number {
  const parallelism = Number(job.spec?.parallelism ?? 1);
  if (job.spec?.completions == null) {
    return ctx.succeeded > 0 ? active : parallelism;
  }
  return Math.max(0, Math.min(Number(job.spec.completions) - ctx.succeeded, parallelism));
}

/** Creates pods in slow-start batches (1, 2, 4 ...), stopping after a batch with errors. Returns how many exist now. */
async function createPods(deps: JobSyncDeps, ctx: JobSyncContext, diff: number, indexes: number[]): Promise<{ created: number; error?: unknown }> {
  const job = ctx.job;
  deps.expectations.expectCreations(ctx.key, diff);
  let created = 0;
  const { successes, errors } = await slowStartBatch(
    Array.from({ length: diff }, (_, i) => indexes.at(i)),
    async (ix) => {
      try {
        await deps.createPod(job, podForJob(job, ix));
        created++;
      } catch (err) {
        if (deps.isNamespaceTerminating(err)) {
          return;
        }
        deps.expectations.creationObserved(ctx.key);
        throw err;
      }
    },
  );
  // Creations never attempted after the failed batch are not expected either.
  for (let i = successes + errors.length; i < diff; i++) {
    deps.expectations.creationObserved(ctx.key);
  }
  return { created, error: errors[0] };
}

/**
 * manageJob: deletes pods of a suspended Job or pods beyond what it wants, otherwise creates the
 * missing ones (respecting the failure back-off). Updates ctx.terminating and ctx.ready; returns
 * the active count and the first error.
 */
export async function manageJob(deps: JobSyncDeps, ctx: JobSyncContext): Promise<{ active: number; error?: unknown }> {
  const job = ctx.job;
  const active = ctx.activePods.length;
  const deleteSome = async (pods: KubeObject[]): Promise<{ active: number; error?: unknown }> => {
    const res = await deleteJobPods(deps, ctx, pods);
    ctx.terminating += res.deleted;
    ctx.ready -= res.ready;
    return { active: active - res.deleted, error: res.error };
  };
  if (job.spec?.suspend === true) {
    return deleteSome(activePodsForRemoval(job, ctx.activePods, active));
  }
  const want = wantActive(job, ctx, active);
  const toDelete = activePodsForRemoval(job, ctx.activePods, Math.max(0, active - want)).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (toDelete.length > 0) {
    return deleteSome(toDelete);
  }
  let diff = want - (onlyReplaceFailedPods(job) ? ctx.terminating : 0) - active;
  if (diff <= 0) {
    return { active };
  }
  const o = deps.options;
  const wait = remainingBackoffMs(ctx.newBackoff, deps.now().getTime(), o.jobPodFailureBackoffMs, o.jobPodFailureMaxBackoffMs);
  if (wait > 0) {
    // Upstream reports 0 active here; the pods that do run are reported instead.
    deps.requeueAfter(ctx.key, Math.max(wait, o.jobSyncBatchPeriodMs));
    return { active };
  }
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  let indexes: number[] = [];
  if (isIndexedJob(job)) {
    const nonPending = onlyReplaceFailedPods(job) ? [...ctx.activePods, ...terminatingPods(ctx.pods)] : ctx.activePods;
    indexes = firstPendingIndexes(nonPending, ctx.succeededIndexes, diff, Number(job.spec.completions));
    diff = indexes.length;
  }
  if (diff === 0) {
    return { active };
  }
  const res = await createPods(deps, ctx, diff, indexes);
  return { active: active + res.created, error: res.error };
}
