import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { statefulsetTable } from 'src/registry/apps/statefulset.table';
import { defaultPersistentVolumeClaimSpec, defaultPodTemplateSpec } from 'src/registry/core/defaults/pod-spec';
import { checkSelector, intOrPercentValue, notMoreThan100Percent, templateLabelsError, validatePositiveIntOrPercent } from 'src/registry/apps/workload';
import {
  forbidden,
  invalid,
  jsonEqual,
  nameIsDNSLabel,
  notSupported,
  required,
  validateAnnotations,
  validateImmutableField,
  validateLabels,
  validateNonnegativeField,
} from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/apps/v1/defaults.go SetDefaults_StatefulSet (and the claim
// template defaults of zz_generated.defaults.go), pkg/registry/apps/statefulset/strategy.go and
// pkg/apis/apps/validation ValidateStatefulSetSpec / ValidateStatefulSetUpdate. Upstream does not
// validate the pod spec of a StatefulSet template, only its labels and annotations.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** SetDefaults_StatefulSet plus template and claim template defaults. */
export function defaultStatefulSet(sts: KubeObject): void {
  const s: Obj = (sts.spec ??= {});
  s.podManagementPolicy ||= 'OrderedReady';
  s.updateStrategy ??= {};
  if (!s.updateStrategy.type) {
    s.updateStrategy.type = 'RollingUpdate';
    s.updateStrategy.rollingUpdate ??= {};
  }
  if (s.updateStrategy.type === 'RollingUpdate' && s.updateStrategy.rollingUpdate && s.updateStrategy.rollingUpdate.partition == null) {
    s.updateStrategy.rollingUpdate.partition = 0;
  }
  s.persistentVolumeClaimRetentionPolicy ??= {};
  s.persistentVolumeClaimRetentionPolicy.whenDeleted ||= 'Retain';
  s.persistentVolumeClaimRetentionPolicy.whenScaled ||= 'Retain';
  s.replicas ??= 1;
  s.revisionHistoryLimit ??= 10;
  // serviceName has no omitempty in apps/v1, so an unset one reads back as "".
  s.serviceName ??= '';
  defaultPodTemplateSpec((s.template ??= {}));
  for (const claim of s.volumeClaimTemplates ?? []) {
    claim.metadata ??= {};
    defaultPersistentVolumeClaimSpec((claim.spec ??= {}));
    claim.status = { ...(claim.status ?? {}), phase: claim.status?.phase || 'Pending' };
  }
}

/** The internal strategy struct upstream renders in its error values. */
function goStrategy(st: Obj): Obj {
  const ru = st.rollingUpdate;
  return { Type: st.type ?? '', RollingUpdate: ru ? { Partition: ru.partition ?? 0, MaxUnavailable: ru.maxUnavailable ?? null } : null };
}

function validateUpdateStrategy(st: Obj | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const type = st?.type ?? '';
  if (type === '') {
    errs.push(required('spec.updateStrategy'));
  } else if (type === 'OnDelete') {
    if (st!.rollingUpdate != null) {
      errs.push(invalid('spec.updateStrategy.rollingUpdate', goStrategy(st!).RollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"));
    }
  } else if (type === 'RollingUpdate') {
    const ru = st!.rollingUpdate;
    if (ru != null) {
      const path = 'spec.updateStrategy.rollingUpdate';
      errs.push(...validateNonnegativeField(ru.partition, `${path}.partition`));
      if (ru.maxUnavailable != null) {
        errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${path}.maxUnavailable`));
        if (intOrPercentValue(ru.maxUnavailable) === 0) {
          errs.push(invalid(`${path}.maxUnavailable`, ru.maxUnavailable, 'cannot be 0'));
        }
        errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${path}.maxUnavailable`));
      }
    }
  } else {
    errs.push(invalid('spec.updateStrategy', goStrategy(st!), "must be 'RollingUpdate' or 'OnDelete'"));
  }
  return errs;
}

/** ValidateStatefulSetSpec. */
export function validateStatefulSetSpec(spec: Obj | undefined): FieldError[] {
  const s: Obj = spec ?? {};
  const errs: FieldError[] = [];
  const pmp = s.podManagementPolicy ?? '';
  if (pmp === '') {
    errs.push(required('spec.podManagementPolicy'));
  } else if (!['OrderedReady', 'Parallel'].includes(pmp)) {
    errs.push(invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
  }
  errs.push(...validateUpdateStrategy(s.updateStrategy));
  for (const key of ['whenDeleted', 'whenScaled']) {
    const policy = s.persistentVolumeClaimRetentionPolicy;
    if (policy && !['Retain', 'Delete'].includes(policy[key])) {
      errs.push(notSupported(`spec.persistentVolumeClaimRetentionPolicy.${key}`, policy[key] ?? '', ['Retain', 'Delete']));
    }
  }
  errs.push(...validateNonnegativeField(s.replicas, 'spec.replicas'));
  errs.push(...validateNonnegativeField(s.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateNonnegativeField(s.ordinals?.start, 'spec.ordinals.start'));
  const sel = checkSelector(s.selector, 'statefulset', '');
  errs.push(...sel.errors);
  if (sel.selector) {
    errs.push(...templateLabelsError(sel.selector, s.template, 'spec.template'));
    errs.push(...validateLabels(s.template?.metadata?.labels, 'spec.template.labels'));
    errs.push(...validateAnnotations(s.template?.metadata?.annotations, 'spec.template.annotations'));
  }
  if (s.template?.spec?.restartPolicy !== 'Always') {
    errs.push(notSupported('spec.template.spec.restartPolicy', s.template?.spec?.restartPolicy ?? '', ['Always']));
  }
  if (s.template?.spec?.activeDeadlineSeconds != null) {
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  }
  return errs;
}

const UPDATABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

/** apps/v1 statefulsets (names are DNS labels: they become pod hostnames). */
export const statefulset = defineResource<KubeObject>({
  group: 'apps',
  version: 'v1',
  kind: 'StatefulSet',
  plural: 'statefulsets',
  singular: 'statefulset',
  namespaced: true,
  table: statefulsetTable,
  shortNames: ['sts'],
  categories: ['all'],
  subresources: [
    { name: 'scale', kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
    { name: 'status', verbs: ['get', 'patch', 'update'] },
  ],
  nameValidator: nameIsDNSLabel,
  tracksGeneration: true,
  defaults: defaultStatefulSet,
  prepareForCreate(obj) {
    obj.status = { replicas: 0, availableReplicas: 0 };
  },
  validate: (obj) => validateStatefulSetSpec(obj.spec),
  validateUpdate(obj, old) {
    const errs = validateStatefulSetSpec(obj.spec);
    const rest = (s: Obj | undefined) => Object.fromEntries(Object.entries(s ?? {}).filter(([k]) => !UPDATABLE.includes(k)));
    if (!jsonEqual(rest(obj.spec), rest(old.spec))) {
      errs.push(
        forbidden(
          'spec',
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ),
      );
    }
    return [...errs, ...validateImmutableField(obj.spec?.selector, old.spec?.selector, 'spec.selector')];
  },
});
