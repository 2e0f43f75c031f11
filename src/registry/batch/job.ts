import type { KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { jobTable } from 'src/registry/batch/job.table';
import { validateJob, validateJobStatus, validateJobUpdate } from 'src/registry/batch/job-validation';
import { CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL } from 'src/registry/batch/job-labels';
import { defaultPodTemplateSpec } from 'src/registry/core/defaults/pod-spec';

// Semantics: kubernetes pkg/apis/batch/v1/defaults.go SetDefaults_Job (and the per-type defaults
// zz_generated.defaults.go applies inside a JobSpec), pkg/registry/batch/job/strategy.go
// (generateSelector, status cleared on create, generation bumped by spec changes, status.successful
// as a field selector). The labels copy of SetDefaults_Job shares the template's label map in Go,
// and defaulting runs again on every read, so a Job without labels always shows its template's
// labels, generated ones included; prepareForCreate reproduces that.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

const MAX_INT32 = 2147483647;

/** The defaults that apply to every JobSpec, standalone or in a CronJob's jobTemplate. */
export function defaultJobSpecTypes(spec: Obj): void {
  for (const rule of spec.podFailurePolicy?.rules ?? []) {
    for (const pattern of rule?.onPodConditions ?? []) {
      pattern.status ||= 'True';
    }
  }
  defaultPodTemplateSpec((spec.template ??= {}));
}

/** Jobs whose labels defaulting took from the template: in Go both share one map until stored. */
const sharesTemplateLabels = new WeakSet<KubeObject>();

/** A Job without labels takes its pod template's labels (SetDefaults_Job). */
function copyTemplateLabels(job: KubeObject): void {
  const labels = job.spec?.template?.metadata?.labels;
  if (labels && Object.keys(labels).length > 0 && Object.keys(job.metadata.labels ?? {}).length === 0) {
    job.metadata.labels = { ...labels };
    sharesTemplateLabels.add(job);
  }
}

/**
 * SetDefaults_Job: completions and parallelism 1 when both are unset, backoffLimit 6 (MaxInt32
 * with backoffLimitPerIndex), NonIndexed, not suspended, TerminatingOrFailed replacement (Failed
 * with a podFailurePolicy), manualSelector false.
 */
export function defaultJob(job: KubeObject): void {
  const s: Obj = (job.spec ??= {});
  if (s.completions == null && s.parallelism == null) {
    s.completions = 1;
  }
  s.parallelism ??= 1;
  s.backoffLimit ??= s.backoffLimitPerIndex != null ? MAX_INT32 : 6;
  s.completionMode ??= 'NonIndexed';
  s.suspend ??= false;
  s.podReplacementPolicy ??= s.podFailurePolicy != null ? 'Failed' : 'TerminatingOrFailed';
  s.manualSelector ??= false;
  defaultJobSpecTypes(s);
  copyTemplateLabels(job);
}

function sortedMap(m: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(m)
      .sort()
      .map((k) => [k, m[k]]),
  );
}

/**
 * generateSelector: labels the pod template with the job's name and uid (both spellings) unless
 * the user set them, and selects on batch.kubernetes.io/controller-uid. Conflicting user values
 * are left for validation to reject.
 */
export function generateSelector(job: KubeObject): void {
  const s: Obj = (job.spec ??= {});
  const meta: Obj = ((s.template ??= {}).metadata ??= {});
  const labels: Record<string, string> = { ...(meta.labels ?? {}) };
  const name = job.metadata.name ?? '';
  const uid = job.metadata.uid ?? '';
  for (const [key, value] of [
    [LEGACY_JOB_NAME_LABEL, name],
    [JOB_NAME_LABEL, name],
    [LEGACY_CONTROLLER_UID_LABEL, uid],
    [CONTROLLER_UID_LABEL, uid],
  ]) {
    if (!(key in labels)) {
      labels[key] = value;
    }
  }
  meta.labels = sortedMap(labels);
  s.selector ??= {};
  s.selector.matchLabels ??= {};
  if (!(CONTROLLER_UID_LABEL in s.selector.matchLabels)) {
    s.selector.matchLabels[CONTROLLER_UID_LABEL] = uid;
  }
}

/** batch/v1 jobs. */
export const job = defineResource<KubeObject>({
  group: 'batch',
  version: 'v1',
  kind: 'Job',
  orphanByDefault: true,
  plural: 'jobs',
  singular: 'job',
  namespaced: true,
  table: jobTable,
  categories: ['all'],
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  tracksGeneration: true,
  defaults: defaultJob,
  prepareForCreate(obj) {
    obj.status = {};
    if (obj.spec?.manualSelector !== true) {
      generateSelector(obj);
    }
    if (sharesTemplateLabels.has(obj)) {
      obj.metadata.labels = { ...obj.spec.template.metadata.labels };
    }
    copyTemplateLabels(obj);
  },
  validate: (obj) => validateJob(obj, true),
  validateUpdate: (obj, old) => [...validateJobUpdate(obj, old), ...validateJobStatus(obj.status)],
  selectableFields: {
    'status.successful': (obj) => String(obj.status?.succeeded ?? 0),
  },
});
