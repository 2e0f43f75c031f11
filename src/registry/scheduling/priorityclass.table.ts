import { age } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { AGE_COLUMN, column, NAME_COLUMN } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go priorityClassColumnDefinitions and
// printPriorityClass (PREEMPTIONPOLICY is a default column, printed after AGE).

/** How `kubectl get priorityclasses` prints: NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY. */
export const priorityclassTable: TableDefinition<KubeObject> = {
  columns: [
    NAME_COLUMN,
    column(
      'Value',
      'value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.',
      'integer',
    ),
    column(
      'Global-Default',
      'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global default PriorityClasses will be used as the default priority.',
      'boolean',
    ),
    AGE_COLUMN,
    column(
      'PreemptionPolicy',
      'preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.',
    ),
  ],
  cells: (obj, now) => [obj.metadata.name, obj.value ?? 0, obj.globalDefault === true, age(obj.metadata.creationTimestamp, now), obj.preemptionPolicy ?? ''],
};
