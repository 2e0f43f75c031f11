import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { column, NAME_COLUMN } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go ipAddressColumnDefinitions and printIPAddress.

/** The PARENTREF cell: `<resource>[.<group>][/<namespace>]/<name>`, lower-cased; `<none>` without one. */
export function ipAddressParentRef(ref: Record<string, any> | undefined): string {
  if (ref == null) {
    return '<none>';
  }
  const gr = String(ref.group ?? '') ? `${ref.resource ?? ''}.${ref.group}` : String(ref.resource ?? '');
  return `${gr.toLowerCase()}${ref.namespace ? `/${ref.namespace}` : ''}/${ref.name ?? ''}`;
}

/** How `kubectl get ipaddresses` prints: NAME PARENTREF. */
export const ipaddressTable: TableDefinition<KubeObject> = {
  columns: [
    NAME_COLUMN,
    column('ParentRef', 'ParentRef references the resource that an IPAddress is attached to. An IPAddress must reference a parent object.'),
  ],
  cells: (obj) => [obj.metadata.name, ipAddressParentRef(obj.spec?.parentRef)],
};
