import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { rbacName } from 'src/registry/rbac/path-segment';
import { normalizeRules, validateRules } from 'src/registry/rbac/policy-rule';
import { compileLabelSelector, validateLabelSelector } from 'src/registry/generic/label-selector-validation';
import { invalid, required } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/registry/rbac/clusterrole/strategy.go and pkg/apis/rbac/validation
// ValidateClusterRole (rules plus the aggregationRule's selectors). The aggregation controller
// that fills rules from selected roles is not part of kubepg yet.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

function validateClusterRole(role: KubeObject): FieldError[] {
  const errs = validateRules(role.rules, false);
  const rule: Obj | undefined = role.aggregationRule;
  if (rule != null) {
    const selectors: Obj[] = rule.clusterRoleSelectors ?? [];
    if (selectors.length === 0) {
      errs.push(required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    }
    selectors.forEach((sel, i) => {
      const path = `aggregationRule.clusterRoleSelectors[${i}]`;
      errs.push(...validateLabelSelector(sel, path));
      if (!compileLabelSelector(sel)) {
        errs.push(invalid(path, sel, 'invalid label selector.'));
      }
    });
  }
  return errs;
}

/** rbac.authorization.k8s.io/v1 clusterroles. */
export const clusterrole = defineResource<KubeObject>({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'ClusterRole',
  plural: 'clusterroles',
  singular: 'clusterrole',
  namespaced: false,
  nameValidator: rbacName,
  defaults: normalizeRules,
  validate: validateClusterRole,
  validateUpdate: validateClusterRole,
});
