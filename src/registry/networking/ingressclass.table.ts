import { age } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { AGE_COLUMN, column, NAME_COLUMN } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go ingressClassColumnDefinitions and printIngressClass.

/** The PARAMETERS cell: `Kind[.apiGroup]/name`, `<none>` without parameters. */
export function ingressClassParameters(params: Record<string, any> | undefined): string {
  if (params == null) {
    return '<none>';
  }
  const kind = params.apiGroup != null ? `${params.kind ?? ''}.${params.apiGroup}` : (params.kind ?? '');
  return `${kind}/${params.name ?? ''}`;
}

/** How `kubectl get ingressclasses` prints: NAME CONTROLLER PARAMETERS AGE. */
export const ingressclassTable: TableDefinition<KubeObject> = {
  columns: [
    NAME_COLUMN,
    column('Controller', 'Controller that is responsible for handling this class'),
    column('Parameters', 'A reference to a resource with additional parameters'),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [obj.metadata.name, obj.spec?.controller ?? '', ingressClassParameters(obj.spec?.parameters), age(obj.metadata.creationTimestamp, now)],
};
