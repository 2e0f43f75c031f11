import type { KubeObject } from 'src/registry/generic/object';
import type { TableColumn, TableDefinition } from 'src/registry/generic/resource';
import { formatLabels } from 'src/registry/generic/label-selector.table';
import { NAME_COLUMN } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go printPodTemplate and
// layoutContainerCells (shared by every workload's wide CONTAINERS / IMAGES columns).

/** The CONTAINERS column of a pod template (wide-only on workloads). */
export function containersColumn(priority: number): TableColumn {
  return { name: 'Containers', type: 'string', description: 'Names of each container in the template.', priority };
}

/** The IMAGES column of a pod template (wide-only on workloads). */
export function imagesColumn(priority: number): TableColumn {
  return { name: 'Images', type: 'string', description: 'Images referenced by each container in the template.', priority };
}

/** The CONTAINERS and IMAGES cells of a pod template: names and images, each joined with commas. */
export function containerCells(template: { spec?: { containers?: { name?: string; image?: string }[] } } | null | undefined): [string, string] {
  const containers = template?.spec?.containers ?? [];
  return [containers.map((c) => c.name ?? '').join(','), containers.map((c) => c.image ?? '').join(',')];
}

/** How `kubectl get podtemplates` prints: NAME CONTAINERS IMAGES POD LABELS (no AGE). */
export const podtemplateTable: TableDefinition<KubeObject> = {
  columns: [NAME_COLUMN, containersColumn(0), imagesColumn(0), { name: 'Pod Labels', type: 'string', description: 'The labels for the pod template.' }],
  cells: (obj) => [obj.metadata.name, ...containerCells(obj.template), formatLabels(obj.template?.metadata?.labels)],
};
