import { age } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { containerCells, containersColumn, imagesColumn } from 'src/registry/core/podtemplate.table';
import { formatLabelSelector } from 'src/registry/generic/label-selector.table';
import { AGE_COLUMN, column, NAME_COLUMN, wideColumn } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go cronJobColumnDefinitions
// (descriptions from batch/v1beta1 CronJobSpec / CronJobStatus docs), printCronJob and printBoolPtr.

/** printBoolPtr: `True`, `False` or `<unset>`. */
export function printBoolPtr(value: unknown): string {
  if (value == null) {
    return '<unset>';
  }
  return value ? 'True' : 'False';
}

/** How `kubectl get cronjobs` prints: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE; wide CONTAINERS IMAGES SELECTOR. */
export const cronjobTable: TableDefinition<KubeObject> = {
  columns: [
    NAME_COLUMN,
    column('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    column(
      'Timezone',
      'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones This is beta field and must be enabled via the `CronJobTimeZone` feature gate.',
    ),
    column(
      'Suspend',
      'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.',
      'boolean',
    ),
    column('Active', 'A list of pointers to currently running jobs.', 'integer'),
    column('Last Schedule', 'Information when was the last time the job was successfully scheduled.'),
    AGE_COLUMN,
    containersColumn(1),
    imagesColumn(1),
    wideColumn(
      'Selector',
      'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
    ),
  ],
  cells: (obj, now) => {
    const s = obj.spec ?? {};
    const lastSchedule = obj.status?.lastScheduleTime ? age(obj.status.lastScheduleTime, now) : '<none>';
    return [
      obj.metadata.name,
      s.schedule ?? '',
      s.timeZone ?? '<none>',
      printBoolPtr(s.suspend),
      (obj.status?.active ?? []).length,
      lastSchedule,
      age(obj.metadata.creationTimestamp, now),
      ...containerCells(s.jobTemplate?.spec?.template),
      formatLabelSelector(s.jobTemplate?.spec?.selector),
    ];
  },
};
