import { age } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { AGE_COLUMN, column, NAME_COLUMN } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go serviceCIDRColumnDefinitions and printServiceCIDR.

/** How `kubectl get servicecidrs` prints: NAME CIDRS AGE. */
export const servicecidrTable: TableDefinition<KubeObject> = {
  columns: [
    NAME_COLUMN,
    column(
      'CIDRs',
      'CIDRs defines the IP blocks in CIDR notation (e.g. "192.168.0.0/24" or "2001:db8::/64") from which to assign service cluster IPs. Max of two CIDRs is allowed, one of each IP family. This field is immutable.',
    ),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [obj.metadata.name, (obj.spec?.cidrs ?? []).join(','), age(obj.metadata.creationTimestamp, now)],
};
