import { age } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { AGE_COLUMN, column, NAME_COLUMN } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go leaseColumnDefinitions and printLease.

/** How `kubectl get leases` prints: NAME HOLDER AGE (HOLDER empty when nobody holds it). */
export const leaseTable: TableDefinition<KubeObject> = {
  columns: [
    NAME_COLUMN,
    column(
      'Holder',
      'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.',
    ),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [obj.metadata.name, obj.spec?.holderIdentity ?? '', age(obj.metadata.creationTimestamp, now)],
};
