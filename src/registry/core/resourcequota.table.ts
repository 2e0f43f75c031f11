import { age } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { quantityString } from 'src/registry/core/persistentvolume.table';
import { AGE_COLUMN, column, NAME_COLUMN } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go resourceQuotaColumnDefinitions and
// printResourceQuota (status.hard keys sorted; `limits.*` go to LIMIT, everything else to REQUEST).

/** The REQUEST and LIMIT cells: `name: used/hard` for every hard limit, comma-separated. */
function quotaCells(obj: KubeObject): [string, string] {
  const hard: Record<string, unknown> = obj.status?.hard ?? {};
  const used: Record<string, unknown> = obj.status?.used ?? {};
  const request: string[] = [];
  const limit: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const parts = name.split('.');
    const target = parts.length > 1 && parts[0] === 'limits' ? limit : request;
    target.push(`${name}: ${quantityString(used[name])}/${quantityString(hard[name])}`);
  }
  return [request.join(', '), limit.join(', ')];
}

/** How `kubectl get resourcequotas` prints: NAME REQUEST LIMIT AGE. */
export const resourcequotaTable: TableDefinition<KubeObject> = {
  columns: [
    NAME_COLUMN,
    column('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column('Limit', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [obj.metadata.name, ...quotaCells(obj), age(obj.metadata.creationTimestamp, now)],
};
