import { age } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { AGE_COLUMN, column, NAME_COLUMN } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go endpointSliceColumnDefinitions,
// printEndpointSlice, formatDiscoveryPorts, formatDiscoveryEndpoints and listWithMoreString.

/** A JSON object as stored. */
type Obj = Record<string, any>;

const SHOWN = 3;

/** Up to three items joined by commas, `+ N more...` past them, `<unset>` for none. */
function listWithMore(items: string[]): string {
  if (items.length > SHOWN) {
    return `${items.slice(0, SHOWN).join(',')} + ${items.length - SHOWN} more...`;
  }
  return items.length === 0 ? '<unset>' : items.join(',');
}

/** The PORTS cell: each port's number, else its name, else `*`. */
export function formatDiscoveryPorts(ports: Obj[] | null | undefined): string {
  return listWithMore((ports ?? []).map((p) => (p.port != null ? String(p.port) : (p.name ?? '*'))));
}

/** The ENDPOINTS cell: every address of every endpoint. */
export function formatDiscoveryEndpoints(endpoints: Obj[] | null | undefined): string {
  return listWithMore((endpoints ?? []).flatMap((e) => (e.addresses ?? []) as string[]));
}

/** How `kubectl get endpointslices` prints: NAME ADDRESSTYPE PORTS ENDPOINTS AGE. */
export const endpointsliceTable: TableDefinition<KubeObject> = {
  columns: [
    NAME_COLUMN,
    column(
      'AddressType',
      'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.',
    ),
    column(
      'Ports',
      'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.',
    ),
    column('Endpoints', 'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.'),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [
    obj.metadata.name,
    String(obj.addressType ?? ''),
    formatDiscoveryPorts(obj.ports),
    formatDiscoveryEndpoints(obj.endpoints),
    age(obj.metadata.creationTimestamp, now),
  ],
};
