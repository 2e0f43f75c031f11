import type { KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { controllerrevisionTable } from 'src/registry/apps/controllerrevision.table';
import { required, validateImmutableField, validateNonnegativeField } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/apps/validation ValidateControllerRevision(Update).

/** apps/v1 controllerrevisions: immutable snapshots of workload templates. */
export const controllerrevision = defineResource<KubeObject>({
  group: 'apps',
  version: 'v1',
  kind: 'ControllerRevision',
  plural: 'controllerrevisions',
  singular: 'controllerrevision',
  namespaced: true,
  table: controllerrevisionTable,
  validate(obj) {
    return [...(obj.data == null ? [required('data', 'data is mandatory')] : []), ...validateNonnegativeField(obj.revision, 'revision')];
  },
  validateUpdate(obj, old) {
    return [
      ...(obj.data == null ? [required('data', 'data is mandatory')] : []),
      ...validateNonnegativeField(obj.revision, 'revision'),
      ...validateImmutableField(obj.data, old.data, 'data'),
    ];
  },
});
