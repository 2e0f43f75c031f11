import { age } from 'src/apiserver/table/human-duration';
import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { AGE_COLUMN, column, NAME_COLUMN, wideColumn } from 'src/registry/generic/object-meta.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go roleBindingsColumnDefinitions,
// printRoleBinding and pkg/apis/rbac/helpers.go SubjectsStrings (service accounts as ns/name).

/** A JSON object as stored. */
type Obj = Record<string, any>;

/** SubjectsStrings: users, groups and service accounts of a binding, each joined with `, `. */
export function subjectCells(subjects: Obj[] | undefined): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of subjects ?? []) {
    if (s?.kind === 'ServiceAccount') {
      sas.push(`${s.namespace ?? ''}/${s.name ?? ''}`);
    } else if (s?.kind === 'User') {
      users.push(s.name ?? '');
    } else if (s?.kind === 'Group') {
      groups.push(s.name ?? '');
    }
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

/**
 * The binding table: NAME ROLE AGE; wide USERS GROUPS SERVICEACCOUNTS. `word` is how upstream's
 * descriptions name the kind (`roleBinding`, `clusterRoleBinding`).
 */
export function bindingTable(roleDescription: string, word: string): TableDefinition<KubeObject> {
  return {
    columns: [
      NAME_COLUMN,
      column('Role', roleDescription),
      AGE_COLUMN,
      wideColumn('Users', `Users in the ${word}`),
      wideColumn('Groups', `Groups in the ${word}`),
      wideColumn('ServiceAccounts', `ServiceAccounts in the ${word}`),
    ],
    cells: (obj, now) => [
      obj.metadata.name,
      `${obj.roleRef?.kind ?? ''}/${obj.roleRef?.name ?? ''}`,
      age(obj.metadata.creationTimestamp, now),
      ...subjectCells(obj.subjects),
    ],
  };
}

/** How `kubectl get rolebindings` prints (ROLE described by rbac/v1beta1 RoleBinding roleRef). */
export const rolebindingTable = bindingTable(
  'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.',
  'roleBinding',
);
