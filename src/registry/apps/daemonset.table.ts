import { age } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { containerCells, containersColumn, imagesColumn } from 'src/registry/core/podtemplate.table';
import { formatLabels, formatLabelSelector } from 'src/registry/generic/label-selector.table';
import { AGE_COLUMN, column, NAME_COLUMN, wideColumn } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go daemonSetColumnDefinitions and
// printDaemonSet (descriptions from extensions/v1beta1 DaemonSetStatus / DaemonSetSpec docs).

/** How `kubectl get daemonsets` prints: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE; wide CONTAINERS IMAGES SELECTOR. */
export const daemonsetTable: TableDefinition<KubeObject> = {
  columns: [
    NAME_COLUMN,
    column(
      'Desired',
      'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/',
      'integer',
    ),
    column(
      'Current',
      'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/',
      'integer',
    ),
    column('Ready', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.', 'integer'),
    column('Up-to-date', 'The total number of nodes that are running updated daemon pod', 'integer'),
    column(
      'Available',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)',
      'integer',
    ),
    column(
      'Node Selector',
      "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/",
    ),
    AGE_COLUMN,
    containersColumn(1),
    imagesColumn(1),
    wideColumn(
      'Selector',
      'A label query over pods that are managed by the daemon set. Must match in order to be controlled. If empty, defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
    ),
  ],
  cells: (obj, now) => [
    obj.metadata.name,
    obj.status?.desiredNumberScheduled ?? 0,
    obj.status?.currentNumberScheduled ?? 0,
    obj.status?.numberReady ?? 0,
    obj.status?.updatedNumberScheduled ?? 0,
    obj.status?.numberAvailable ?? 0,
    formatLabels(obj.spec?.template?.spec?.nodeSelector),
    age(obj.metadata.creationTimestamp, now),
    ...containerCells(obj.spec?.template),
    formatLabelSelector(obj.spec?.selector),
  ],
};
