import { age } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { AGE_COLUMN, column, NAME_COLUMN } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go podDisruptionBudgetColumnDefinitions
// and printPodDisruptionBudget (an IntOrString prints as its number or its percentage string).

/** An int-or-percent as IntOrString.String() renders it, `N/A` when unset. */
function intOrString(v: unknown): string {
  return v == null ? 'N/A' : String(v);
}

/** How `kubectl get pdb` prints: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE. */
export const poddisruptionbudgetTable: TableDefinition<KubeObject> = {
  columns: [
    NAME_COLUMN,
    column('Min Available', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', 'integer'),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [
    obj.metadata.name,
    intOrString(obj.spec?.minAvailable),
    intOrString(obj.spec?.maxUnavailable),
    obj.status?.disruptionsAllowed ?? 0,
    age(obj.metadata.creationTimestamp, now),
  ],
};
