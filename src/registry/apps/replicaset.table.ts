import { age } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { containerCells, containersColumn, imagesColumn } from 'src/registry/core/podtemplate.table';
import { formatLabelSelector } from 'src/registry/generic/label-selector.table';
import { AGE_COLUMN, column, NAME_COLUMN, wideColumn } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go replicaSetColumnDefinitions and
// printReplicaSet (descriptions from extensions/v1beta1 ReplicaSetSpec / ReplicaSetStatus docs).

/** How `kubectl get replicasets` prints: NAME DESIRED CURRENT READY AGE; wide CONTAINERS IMAGES SELECTOR. */
export const replicasetTable: TableDefinition<KubeObject> = {
  columns: [
    NAME_COLUMN,
    column(
      'Desired',
      'Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset',
      'integer',
    ),
    column(
      'Current',
      'Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset',
      'integer',
    ),
    column('Ready', 'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.', 'integer'),
    AGE_COLUMN,
    containersColumn(1),
    imagesColumn(1),
    wideColumn(
      'Selector',
      'Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
    ),
  ],
  cells: (obj, now) => [
    obj.metadata.name,
    obj.spec?.replicas ?? 0,
    obj.status?.replicas ?? 0,
    obj.status?.readyReplicas ?? 0,
    age(obj.metadata.creationTimestamp, now),
    ...containerCells(obj.spec?.template),
    formatLabelSelector(obj.spec?.selector),
  ],
};
