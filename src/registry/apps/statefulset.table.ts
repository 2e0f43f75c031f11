import { age } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { containerCells, containersColumn, imagesColumn } from 'src/registry/core/podtemplate.table';
import { AGE_COLUMN, column, NAME_COLUMN } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go statefulSetColumnDefinitions and printStatefulSet.

/** How `kubectl get statefulsets` prints: NAME READY AGE; wide CONTAINERS IMAGES. */
export const statefulsetTable: TableDefinition<KubeObject> = {
  columns: [NAME_COLUMN, column('Ready', 'Number of the pod with ready state'), AGE_COLUMN, containersColumn(1), imagesColumn(1)],
  cells: (obj, now) => [
    obj.metadata.name,
    `${obj.status?.readyReplicas ?? 0}/${obj.spec?.replicas ?? 0}`,
    age(obj.metadata.creationTimestamp, now),
    ...containerCells(obj.spec?.template),
  ],
};
