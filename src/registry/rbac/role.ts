import type { KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { rbacName } from 'src/registry/rbac/path-segment';
import { normalizeRules, validateRules } from 'src/registry/rbac/policy-rule';

// Semantics: kubernetes pkg/registry/rbac/role/strategy.go and pkg/apis/rbac/validation
// ValidateRole / ValidateRoleUpdate. Stored and served only: RBAC is not enforced by kubepg.
// No printer upstream, so `kubectl get roles` shows the default NAME / CREATED AT columns.

/** rbac.authorization.k8s.io/v1 roles: namespaced rules (no non-resource URLs). */
export const role = defineResource<KubeObject>({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'Role',
  plural: 'roles',
  singular: 'role',
  namespaced: true,
  nameValidator: rbacName,
  defaults: normalizeRules,
  validate: (obj) => validateRules(obj.rules, true),
  validateUpdate: (obj) => validateRules(obj.rules, true),
});
