import type { KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { clusterrolebindingTable } from 'src/registry/rbac/clusterrolebinding.table';
import { rbacName } from 'src/registry/rbac/path-segment';
import { defaultBinding, validateBinding, validateBindingUpdate } from 'src/registry/rbac/role-binding-rules';

// Semantics: kubernetes pkg/registry/rbac/clusterrolebinding/strategy.go and pkg/apis/rbac/validation
// ValidateClusterRoleBinding / ValidateClusterRoleBindingUpdate (ClusterRole only; service
// account subjects need a namespace).

/** rbac.authorization.k8s.io/v1 clusterrolebindings. */
export const clusterrolebinding = defineResource<KubeObject>({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'ClusterRoleBinding',
  plural: 'clusterrolebindings',
  singular: 'clusterrolebinding',
  namespaced: false,
  table: clusterrolebindingTable,
  nameValidator: rbacName,
  defaults: defaultBinding,
  validate: (obj) => validateBinding(obj, false),
  validateUpdate: (obj, old) => validateBindingUpdate(obj, old, false),
});
