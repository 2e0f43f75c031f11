import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { cronjobTable } from 'src/registry/batch/cronjob.table';
import { cronScheduleError } from 'src/registry/batch/cron-schedule';
import { defaultJobSpecTypes } from 'src/registry/batch/job';
import { validateJobSpecFields } from 'src/registry/batch/job-validation';
import { validateTimeZone } from 'src/registry/batch/time-zone';
import { invalid, notSupported, required, validateNonnegativeField } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/batch/v1/defaults.go SetDefaults_CronJob (the jobTemplate's
// JobSpec gets only per-type defaults, not SetDefaults_Job), pkg/registry/batch/cronjob/strategy.go
// and pkg/apis/batch/validation ValidateCronJobCreate / ValidateCronJobUpdate /
// validateCronJobSpec / validateScheduleFormat / ValidateJobTemplateSpec (1.35).

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** Job names get an 11-character `-<timestamp>` suffix and must stay within 63. */
const MAX_CRONJOB_NAME_LENGTH = 52;

/** SetDefaults_CronJob: Allow, not suspended, keep 3 successful and 1 failed job. */
export function defaultCronJob(cj: KubeObject): void {
  const s: Obj = (cj.spec ??= {});
  s.concurrencyPolicy ||= 'Allow';
  s.suspend ??= false;
  s.successfulJobsHistoryLimit ??= 3;
  s.failedJobsHistoryLimit ??= 1;
  const jt: Obj = (s.jobTemplate ??= {});
  jt.metadata ??= {};
  if (jt.metadata.creationTimestamp === null) {
    delete jt.metadata.creationTimestamp;
  }
  defaultJobSpecTypes((jt.spec ??= {}));
}

/** validateScheduleFormat: what cron.ParseStandard accepts, and no TZ in the schedule (unless it had one before). */
export function validateSchedule(schedule: string, allowTZ: boolean, timeZone: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const err = cronScheduleError(schedule);
  if (err) {
    errs.push(invalid(field, schedule, err));
  }
  if (allowTZ && schedule.includes('TZ') && timeZone != null) {
    errs.push(invalid(field, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  } else if (!allowTZ && schedule.includes('TZ')) {
    errs.push(invalid(field, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  return errs;
}

/** ValidateJobTemplateSpec: a valid JobSpec whose selector is left to the Job strategy. */
function validateJobTemplate(jt: Obj | undefined): FieldError[] {
  const spec: Obj = jt?.spec ?? {};
  const errs = validateJobSpecFields(spec, 'spec.jobTemplate.spec');
  if (spec.selector != null) {
    errs.push(invalid('spec.jobTemplate.spec.selector', spec.selector, '`selector` will be auto-generated'));
  }
  if (spec.manualSelector === true) {
    errs.push(notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  }
  return errs;
}

/** validateCronJobSpec; `old` is the stored spec on update. */
export function validateCronJobSpec(spec: Obj | undefined, old: Obj | undefined): FieldError[] {
  const s: Obj = spec ?? {};
  const errs: FieldError[] = [];
  const schedule = String(s.schedule ?? '');
  if (schedule.length === 0) {
    errs.push(required('spec.schedule'));
  } else {
    errs.push(...validateSchedule(schedule, String(old?.schedule ?? '').includes('TZ'), s.timeZone, 'spec.schedule'));
  }
  errs.push(...validateNonnegativeField(s.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  if (old === undefined || (old.timeZone ?? null) !== (s.timeZone ?? null)) {
    errs.push(...validateTimeZone(s.timeZone, 'spec.timeZone'));
  }
  const policy = s.concurrencyPolicy ?? '';
  if (policy === '') {
    errs.push(required('spec.concurrencyPolicy'));
  } else if (!['Allow', 'Forbid', 'Replace'].includes(policy)) {
    errs.push(notSupported('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace']));
  }
  errs.push(...validateJobTemplate(s.jobTemplate));
  errs.push(...validateNonnegativeField(s.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errs.push(...validateNonnegativeField(s.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  return errs;
}

/** batch/v1 cronjobs. */
export const cronjob = defineResource<KubeObject>({
  group: 'batch',
  version: 'v1',
  kind: 'CronJob',
  plural: 'cronjobs',
  singular: 'cronjob',
  namespaced: true,
  table: cronjobTable,
  shortNames: ['cj'],
  categories: ['all'],
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  tracksGeneration: true,
  defaults: defaultCronJob,
  prepareForCreate(obj) {
    obj.status = {};
  },
  validate(obj) {
    const errs = validateCronJobSpec(obj.spec, undefined);
    const name = obj.metadata.name ?? '';
    if (name.length > MAX_CRONJOB_NAME_LENGTH) {
      errs.push(invalid('metadata.name', name, `must be no more than ${MAX_CRONJOB_NAME_LENGTH} characters`));
    }
    return errs;
  },
  validateUpdate: (obj, old) => validateCronJobSpec(obj.spec, old.spec ?? {}),
});
