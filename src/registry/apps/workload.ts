import type { FieldError } from 'src/registry/generic/object';
import type { LabelSelector, MetaLabelSelector } from 'src/registry/generic/label-selector';
import { compileLabelSelector, validateLabelSelector } from 'src/registry/generic/label-selector-validation';
import { validatePodTemplateSpec } from 'src/registry/core/validation/pod-spec';
import { forbidden, invalid, isValidPercent, notSupported, required, validateNonnegativeField } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/apps/validation/validation.go: the selector and template checks
// shared by deployments, replicasets, statefulsets and daemonsets (ValidatePodTemplateSpecForReplicaSet,
// ValidatePositiveIntOrPercent, IsNotMoreThan100Percent).

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** The result of checking spec.selector: errors, and the compiled selector when it converts. */
export interface SelectorCheck {
  errors: FieldError[];
  selector?: LabelSelector;
}

/**
 * spec.selector of a workload: required, valid, not empty (`empty selector is invalid for <kind>`),
 * and convertible to a selector (else `invalidDetail`).
 */
export function checkSelector(sel: MetaLabelSelector | undefined | null, kindWord: string, invalidDetail: string): SelectorCheck {
  const errors: FieldError[] = [];
  if (sel == null) {
    errors.push(required('spec.selector'));
  } else {
    errors.push(...validateLabelSelector(sel, 'spec.selector'));
    if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) {
      errors.push(invalid('spec.selector', sel, `empty selector is invalid for ${kindWord}`));
    }
  }
  const selector = compileLabelSelector(sel);
  if (!selector) {
    errors.push(invalid('spec.selector', sel, invalidDetail));
  }
  return { errors, selector };
}

/** `selector` does not match template `labels` (a selector that matches everything is not checked). */
export function templateLabelsError(selector: LabelSelector | undefined, template: Obj | undefined, field: string): FieldError[] {
  const labels = template?.metadata?.labels;
  if (selector && !selector.empty && !selector(labels ?? {})) {
    return [invalid(`${field}.metadata.labels`, labels ?? null, '`selector` does not match template `labels`')];
  }
  return [];
}

/**
 * ValidatePodTemplateSpecForReplicaSet (and the DaemonSet equivalent): the pod template, and
 * pods that restart Always without an activeDeadlineSeconds.
 */
export function validateWorkloadTemplate(template: Obj | undefined, field: string, controller: string): FieldError[] {
  const errs = validatePodTemplateSpec(template, field);
  const spec = template?.spec ?? {};
  if (spec.restartPolicy !== 'Always') {
    errs.push(notSupported(`${field}.spec.restartPolicy`, spec.restartPolicy ?? '', ['Always']));
  }
  if (spec.activeDeadlineSeconds != null) {
    errs.push(forbidden(`${field}.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${controller} is not Supported`));
  }
  return errs;
}

/** The number an int-or-percent stands for (0 when it is neither), as getIntOrPercentValue. */
export function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') {
    return v;
  }
  if (typeof v === 'string') {
    if (isValidPercent(v).length === 0) {
      return Number(v.slice(0, -1));
    }
    return /^-?\d+$/.test(v) ? Number(v) : 0;
  }
  return 0;
}

/** ValidatePositiveIntOrPercent: a percent string or a non-negative integer. */
export function validatePositiveIntOrPercent(v: unknown, field: string): FieldError[] {
  if (typeof v === 'string') {
    return isValidPercent(v).map((m) => invalid(field, v, m));
  }
  if (typeof v === 'number') {
    return validateNonnegativeField(v, field);
  }
  return [invalid(field, v ?? null, "must be an integer or percentage (e.g '5%%')")];
}

/** IsNotMoreThan100Percent: percentages above 100% are refused. */
export function notMoreThan100Percent(v: unknown, field: string): FieldError[] {
  return typeof v === 'string' && isValidPercent(v).length === 0 && Number(v.slice(0, -1)) > 100 ? [invalid(field, v, 'must not be greater than 100%')] : [];
}
