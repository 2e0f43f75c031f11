import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { replicationcontrollerTable } from 'src/registry/core/replicationcontroller.table';
import { defaultPodTemplateSpec } from 'src/registry/core/defaults/pod-spec';
import { validatePodTemplateSpec } from 'src/registry/core/validation/pod-spec';
import { forbidden, invalid, notSupported, required, validateNonnegativeField } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/core/v1/defaults.go SetDefaults_ReplicationController (+default
// replicas 1), pkg/registry/core/replicationcontroller/strategy.go and pkg/apis/core/validation
// ValidateReplicationControllerSpec / ValidatePodTemplateSpecForRC.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

function validateSpec(spec: Obj | undefined): FieldError[] {
  const s: Obj = spec ?? {};
  const selector: Record<string, string> = s.selector ?? {};
  const errs = validateNonnegativeField(s.minReadySeconds, 'spec.minReadySeconds');
  if (Object.keys(selector).length === 0) {
    errs.push(required('spec.selector'));
  }
  errs.push(...validateNonnegativeField(s.replicas, 'spec.replicas'));
  const template: Obj | undefined = s.template;
  if (template == null) {
    errs.push(required('spec.template'));
    return errs;
  }
  const labels: Record<string, string> = template.metadata?.labels ?? {};
  if (Object.keys(selector).length > 0 && Object.entries(selector).some(([k, v]) => labels[k] !== v)) {
    errs.push(invalid('spec.template.metadata.labels', template.metadata?.labels ?? null, '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  if (template.spec?.restartPolicy !== 'Always') {
    errs.push(notSupported('spec.template.spec.restartPolicy', template.spec?.restartPolicy ?? '', ['Always']));
  }
  if (template.spec?.activeDeadlineSeconds != null) {
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in ReplicationController is not Supported'));
  }
  return errs;
}

/** core/v1 replicationcontrollers: selector and labels default to the template's labels. */
export const replicationcontroller = defineResource<KubeObject>({
  group: '',
  version: 'v1',
  kind: 'ReplicationController',
  orphanByDefault: true,
  plural: 'replicationcontrollers',
  singular: 'replicationcontroller',
  namespaced: true,
  table: replicationcontrollerTable,
  shortNames: ['rc'],
  categories: ['all'],
  subresources: [
    { name: 'scale', kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
    { name: 'status', verbs: ['get', 'patch', 'update'] },
  ],
  tracksGeneration: true,
  defaults(obj) {
    const s: Obj = (obj.spec ??= {});
    const labels = s.template?.metadata?.labels;
    if (labels) {
      if (!Object.keys(s.selector ?? {}).length) {
        s.selector = { ...labels };
      }
      if (!Object.keys(obj.metadata.labels ?? {}).length) {
        obj.metadata.labels = { ...labels };
      }
    }
    s.replicas ??= 1;
    if (s.template) {
      defaultPodTemplateSpec(s.template);
    }
  },
  prepareForCreate(obj) {
    obj.status = { replicas: 0 };
  },
  validate: (obj) => validateSpec(obj.spec),
  validateUpdate: (obj) => validateSpec(obj.spec),
  selectableFields: {
    'status.replicas': (rc) => String(rc.status?.replicas ?? 0),
  },
});
