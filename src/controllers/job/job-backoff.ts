import { podCondition } from 'src/controllers/common/pods';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/job/backoff_utils.go: the delay before pods of a Job are
// re-created after failures grows with the failures since the last success (base doubling to a cap).

/** Failures since the last success of a Job, and when the latest happened (ms since epoch). */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

/**
 * When a finished pod finished: the latest container finish time if every container terminated,
 * else the Ready=False transition, else its deletion time minus the grace period, else creation.
 */
export function finishedTime(pod: KubeObject): number {
  const statuses = (pod.status?.containerStatuses as Record<string, any>[] | undefined) ?? [];
  let latest: number | undefined;
  for (const s of statuses) {
    const t = Date.parse(s.state?.terminated?.finishedAt ?? '');
    if (!Number.isFinite(t)) {
      latest = undefined;
      break;
    }
    latest = latest === undefined || t > latest ? t : latest;
  }
  if (latest !== undefined) {
    return latest;
  }
  const ready = podCondition(pod, 'Ready');
  const readyFalse = ready?.status === 'False' ? Date.parse(ready.lastTransitionTime ?? '') : NaN;
  if (Number.isFinite(readyFalse)) {
    return readyFalse;
  }
  if (pod.metadata.deletionTimestamp) {
    return Date.parse(pod.metadata.deletionTimestamp) - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  }
  return Date.parse(pod.metadata.creationTimestamp ?? '') || 0;
}

/**
 * newBackoffRecord: the record after the newly finished pods of this sync. A new success resets
 * the count to the failures that finished after it.
 */
export function nextBackoffRecord(prev: BackoffRecord | undefined, newSucceeded: KubeObject[], newFailed: KubeObject[]): BackoffRecord {
  const rec: BackoffRecord = { failuresAfterLastSuccess: prev?.failuresAfterLastSuccess ?? 0, lastFailureTime: prev?.lastFailureTime };
  const failedTimes = newFailed.map(finishedTime).sort((a, b) => a - b);
  if (newSucceeded.length === 0) {
    if (failedTimes.length > 0) {
      rec.failuresAfterLastSuccess += failedTimes.length;
      rec.lastFailureTime = failedTimes[failedTimes.length - 1];
    }
    return rec;
  }
  const lastSuccess = Math.max(...newSucceeded.map(finishedTime));
  rec.failuresAfterLastSuccess = 0;
  rec.lastFailureTime = undefined;
  for (let i = failedTimes.length - 1; i >= 0 && failedTimes[i] > lastSuccess; i--) {
    rec.lastFailureTime ??= failedTimes[i];
    rec.failuresAfterLastSuccess++;
  }
  return rec;
}

/**
 * getRemainingTimeForFailuresCount: how long to wait before creating pods again: base doubled per
 * failure after the first, capped, minus the time since the last failure (0 when none is due).
 */
export function remainingBackoffMs(rec: BackoffRecord, nowMs: number, baseMs: number, maxMs: number): number {
  if (rec.failuresAfterLastSuccess === 0 || rec.lastFailureTime === undefined) {
    return 0;
  }
  let delay = baseMs;
  for (let i = 1; i < rec.failuresAfterLastSuccess; i++) {
    delay *= 2;
    if (delay >= maxMs) {
      delay = maxMs;
      break;
    }
  }
  const elapsed = nowMs - rec.lastFailureTime;
  return delay < elapsed ? 0 : delay - elapsed;
}
