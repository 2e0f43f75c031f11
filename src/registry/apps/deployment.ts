import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { deploymentTable } from 'src/registry/apps/deployment.table';
import { defaultPodTemplateSpec } from 'src/registry/core/defaults/pod-spec';
import { checkSelector, intOrPercentValue, notMoreThan100Percent, templateLabelsError, validatePositiveIntOrPercent, validateWorkloadTemplate } from 'src/registry/apps/workload';
import { forbidden, invalid, jsonEqual, notSupported, required, validateImmutableField, validateNonnegativeField } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/apps/v1/defaults.go SetDefaults_Deployment,
// pkg/registry/apps/deployment/strategy.go (status cleared on create, generation also bumped by
// annotation changes, selector immutable in apps/v1) and pkg/apis/apps/validation
// ValidateDeploymentSpec / ValidateDeploymentStrategy / ValidateRollingUpdateDeployment.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** SetDefaults_Deployment: 1 replica, RollingUpdate 25%/25%, 10 revisions, 600 s deadline. */
export function defaultDeployment(d: KubeObject): void {
  const s: Obj = (d.spec ??= {});
  s.replicas ??= 1;
  s.strategy ??= {};
  s.strategy.type ||= 'RollingUpdate';
  if (s.strategy.type === 'RollingUpdate') {
    s.strategy.rollingUpdate ??= {};
    s.strategy.rollingUpdate.maxUnavailable ??= '25%';
    s.strategy.rollingUpdate.maxSurge ??= '25%';
  }
  s.revisionHistoryLimit ??= 10;
  s.progressDeadlineSeconds ??= 600;
  defaultPodTemplateSpec((s.template ??= {}));
}

/** The internal DeploymentStrategy as upstream renders it in an Unsupported value error. */
function goStrategy(strategy: Obj): Obj {
  const ru = strategy.rollingUpdate;
  return { Type: strategy.type ?? '', RollingUpdate: ru ? { MaxUnavailable: ru.maxUnavailable ?? 0, MaxSurge: ru.maxSurge ?? 0 } : null };
}

function validateStrategy(strategy: Obj | undefined): FieldError[] {
  const st: Obj = strategy ?? {};
  const errs: FieldError[] = [];
  if (st.type === 'Recreate') {
    if (st.rollingUpdate != null) {
      errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
    }
  } else if (st.type === 'RollingUpdate') {
    const ru = st.rollingUpdate;
    if (ru == null) {
      errs.push(required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'));
    } else {
      const path = 'spec.strategy.rollingUpdate';
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${path}.maxUnavailable`));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${path}.maxSurge`));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(invalid(`${path}.maxUnavailable`, ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'));
      }
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${path}.maxUnavailable`));
    }
  } else {
    errs.push(notSupported('spec.strategy', goStrategy(st), ['Recreate', 'RollingUpdate']));
  }
  return errs;
}

/** ValidateDeploymentSpec. */
export function validateDeploymentSpec(spec: Obj | undefined): FieldError[] {
  const s: Obj = spec ?? {};
  const errs = validateNonnegativeField(s.replicas, 'spec.replicas');
  const sel = checkSelector(s.selector, 'deployment', 'invalid label selector');
  errs.push(...sel.errors);
  if (sel.selector) {
    errs.push(...templateLabelsError(sel.selector, s.template, 'spec.template'));
    errs.push(...validateWorkloadTemplate(s.template, 'spec.template', 'ReplicaSet'));
  }
  errs.push(...validateStrategy(s.strategy));
  errs.push(...validateNonnegativeField(s.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateNonnegativeField(s.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (s.progressDeadlineSeconds != null) {
    errs.push(...validateNonnegativeField(s.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0)) {
      errs.push(invalid('spec.progressDeadlineSeconds', s.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

/** apps/v1 deployments. */
export const deployment = defineResource<KubeObject>({
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  statusUpdatesMetadata: ['annotations'],
  plural: 'deployments',
  singular: 'deployment',
  namespaced: true,
  table: deploymentTable,
  shortNames: ['deploy'],
  categories: ['all'],
  subresources: [
    { name: 'scale', kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
    { name: 'status', verbs: ['get', 'patch', 'update'] },
  ],
  tracksGeneration: true,
  defaults: defaultDeployment,
  prepareForCreate(obj) {
    obj.status = {};
  },
  prepareForUpdate(obj, old) {
    // Annotations are copied to ReplicaSets, so changing them is a new generation too.
    const specSame = jsonEqual(obj.spec, old.spec);
    if (specSame && !jsonEqual(obj.metadata.annotations ?? {}, old.metadata.annotations ?? {})) {
      obj.metadata.generation = (old.metadata.generation ?? 1) + 1;
    }
  },
  validate: (obj) => validateDeploymentSpec(obj.spec),
  validateUpdate(obj, old) {
    return [...validateDeploymentSpec(obj.spec), ...validateImmutableField(obj.spec?.selector, old.spec?.selector, 'spec.selector')];
  },
});
