import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL } from 'src/registry/batch/job-labels';
import { validatePodFailurePolicy, validatePodReplacementPolicy, validateSuccessPolicy } from 'src/registry/batch/job-policies';
import { isDomainPrefixedPath } from 'src/registry/networking/formats';
import { validatePodTemplateSpec } from 'src/registry/core/validation/pod-spec';
import { compileLabelSelector, validateLabelSelector } from 'src/registry/generic/label-selector-validation';
import {
  invalid,
  isDNS1123Label,
  jsonEqual,
  notSupported,
  required,
  tooLong,
  validateImmutableField,
  validateNonnegativeField,
} from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/batch/validation/validation.go (1.35): validateGeneratedSelector,
// ValidateJob, ValidateJobSpec, validateJobSpec, ValidateJobSpecUpdate, validatePodTemplateUpdate,
// validateCompletions (ElasticIndexedJob is GA) and the non-negative counters of validateJobStatus;
// pkg/registry/batch/job/strategy.go validationOptionsForJob decides which relaxations apply.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

const MAX_PARALLELISM_INDEXED = 100000;
const MAX_FAILED_INDEXES = 100000;
const COMPLETIONS_SOFT_LIMIT = 100000;
const PARALLELISM_LIMIT_HIGH_COMPLETIONS = 10000;
const MAX_FAILED_INDEXES_HIGH_COMPLETIONS = 10000;
const MAX_MANAGED_BY_LENGTH = 63;

/** ValidateHasLabel: `<field>.labels[<key>]` must be `expected`. */
function hasLabel(meta: Obj | undefined, field: string, key: string, expected: string): FieldError[] {
  const labels: Record<string, string> | undefined = meta?.labels;
  if (!labels || !(key in labels)) {
    return [required(`${field}.labels[${key}]`, `must be '${expected}'`)];
  }
  return labels[key] === expected ? [] : [invalid(`${field}.labels[${key}]`, labels, `must be '${expected}'`)];
}

/** validateGeneratedSelector: with an automatic selector, the template carries the generated labels and the selector selects them. */
function validateGeneratedSelector(job: KubeObject, requirePrefixedLabels: boolean): FieldError[] {
  const s: Obj = job.spec ?? {};
  if (s.manualSelector === true || s.selector == null) {
    return [];
  }
  const errs: FieldError[] = [];
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  if (!uid) {
    errs.push(required('metadata.uid'));
  }
  const meta = s.template?.metadata;
  const path = 'spec.template.metadata';
  errs.push(...hasLabel(meta, path, LEGACY_CONTROLLER_UID_LABEL, uid), ...hasLabel(meta, path, LEGACY_JOB_NAME_LABEL, name));
  const expected: Record<string, string> = {};
  if (requirePrefixedLabels) {
    errs.push(...hasLabel(meta, path, CONTROLLER_UID_LABEL, uid), ...hasLabel(meta, path, JOB_NAME_LABEL, name));
    expected[CONTROLLER_UID_LABEL] = uid;
    expected[JOB_NAME_LABEL] = name;
  }
  expected[LEGACY_CONTROLLER_UID_LABEL] = uid;
  expected[LEGACY_JOB_NAME_LABEL] = name;
  const selector = compileLabelSelector(s.selector);
  if (selector && !selector(expected)) {
    errs.push(invalid('spec.selector', s.selector, '`selector` not auto-generated'));
  }
  return errs;
}

function validateIndexedSpec(s: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (s.completions == null) {
    errs.push(required(`${path}.completions`, 'when completion mode is Indexed'));
  }
  if (s.parallelism != null && s.parallelism > MAX_PARALLELISM_INDEXED) {
    errs.push(invalid(`${path}.parallelism`, s.parallelism, `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`));
  }
  if (s.completions != null && s.maxFailedIndexes != null && s.maxFailedIndexes > s.completions) {
    errs.push(invalid(`${path}.maxFailedIndexes`, s.maxFailedIndexes, 'must be less than or equal to completions'));
  }
  if (s.maxFailedIndexes != null && s.maxFailedIndexes > MAX_FAILED_INDEXES) {
    errs.push(invalid(`${path}.maxFailedIndexes`, s.maxFailedIndexes, `must be less than or equal to ${MAX_FAILED_INDEXES}`));
  }
  if (s.completions != null && s.completions > COMPLETIONS_SOFT_LIMIT && s.backoffLimitPerIndex != null) {
    const why = `when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`;
    if (s.maxFailedIndexes == null) {
      errs.push(required(`${path}.maxFailedIndexes`, `must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`));
    }
    if (s.parallelism != null && s.parallelism > PARALLELISM_LIMIT_HIGH_COMPLETIONS) {
      errs.push(invalid(`${path}.parallelism`, s.parallelism, `must be less than or equal to ${PARALLELISM_LIMIT_HIGH_COMPLETIONS} ${why}`));
    }
    if (s.maxFailedIndexes != null && s.maxFailedIndexes > MAX_FAILED_INDEXES_HIGH_COMPLETIONS) {
      errs.push(invalid(`${path}.maxFailedIndexes`, s.maxFailedIndexes, `must be less than or equal to ${MAX_FAILED_INDEXES_HIGH_COMPLETIONS} ${why}`));
    }
  }
  return errs;
}

/** validateJobSpec (unexported upstream): everything a JobSpec must satisfy, in a Job or a jobTemplate. */
export function validateJobSpecFields(spec: Obj | undefined, path: string): FieldError[] {
  const s: Obj = spec ?? {};
  const errs: FieldError[] = [];
  for (const key of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex']) {
    errs.push(...validateNonnegativeField(s[key], `${path}.${key}`));
  }
  if (s.maxFailedIndexes != null) {
    errs.push(...validateNonnegativeField(s.maxFailedIndexes, `${path}.maxFailedIndexes`));
    if (s.backoffLimitPerIndex == null) {
      errs.push(required(`${path}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'));
    }
  }
  if (s.managedBy != null) {
    errs.push(...isDomainPrefixedPath(`${path}.managedBy`, String(s.managedBy)));
    if (String(s.managedBy).length > MAX_MANAGED_BY_LENGTH) {
      errs.push(tooLong(`${path}.managedBy`, MAX_MANAGED_BY_LENGTH));
    }
  }
  const mode = s.completionMode;
  if (mode != null && mode !== 'NonIndexed' && mode !== 'Indexed') {
    errs.push(notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
  }
  if (mode === 'Indexed') {
    errs.push(...validateIndexedSpec(s, path));
  }
  if (mode == null || mode === 'NonIndexed') {
    for (const key of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
      if (s[key] != null) {
        errs.push(invalid(`${path}.${key}`, s[key], 'requires indexed completion mode'));
      }
    }
  }
  if (s.podFailurePolicy != null) {
    errs.push(...validatePodFailurePolicy(s, `${path}.podFailurePolicy`));
  }
  if (s.successPolicy != null) {
    if ((mode ?? 'NonIndexed') !== 'Indexed') {
      errs.push(invalid(`${path}.successPolicy`, s.successPolicy, 'requires indexed completion mode'));
    } else {
      errs.push(...validateSuccessPolicy(s, `${path}.successPolicy`));
    }
  }
  errs.push(...validatePodReplacementPolicy(s, `${path}.podReplacementPolicy`));
  errs.push(...validatePodTemplateSpec(s.template, `${path}.template`));
  const restartPolicy = s.template?.spec?.restartPolicy ?? '';
  const rp = `${path}.template.spec.restartPolicy`;
  if (restartPolicy === 'Always' || restartPolicy === '') {
    errs.push(required(rp, 'valid values: "OnFailure", "Never"'));
  } else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    errs.push(notSupported(rp, restartPolicy, ['OnFailure', 'Never']));
  } else if (s.podFailurePolicy != null && restartPolicy !== 'Never') {
    errs.push(invalid(rp, restartPolicy, 'only "Never" is supported when podFailurePolicy is specified'));
  }
  return errs;
}

/** ValidateJobSpec: the fields, a valid selector, and a template the selector matches. */
function validateJobSpec(spec: Obj | undefined): FieldError[] {
  const s: Obj = spec ?? {};
  const errs = validateJobSpecFields(s, 'spec');
  if (s.selector == null) {
    errs.push(required('spec.selector'));
  } else {
    errs.push(...validateLabelSelector(s.selector, 'spec.selector'));
  }
  const selector = compileLabelSelector(s.selector);
  if (selector && !selector(s.template?.metadata?.labels ?? {})) {
    errs.push(invalid('spec.template.metadata.labels', s.template?.metadata?.labels ?? null, '`selector` does not match template `labels`'));
  }
  return errs;
}

/** ValidateJob: generated selector, spec, and pod hostnames that an Indexed job will produce. */
export function validateJob(job: KubeObject, requirePrefixedLabels: boolean): FieldError[] {
  const errs = [...validateGeneratedSelector(job, requirePrefixedLabels), ...validateJobSpec(job.spec)];
  const s: Obj = job.spec ?? {};
  if (s.completionMode === 'Indexed' && s.completions > 0) {
    const hostname = `${job.metadata.name}-${s.completions - 1}`;
    if (isDNS1123Label(hostname).length > 0) {
      errs.push(invalid('metadata.name', job.metadata.name, `will not able to create pod with invalid DNS label: ${hostname}`));
    }
  }
  return errs;
}

/**
 * validatePodTemplateUpdate: the template is immutable, except that a suspended Job that never
 * started may change its scheduling directives (node affinity, node selector, tolerations,
 * scheduling gates) and its template labels and annotations.
 */
function validateTemplateUpdate(spec: Obj, old: Obj, mutableScheduling: boolean): FieldError[] {
  const template: Obj = spec.template ?? {};
  let oldTemplate: Obj = old.template ?? {};
  if (mutableScheduling) {
    oldTemplate = structuredClone(oldTemplate);
    const ns: Obj = template.spec ?? {};
    const os: Obj = (oldTemplate.spec ??= {});
    if (ns.affinity == null && os.affinity != null) {
      delete os.affinity.nodeAffinity;
      if (Object.keys(os.affinity).every((k) => os.affinity[k] == null)) {
        delete os.affinity;
      }
    } else if (ns.affinity != null && os.affinity == null) {
      os.affinity = { nodeAffinity: ns.affinity.nodeAffinity };
    } else if (ns.affinity != null && os.affinity != null) {
      os.affinity.nodeAffinity = ns.affinity.nodeAffinity;
    }
    os.nodeSelector = ns.nodeSelector;
    os.tolerations = ns.tolerations;
    os.schedulingGates = ns.schedulingGates;
    oldTemplate.metadata = { ...(oldTemplate.metadata ?? {}), annotations: template.metadata?.annotations, labels: template.metadata?.labels };
  }
  return validateImmutableField(template, oldTemplate, 'spec.template');
}

/** validateCompletions: immutable, except on Indexed jobs when changed in tandem with parallelism. */
function validateCompletionsUpdate(spec: Obj, old: Obj): FieldError[] {
  if (spec.completionMode !== 'Indexed') {
    return validateImmutableField(spec.completions, old.completions, 'spec.completions');
  }
  if (jsonEqual(spec.completions ?? null, old.completions ?? null) || spec.completions == null) {
    return [];
  }
  return spec.completions !== spec.parallelism ? [invalid('spec.completions', spec.completions, 'can only be modified in tandem with spec.parallelism')] : [];
}

/** ValidateJob + ValidateJobSpecUpdate with the relaxations validationOptionsForJob grants from the old object. */
export function validateJobUpdate(job: KubeObject, old: KubeObject): FieldError[] {
  const s: Obj = job.spec ?? {};
  const o: Obj = old.spec ?? {};
  const oldLabels = o.template?.metadata?.labels ?? {};
  const requirePrefixed = JOB_NAME_LABEL in oldLabels && CONTROLLER_UID_LABEL in oldLabels;
  const mutableScheduling = o.suspend === true && old.status?.startTime == null;
  return [
    // Upstream validates the spec twice (ValidateJob and ValidateJobSpecUpdate); the message de-duplicates them.
    ...validateJob(job, requirePrefixed),
    ...validateCompletionsUpdate(s, o),
    ...validateImmutableField(s.selector, o.selector, 'spec.selector'),
    ...validateTemplateUpdate(s, o, mutableScheduling),
    ...validateImmutableField(s.completionMode, o.completionMode, 'spec.completionMode'),
    ...validateImmutableField(s.podFailurePolicy, o.podFailurePolicy, 'spec.podFailurePolicy'),
    ...validateImmutableField(s.backoffLimitPerIndex, o.backoffLimitPerIndex, 'spec.backoffLimitPerIndex'),
    ...validateImmutableField(s.managedBy, o.managedBy, 'spec.managedBy'),
    ...validateImmutableField(s.successPolicy, o.successPolicy, 'spec.successPolicy'),
  ];
}

/** The counters of validateJobStatus: active, succeeded, failed, ready and terminating are never negative. */
export function validateJobStatus(status: Obj | undefined): FieldError[] {
  const st: Obj = status ?? {};
  return ['active', 'succeeded', 'failed', 'ready', 'terminating'].flatMap((k) => validateNonnegativeField(st[k], `status.${k}`));
}
