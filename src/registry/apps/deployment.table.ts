import { age } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { containerCells, containersColumn, imagesColumn } from 'src/registry/core/podtemplate.table';
import { labelSelectorString } from 'src/registry/generic/label-selector.table';
import { AGE_COLUMN, column, NAME_COLUMN, wideColumn } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go deploymentColumnDefinitions and
// printDeployment (SELECTOR is the raw selector string, `<invalid>` when it does not parse).

/** How `kubectl get deployments` prints: NAME READY UP-TO-DATE AVAILABLE AGE; wide CONTAINERS IMAGES SELECTOR. */
export const deploymentTable: TableDefinition<KubeObject> = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'Number of the pod with ready state'),
    column('Up-to-date', 'Total number of non-terminating pods targeted by this deployment that have the desired template spec.'),
    column('Available', 'Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE_COLUMN,
    containersColumn(1),
    imagesColumn(1),
    wideColumn('Selector', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.'),
  ],
  cells: (obj, now) => [
    obj.metadata.name,
    `${obj.status?.readyReplicas ?? 0}/${obj.spec?.replicas ?? 0}`,
    obj.status?.updatedReplicas ?? 0,
    obj.status?.availableReplicas ?? 0,
    age(obj.metadata.creationTimestamp, now),
    ...containerCells(obj.spec?.template),
    labelSelectorString(obj.spec?.selector) ?? '<invalid>',
  ],
};
