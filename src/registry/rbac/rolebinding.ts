import type { KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { rolebindingTable } from 'src/registry/rbac/rolebinding.table';
import { rbacName } from 'src/registry/rbac/path-segment';
import { defaultBinding, validateBinding, validateBindingUpdate } from 'src/registry/rbac/role-binding-rules';

// Semantics: kubernetes pkg/registry/rbac/rolebinding/strategy.go and pkg/apis/rbac/validation
// ValidateRoleBinding / ValidateRoleBindingUpdate (roleRef may name a Role or a ClusterRole).

/** rbac.authorization.k8s.io/v1 rolebindings. */
export const rolebinding = defineResource<KubeObject>({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'RoleBinding',
  plural: 'rolebindings',
  singular: 'rolebinding',
  namespaced: true,
  table: rolebindingTable,
  nameValidator: rbacName,
  defaults: defaultBinding,
  validate: (obj) => validateBinding(obj, true),
  validateUpdate: (obj, old) => validateBindingUpdate(obj, old, true),
});
