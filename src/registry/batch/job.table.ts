import { age, humanDuration } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { containerCells, containersColumn, imagesColumn } from 'src/registry/core/podtemplate.table';
import { formatLabelSelector } from 'src/registry/generic/label-selector.table';
import { AGE_COLUMN, column, NAME_COLUMN, wideColumn } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go jobColumnDefinitions, printJob
// and hasJobCondition (the first condition of a type decides), as of 1.35.

/** A JSON object as stored. */
type Obj = Record<string, any>;

/** Whether the first condition of this type is True. */
export function hasJobCondition(conditions: Obj[] | undefined, type: string): boolean {
  const c = (conditions ?? []).find((x) => x?.type === type);
  return c?.status === 'True';
}

/** The STATUS cell: Complete, Failed, Terminating, Suspended, FailureTarget or Running. */
function jobStatus(obj: KubeObject): string {
  const conditions: Obj[] | undefined = obj.status?.conditions;
  if (hasJobCondition(conditions, 'Complete')) {
    return 'Complete';
  }
  if (hasJobCondition(conditions, 'Failed')) {
    return 'Failed';
  }
  if (obj.metadata.deletionTimestamp) {
    return 'Terminating';
  }
  if (hasJobCondition(conditions, 'Suspended')) {
    return 'Suspended';
  }
  return hasJobCondition(conditions, 'FailureTarget') ? 'FailureTarget' : 'Running';
}

/** The COMPLETIONS cell: `succeeded/completions`, or `n/1 of <parallelism>` for work queues. */
function completions(obj: KubeObject): string {
  const succeeded = obj.status?.succeeded ?? 0;
  if (obj.spec?.completions != null) {
    return `${succeeded}/${obj.spec.completions}`;
  }
  const parallelism = obj.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** The DURATION cell: empty before the job starts, running time until it completes. */
function duration(obj: KubeObject, now: Date): string {
  const start = obj.status?.startTime;
  if (!start) {
    return '';
  }
  const end = obj.status?.completionTime ? Date.parse(obj.status.completionTime) : now.getTime();
  return humanDuration(end - Date.parse(start));
}

/** How `kubectl get jobs` prints: NAME STATUS COMPLETIONS DURATION AGE; wide CONTAINERS IMAGES SELECTOR. */
export const jobTable: TableDefinition<KubeObject> = {
  columns: [
    NAME_COLUMN,
    column('Status', 'Status of the job.'),
    column(
      'Completions',
      'The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.',
    ),
    column('Duration', 'Time required to complete the job.'),
    AGE_COLUMN,
    containersColumn(1),
    imagesColumn(1),
    wideColumn(
      'Selector',
      'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
    ),
  ],
  cells: (obj, now) => [
    obj.metadata.name,
    jobStatus(obj),
    completions(obj),
    duration(obj, now),
    age(obj.metadata.creationTimestamp, now),
    ...containerCells(obj.spec?.template),
    formatLabelSelector(obj.spec?.selector),
  ],
};
