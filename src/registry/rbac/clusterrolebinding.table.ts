import { bindingTable } from 'src/registry/rbac/rolebinding.table';

// Semantics: kubernetes pkg/printers/internalversion/printers.go clusterRoleBindingsColumnDefinitions
// and printClusterRoleBinding (ROLE described by rbac/v1beta1 ClusterRoleBinding roleRef).

/** How `kubectl get clusterrolebindings` prints: NAME ROLE AGE; wide USERS GROUPS SERVICEACCOUNTS. */
export const clusterrolebindingTable = bindingTable(
  'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.',
  'clusterRoleBinding',
);
