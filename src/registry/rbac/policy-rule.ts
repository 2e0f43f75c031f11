import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { invalid, required } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/rbac/validation/validation.go ValidatePolicyRule, and how Go
// serializes rbac/v1 Role and ClusterRole: `rules` has no omitempty (an absent or empty list reads
// back as null after the etcd round trip), the lists inside a rule do, except `verbs`.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

const OMITEMPTY_RULE_LISTS = ['apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'];

/** Rules as kube-apiserver returns them: `rules: null` when there are none, empty lists dropped. */
export function normalizeRules(role: KubeObject): void {
  if (!Array.isArray(role.rules) || role.rules.length === 0) {
    role.rules = null;
    return;
  }
  for (const rule of role.rules as Obj[]) {
    for (const key of OMITEMPTY_RULE_LISTS) {
      if (Array.isArray(rule?.[key]) && rule[key].length === 0) {
        delete rule[key];
      }
    }
  }
}

/** ValidatePolicyRule: verbs required; either non-resource URLs (cluster roles only) or API groups and resources. */
export function validatePolicyRule(rule: Obj, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const count = (key: string): number => (Array.isArray(rule?.[key]) ? rule[key].length : 0);
  if (count('verbs') === 0) {
    errs.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
  }
  if (count('nonResourceURLs') > 0) {
    if (namespaced) {
      errs.push(invalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
    }
    if (count('apiGroups') > 0 || count('resources') > 0 || count('resourceNames') > 0) {
      errs.push(invalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (count('apiGroups') === 0) {
    errs.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  }
  if (count('resources') === 0) {
    errs.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  }
  return errs;
}

/** Every rule of a Role (namespaced) or ClusterRole. */
export function validateRules(rules: unknown, namespaced: boolean): FieldError[] {
  return (Array.isArray(rules) ? (rules as Obj[]) : []).flatMap((rule, i) => validatePolicyRule(rule ?? {}, namespaced, `rules[${i}]`));
}
