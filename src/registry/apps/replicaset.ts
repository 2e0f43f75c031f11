import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { replicasetTable } from 'src/registry/apps/replicaset.table';
import { defaultPodTemplateSpec } from 'src/registry/core/defaults/pod-spec';
import { checkSelector, templateLabelsError, validateWorkloadTemplate } from 'src/registry/apps/workload';
import { validateImmutableField, validateNonnegativeField } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/apps/v1/defaults.go SetDefaults_ReplicaSet,
// pkg/registry/apps/replicaset/strategy.go and pkg/apis/apps/validation ValidateReplicaSetSpec.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

function validateSpec(spec: Obj | undefined): FieldError[] {
  const s: Obj = spec ?? {};
  const errs = [...validateNonnegativeField(s.replicas, 'spec.replicas'), ...validateNonnegativeField(s.minReadySeconds, 'spec.minReadySeconds')];
  // Upstream shares the Deployment wording here.
  const sel = checkSelector(s.selector, 'deployment', 'invalid label selector');
  errs.push(...sel.errors);
  if (sel.selector) {
    errs.push(...templateLabelsError(sel.selector, s.template, 'spec.template'));
    errs.push(...validateWorkloadTemplate(s.template, 'spec.template', 'ReplicaSet'));
  }
  return errs;
}

/** apps/v1 replicasets. */
export const replicaset = defineResource<KubeObject>({
  group: 'apps',
  version: 'v1',
  kind: 'ReplicaSet',
  plural: 'replicasets',
  singular: 'replicaset',
  namespaced: true,
  table: replicasetTable,
  shortNames: ['rs'],
  categories: ['all'],
  subresources: [
    { name: 'scale', kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
    { name: 'status', verbs: ['get', 'patch', 'update'] },
  ],
  tracksGeneration: true,
  defaults(obj) {
    const s: Obj = (obj.spec ??= {});
    s.replicas ??= 1;
    defaultPodTemplateSpec((s.template ??= {}));
  },
  prepareForCreate(obj) {
    obj.status = { replicas: 0 };
  },
  validate: (obj) => validateSpec(obj.spec),
  validateUpdate: (obj, old) => [...validateSpec(obj.spec), ...validateImmutableField(obj.spec?.selector, old.spec?.selector, 'spec.selector')],
  selectableFields: {
    'status.replicas': (rs) => String(rs.status?.replicas ?? 0),
  },
});
