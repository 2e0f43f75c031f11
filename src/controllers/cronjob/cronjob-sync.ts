import { parseSchedule, type Schedule } from 'src/controllers/cronjob/cron-schedule';
import {
  activeRefs,
  deleteFromActiveList,
  inActiveList,
  inActiveListByName,
  jobFromTemplate,
  jobName,
  jobReference,
  jobsBeyondHistory,
} from 'src/controllers/cronjob/cronjob-jobs';
import { dueScheduleTime, nextScheduleDelay } from 'src/controllers/cronjob/cronjob-times';
import { isKnownZone, localZone } from 'src/controllers/cronjob/zoned-time';
import { finishedType, rfc3339 } from 'src/controllers/job/job-conditions';
import { controllerRef } from 'src/controllers/common/pods';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/cronjob/cronjob_controllerv2.go syncCronJob,
// cleanupFinishedJobs, removeOldestJobs, deleteJob and formatSchedule.

/** What the CronJob sync does to the world, as plain functions (the API and events, or fakes). */
export interface CronJobSyncDeps {
  now(): Date;
  /** Uncached reads; NotFound rejects. */
  getCronJob(namespace: string, name: string): Promise<KubeObject>;
  getJob(namespace: string, name: string): Promise<KubeObject>;
  createJob(job: KubeObject): Promise<KubeObject>;
  /** Deletes a Job with propagationPolicy Background. */
  deleteJob(job: KubeObject): Promise<void>;
  event(cj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
  isNotFound(err: unknown): boolean;
  isAlreadyExists(err: unknown): boolean;
  isNamespaceTerminating(err: unknown): boolean;
  /** Error text as Go prints the error. */
  errorText(err: unknown): string;
}

/** The outcome of syncCronJob: when to look again, whether the status changed, and an error to retry. */
export interface CronJobSyncResult {
  requeueMs?: number;
  updateStatus: boolean;
  error?: unknown;
}

/** deleteJob: deletes the Job (Background) and drops it from status.active; false when the delete failed. */
async function deleteChild(deps: CronJobSyncDeps, cj: KubeObject, job: KubeObject): Promise<boolean> {
  try {
    await deps.deleteJob(job);
  } catch (err) {
    deps.event(cj, 'Warning', 'FailedDelete', `Deleted job: ${deps.errorText(err)}`);
    return false;
  }
  deleteFromActiveList(cj, job.metadata.uid);
  deps.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
  return true;
}

/** cleanupFinishedJobs: deletes finished Jobs beyond the history limits; returns whether the status changed. */
export async function cleanupFinishedJobs(deps: CronJobSyncDeps, cj: KubeObject, jobs: KubeObject[]): Promise<boolean> {
  let changed = false;
  for (const job of jobsBeyondHistory(cj, jobs)) {
    changed = (await deleteChild(deps, cj, job)) || changed;
  }
  return changed;
}

/** formatSchedule: the schedule with the CronJob's timeZone as a TZ= prefix (a TZ already in the schedule wins, with a warning). */
export function formatSchedule(cj: KubeObject, deps?: CronJobSyncDeps): string {
  const schedule = String(cj.spec?.schedule ?? '');
  if (schedule.includes('TZ')) {
    deps?.event(
      cj,
      'Warning',
      'UnsupportedSchedule',
      `CRON_TZ or TZ used in schedule ${JSON.stringify(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`,
    );
    return schedule;
  }
  const tz = cj.spec?.timeZone;
  return tz != null && isKnownZone(tz) ? `TZ=${tz} ${schedule}` : schedule;
}

/** Reconciles status.active with the Jobs the CronJob owns (step 1 of syncCronJob). */
async function reconcileActive(deps: CronJobSyncDeps, cj: KubeObject, jobs: KubeObject[]): Promise<{ cj: KubeObject; changed: boolean }> {
  let changed = false;
  const children = new Set<string>();
  for (const j of jobs) {
    children.add(j.metadata.uid!);
    const found = inActiveList(cj, j.metadata.uid);
    const finished = finishedType(j);
    if (!found && !finished) {
      const fresh = await deps.getCronJob(cj.metadata.namespace!, cj.metadata.name!);
      if (inActiveList(fresh, j.metadata.uid)) {
        cj = fresh;
        continue;
      }
      deps.event(cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
    } else if (found && finished) {
      deleteFromActiveList(cj, j.metadata.uid);
      deps.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, status: ${finished}`);
      changed = true;
    } else if (finished === 'Complete') {
      const done = Date.parse(j.status?.completionTime ?? '');
      const last = Date.parse(cj.status?.lastSuccessfulTime ?? '');
      if (Number.isFinite(done) && (!Number.isFinite(last) || done > last)) {
        cj.status = { ...(cj.status ?? {}), lastSuccessfulTime: j.status.completionTime };
        changed = true;
      }
    }
  }
  for (const ref of activeRefs(cj)) {
    if (children.has(ref.uid ?? '')) {
      continue;
    }
    try {
      await deps.getJob(ref.namespace ?? cj.metadata.namespace!, ref.name ?? '');
    } catch (err) {
      if (!deps.isNotFound(err)) {
        throw err;
      }
      deps.event(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
      deleteFromActiveList(cj, ref.uid);
      changed = true;
    }
  }
  return { cj, changed };
}

/** Go's time.RFC1123Z of an instant in UTC. */
function rfc1123z(ms: number): string {
  const d = new Date(ms);
  const [wd, day, mon, year, time] = d.toUTCString().replace(',', '').split(' ');
  return `${wd}, ${day} ${mon} ${year} ${time} +0000`;
}

/**
 * syncCronJob on a copy of the CronJob (mutated in place; the caller writes its status): starts
 * the Job due now, honouring suspend, startingDeadlineSeconds and concurrencyPolicy.
 */
export async function syncCronJob(deps: CronJobSyncDeps, input: KubeObject, jobs: KubeObject[]): Promise<CronJobSyncResult & { cj: KubeObject }> {
  const now = deps.now().getTime();
  const active = await reconcileActive(deps, input, jobs);
  const cj = active.cj;
  let updateStatus = active.changed;
  const done = (r: Partial<CronJobSyncResult> = {}): CronJobSyncResult & { cj: KubeObject } => ({ cj, updateStatus, ...r });
  const tz = cj.spec?.timeZone;
  if (cj.metadata.deletionTimestamp) {
    return done();
  }
  if (tz != null && !isKnownZone(tz)) {
    deps.event(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: unknown time zone ${tz}`);
    return done();
  }
  if (cj.spec?.suspend === true) {
    return done();
  }
  let schedule: Schedule;
  try {
    schedule = parseSchedule(formatSchedule(cj, deps), localZone());
  } catch (err) {
    deps.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec?.schedule)} : ${deps.errorText(err)}`);
    return done();
  }
  const due = dueScheduleTime(cj, now, schedule);
  if (due.tooManyMissed) {
    deps.event(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
  }
  if (due.error !== undefined) {
    deps.event(cj, 'Warning', 'InvalidSchedule', `invalid schedule: ${cj.spec?.schedule} : ${due.error}`);
    return done();
  }
  const later = (): CronJobSyncResult & { cj: KubeObject } => done({ requeueMs: nextScheduleDelay(cj, now, schedule) });
  if (due.time === undefined) {
    return later();
  }
  const scheduled = due.time;
  const sds = cj.spec?.startingDeadlineSeconds;
  if (sds != null && scheduled + sds * 1000 < now) {
    deps.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
    return later();
  }
  if (inActiveListByName(cj, jobName(cj, scheduled)) || Date.parse(cj.status?.lastScheduleTime ?? '') === scheduled) {
    return later();
  }
  const policy = cj.spec?.concurrencyPolicy;
  if (policy === 'Forbid' && activeRefs(cj).length > 0) {
    deps.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
    return later();
  }
  if (policy === 'Replace') {
    for (const ref of [...activeRefs(cj)]) {
      let job: KubeObject;
      try {
        job = await deps.getJob(ref.namespace ?? cj.metadata.namespace!, ref.name ?? '');
      } catch (err) {
        deps.event(cj, 'Warning', 'FailedGet', `Get job: ${deps.errorText(err)}`);
        return done({ error: err });
      }
      if (!(await deleteChild(deps, cj, job))) {
        return done({ error: new Error(`could not replace job ${job.metadata.namespace}/${job.metadata.name}`) });
      }
      updateStatus = true;
    }
  }
  const request = jobFromTemplate(cj, scheduled);
  let created: KubeObject;
  try {
    created = await deps.createJob(request);
    deps.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`);
  } catch (err) {
    if (deps.isNamespaceTerminating(err)) {
      return done({ error: err });
    }
    if (!deps.isAlreadyExists(err)) {
      deps.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${deps.errorText(err)}`);
      return done({ error: err });
    }
    created = await deps.getJob(cj.metadata.namespace!, request.metadata.name!);
    if (controllerRef(created)?.uid !== cj.metadata.uid || inActiveList(cj, created.metadata.uid)) {
      return done();
    }
  }
  cj.status = { ...(cj.status ?? {}), active: [...activeRefs(cj), jobReference(created)], lastScheduleTime: rfc3339(new Date(scheduled)) };
  updateStatus = true;
  return later();
}
