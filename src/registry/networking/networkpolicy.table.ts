import { age } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { formatLabelSelector } from 'src/registry/generic/label-selector.table';
import { AGE_COLUMN, column, NAME_COLUMN } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go networkPolicyColumnDefinitioins
// (POD-SELECTOR described by extensions/v1beta1 NetworkPolicySpec podSelector) and printNetworkPolicy.

/** How `kubectl get networkpolicies` prints: NAME POD-SELECTOR AGE (`<none>` selects every pod). */
export const networkpolicyTable: TableDefinition<KubeObject> = {
  columns: [
    NAME_COLUMN,
    column(
      'Pod-Selector',
      'Selects the pods to which this NetworkPolicy object applies. The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods. In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace.',
    ),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [obj.metadata.name, formatLabelSelector(obj.spec?.podSelector ?? {}), age(obj.metadata.creationTimestamp, now)],
};
