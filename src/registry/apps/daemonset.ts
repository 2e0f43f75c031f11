import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { daemonsetTable } from 'src/registry/apps/daemonset.table';
import { defaultPodTemplateSpec } from 'src/registry/core/defaults/pod-spec';
import { intOrPercentValue, notMoreThan100Percent, validatePositiveIntOrPercent, validateWorkloadTemplate } from 'src/registry/apps/workload';
import { compileLabelSelector, validateLabelSelector } from 'src/registry/generic/label-selector-validation';
import { invalid, jsonEqual, notSupported, required, validateImmutableField, validateNonnegativeField } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/apps/v1/defaults.go SetDefaults_DaemonSet,
// pkg/registry/apps/daemonset/strategy.go (templateGeneration, kept in apps/v1 as the
// deprecated.daemonset.template.generation annotation) and pkg/apis/apps/validation
// ValidateDaemonSetSpec / ValidateRollingUpdateDaemonSet.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** Where apps/v1 keeps the internal spec.templateGeneration. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/** SetDefaults_DaemonSet: RollingUpdate with maxUnavailable 1 and maxSurge 0, 10 revisions. */
export function defaultDaemonSet(ds: KubeObject): void {
  const s: Obj = (ds.spec ??= {});
  s.updateStrategy ??= {};
  s.updateStrategy.type ||= 'RollingUpdate';
  if (s.updateStrategy.type === 'RollingUpdate') {
    s.updateStrategy.rollingUpdate ??= {};
    s.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
    s.updateStrategy.rollingUpdate.maxSurge ??= 0;
  }
  s.revisionHistoryLimit ??= 10;
  defaultPodTemplateSpec((s.template ??= {}));
}

function templateGeneration(ds: KubeObject): number {
  const n = Number(ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? 0);
  return Number.isInteger(n) ? n : 0;
}

function setTemplateGeneration(ds: KubeObject, n: number): void {
  ds.metadata.annotations = { ...(ds.metadata.annotations ?? {}), [TEMPLATE_GENERATION_ANNOTATION]: String(n) };
}

function validateStrategy(st: Obj | undefined): FieldError[] {
  const errs: FieldError[] = [];
  if (st?.type === 'OnDelete') {
    return errs;
  }
  if (st?.type !== 'RollingUpdate') {
    const ru = st?.rollingUpdate;
    const goRU = ru ? { MaxUnavailable: ru.maxUnavailable ?? 0, MaxSurge: ru.maxSurge ?? 0 } : null;
    return [notSupported('spec.updateStrategy', { Type: st?.type ?? '', RollingUpdate: goRU }, ['RollingUpdate', 'OnDelete'])];
  }
  const ru = st.rollingUpdate;
  const path = 'spec.updateStrategy.rollingUpdate';
  if (ru == null) {
    return [required(path)];
  }
  errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${path}.maxUnavailable`));
  errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${path}.maxSurge`));
  errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${path}.maxUnavailable`));
  errs.push(...notMoreThan100Percent(ru.maxSurge, `${path}.maxSurge`));
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) {
    errs.push(invalid(`${path}.maxSurge`, ru.maxSurge, 'may not be set when maxUnavailable is non-zero'));
  } else if (!hasUnavailable && !hasSurge) {
    errs.push(required(`${path}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  }
  return errs;
}

/** ValidateDaemonSetSpec. */
export function validateDaemonSetSpec(spec: Obj | undefined): FieldError[] {
  const s: Obj = spec ?? {};
  const errs = validateLabelSelector(s.selector, 'spec.selector');
  const selector = compileLabelSelector(s.selector);
  if (selector && !selector(s.template?.metadata?.labels ?? {})) {
    errs.push(invalid('spec.template.metadata.labels', s.template?.metadata?.labels ?? null, '`selector` does not match template `labels`'));
  }
  if (s.selector && Object.keys(s.selector.matchLabels ?? {}).length + (s.selector.matchExpressions ?? []).length === 0) {
    errs.push(invalid('spec.selector', s.selector, 'empty selector is invalid for daemonset'));
  }
  errs.push(...validateWorkloadTemplate(s.template, 'spec.template', 'DaemonSet'));
  errs.push(...validateNonnegativeField(s.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateStrategy(s.updateStrategy));
  errs.push(...validateNonnegativeField(s.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

/** apps/v1 daemonsets. */
export const daemonset = defineResource<KubeObject>({
  group: 'apps',
  version: 'v1',
  kind: 'DaemonSet',
  plural: 'daemonsets',
  singular: 'daemonset',
  namespaced: true,
  table: daemonsetTable,
  shortNames: ['ds'],
  categories: ['all'],
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  tracksGeneration: true,
  defaults: defaultDaemonSet,
  prepareForCreate(obj) {
    obj.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
    setTemplateGeneration(obj, Math.max(1, templateGeneration(obj)));
  },
  prepareForUpdate(obj, old) {
    const prev = templateGeneration(old);
    setTemplateGeneration(obj, jsonEqual(obj.spec?.template, old.spec?.template) ? prev : prev + 1);
  },
  validate: (obj) => validateDaemonSetSpec(obj.spec),
  validateUpdate: (obj, old) => [...validateDaemonSetSpec(obj.spec), ...validateImmutableField(obj.spec?.selector, old.spec?.selector, 'spec.selector')],
});
