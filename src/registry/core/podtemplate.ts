import type { KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { podtemplateTable } from 'src/registry/core/podtemplate.table';
import { defaultPodTemplateSpec } from 'src/registry/core/defaults/pod-spec';
import { validatePodTemplateSpec } from 'src/registry/core/validation/pod-spec';

// Semantics: kubernetes pkg/registry/core/podtemplate/strategy.go (generation 1 on create, +1 on
// template changes) and pkg/apis/core/validation ValidatePodTemplate.

/** core/v1 podtemplates: a named pod template, defaulted like every pod template. */
export const podtemplate = defineResource<KubeObject>({
  group: '',
  version: 'v1',
  kind: 'PodTemplate',
  plural: 'podtemplates',
  singular: 'podtemplate',
  namespaced: true,
  table: podtemplateTable,
  tracksGeneration: true,
  defaults(obj) {
    defaultPodTemplateSpec((obj.template ??= {}));
  },
  validate: (obj) => validatePodTemplateSpec(obj.template, 'template'),
  validateUpdate: (obj) => validatePodTemplateSpec(obj.template, 'template'),
});
