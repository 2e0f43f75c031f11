import { conditionsOf } from 'src/controllers/job/job-conditions';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/ttlafterfinished/ttlafterfinished_controller.go
// (needsCleanup, jobFinishTime, timeLeft).

/** needsCleanup: the Job has ttlSecondsAfterFinished and a Complete or Failed condition. */
export function needsCleanup(job: KubeObject): boolean {
  return job.spec?.ttlSecondsAfterFinished != null && conditionsOf(job).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/**
 * Milliseconds until a finished Job with a TTL expires (0 or less: expired), undefined when it
 * needs no clean-up or is already being deleted. Throws when the finish time is missing.
 */
export function ttlLeftMs(job: KubeObject, now: number): number | undefined {
  if (job.metadata.deletionTimestamp || !needsCleanup(job)) {
    return undefined;
  }
  const cond = conditionsOf(job).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  const finishedAt = Date.parse(cond?.lastTransitionTime ?? '');
  if (!Number.isFinite(finishedAt)) {
    throw new Error(`unable to find the time when the Job ${job.metadata.namespace}/${job.metadata.name} finished`);
  }
  return finishedAt + Number(job.spec.ttlSecondsAfterFinished) * 1000 - now;
}
