import { controllerOwnerRef } from 'src/controllers/common/pods';
import { finishedType } from 'src/controllers/job/job-conditions';
import { rfc3339In } from 'src/controllers/cronjob/zoned-time';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/cronjob/utils.go (getJobFromTemplate2, getTimeHashInMinutes,
// byJobStartTime, inActiveList*, deleteFromActiveList) and cronjob_controllerv2.go cleanupFinishedJobs.

/** batch.CronJobScheduledTimestampAnnotation. */
export const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** A CronJob as the owner of its Jobs (informer objects may lack apiVersion and kind). */
export function asCronJob(cj: KubeObject): KubeObject {
  return { ...cj, apiVersion: 'batch/v1', kind: 'CronJob' };
}

/** The deterministic name of the Job for a start time: `<cronjob>-<minutes since the epoch>`. */
export function jobName(cj: KubeObject, scheduled: number): string {
  return `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
}

/**
 * getJobFromTemplate2: the Job for a start time: the jobTemplate's labels, annotations and spec,
 * the scheduled-timestamp annotation (RFC 3339 in the CronJob's time zone, UTC without one) and
 * the CronJob as controller.
 */
export function jobFromTemplate(cj: KubeObject, scheduled: number): KubeObject {
  const template: Record<string, any> = cj.spec?.jobTemplate ?? {};
  const labels: Record<string, string> = { ...(template.metadata?.labels ?? {}) };
  const annotations: Record<string, string> = { ...(template.metadata?.annotations ?? {}) };
  annotations[SCHEDULED_TIMESTAMP] = rfc3339In(scheduled, cj.spec?.timeZone ?? 'UTC');
  const metadata: Record<string, any> = {
    name: jobName(cj, scheduled),
    namespace: cj.metadata.namespace,
    annotations,
    ownerReferences: [controllerOwnerRef(asCronJob(cj))],
  };
  if (Object.keys(labels).length > 0) {
    metadata.labels = labels;
  }
  return { apiVersion: 'batch/v1', kind: 'Job', metadata, spec: structuredClone(template.spec ?? {}) };
}

/** The ObjectReference kept in status.active. */
export function jobReference(job: KubeObject): Record<string, string> {
  return {
    kind: 'Job',
    namespace: job.metadata.namespace ?? '',
    name: job.metadata.name ?? '',
    uid: job.metadata.uid ?? '',
    apiVersion: 'batch/v1',
    resourceVersion: job.metadata.resourceVersion ?? '',
  };
}

type Ref = { uid?: string; name?: string; namespace?: string };

/** The CronJob's status.active list. */
export function activeRefs(cj: KubeObject): Ref[] {
  return (cj.status?.active as Ref[] | undefined) ?? [];
}

/** inActiveList: a Job with this uid is in status.active. */
export function inActiveList(cj: KubeObject, uid: string | undefined): boolean {
  return activeRefs(cj).some((r) => r.uid === uid);
}

/** inActiveListByName: a Job with this name (in the CronJob's namespace) is in status.active. */
export function inActiveListByName(cj: KubeObject, name: string): boolean {
  return activeRefs(cj).some((r) => r.name === name && (r.namespace ?? cj.metadata.namespace) === cj.metadata.namespace);
}

/** deleteFromActiveList. */
export function deleteFromActiveList(cj: KubeObject, uid: string | undefined): void {
  cj.status ??= {};
  cj.status.active = activeRefs(cj).filter((r) => r.uid !== uid);
}

/** byJobStartTime: started Jobs first, earliest start first, then by name. */
export function compareByStartTime(a: KubeObject, b: KubeObject): number {
  const sa = Date.parse(a.status?.startTime ?? '');
  const sb = Date.parse(b.status?.startTime ?? '');
  if (Number.isFinite(sa) !== Number.isFinite(sb)) {
    return Number.isFinite(sa) ? -1 : 1;
  }
  if (sa !== sb && Number.isFinite(sa)) {
    return sa - sb;
  }
  return a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0;
}

/**
 * cleanupFinishedJobs' choice: beyond successfulJobsHistoryLimit Complete Jobs and
 * failedJobsHistoryLimit Failed Jobs, the oldest (by start time, then name) are deleted.
 */
export function jobsBeyondHistory(cj: KubeObject, jobs: KubeObject[]): KubeObject[] {
  const pick = (type: 'Complete' | 'Failed', limit: number | undefined): KubeObject[] => {
    if (limit == null) {
      return [];
    }
    const finished = jobs.filter((j) => finishedType(j) === type).sort(compareByStartTime);
    return finished.slice(0, Math.max(0, finished.length - limit));
  };
  return [...pick('Complete', cj.spec?.successfulJobsHistoryLimit), ...pick('Failed', cj.spec?.failedJobsHistoryLimit)];
}
