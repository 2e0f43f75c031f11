import { age } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { AGE_COLUMN, column, NAME_COLUMN } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go ingressColumnDefinitions,
// printIngress, formatHosts, formatPorts and ingressLoadBalancerStatusStringer (never clipped:
// the apiserver prints wide).

/** A JSON object as stored. */
type Obj = Record<string, any>;

/** formatHosts: the first three non-empty hosts, `+ N more...` after them, `*` when there are none. */
export function formatHosts(rules: Obj[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const rule of rules ?? []) {
    if (list.length === max) {
      more = true;
    }
    if (!more && rule?.host) {
      list.push(rule.host);
    }
  }
  if (list.length === 0) {
    return '*';
  }
  return more ? `${list.join(',')} + ${(rules ?? []).length - max} more...` : list.join(',');
}

/** The ADDRESS cell: load-balancer IPs (or hostnames), de-duplicated and sorted. */
export function ingressAddresses(obj: KubeObject): string {
  const found = new Set<string>();
  for (const ing of (obj.status?.loadBalancer?.ingress ?? []) as Obj[]) {
    if (ing?.ip) {
      found.add(ing.ip);
    } else if (ing?.hostname) {
      found.add(ing.hostname);
    }
  }
  return [...found].sort().join(',');
}

/** How `kubectl get ingresses` prints: NAME CLASS HOSTS ADDRESS PORTS AGE. */
export const ingressTable: TableDefinition<KubeObject> = {
  columns: [
    NAME_COLUMN,
    column('Class', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'Ports of TLS configurations that open'),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [
    obj.metadata.name,
    obj.spec?.ingressClassName ?? '<none>',
    formatHosts(obj.spec?.rules),
    ingressAddresses(obj),
    (obj.spec?.tls ?? []).length > 0 ? '80, 443' : '80',
    age(obj.metadata.creationTimestamp, now),
  ],
};
