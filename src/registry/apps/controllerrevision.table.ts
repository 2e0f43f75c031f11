import { age } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { AGE_COLUMN, column, NAME_COLUMN } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go controllerRevisionColumnDefinition,
// printControllerRevision and formatResourceName (metav1.GetControllerOf, schema.ParseGroupVersion).

/** The CONTROLLER cell: `kind.group/name` of the controlling owner, lower-cased kind, `<none>` without one. */
function controllerName(obj: KubeObject): string {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  if (!ref) {
    return '<none>';
  }
  const apiVersion = ref.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = ref.kind ?? '';
  if (kind === '' && group === '') {
    return ref.name;
  }
  return `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${ref.name}`;
}

/** How `kubectl get controllerrevisions` prints: NAME CONTROLLER REVISION AGE. */
export const controllerrevisionTable: TableDefinition<KubeObject> = {
  columns: [
    NAME_COLUMN,
    column('Controller', 'Controller of the object'),
    column('Revision', 'revision indicates the revision of the state represented by Data.'),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [obj.metadata.name, controllerName(obj), obj.revision ?? 0, age(obj.metadata.creationTimestamp, now)],
};
