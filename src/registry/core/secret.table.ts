import { age } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { AGE_COLUMN, column, NAME_COLUMN } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go secretColumnDefinitions and printSecret.

/** How `kubectl get secrets` prints: NAME TYPE DATA AGE. */
export const secretTable: TableDefinition<KubeObject> = {
  columns: [
    NAME_COLUMN,
    column(
      'Type',
      'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types',
    ),
    column(
      'Data',
      "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
    ),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [obj.metadata.name, obj.type ?? '', Object.keys(obj.data ?? {}).length, age(obj.metadata.creationTimestamp, now)],
};
