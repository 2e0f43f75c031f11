import { age } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { AGE_COLUMN, column, NAME_COLUMN } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go namespaceColumnDefinitions and printNamespace.

/** How `kubectl get namespaces` prints: NAME STATUS AGE. */
export const namespaceTable: TableDefinition<KubeObject> = {
  columns: [NAME_COLUMN, column('Status', 'The status of the namespace'), AGE_COLUMN],
  cells: (obj, now) => [obj.metadata.name, obj.status?.phase ?? '', age(obj.metadata.creationTimestamp, now)],
};
