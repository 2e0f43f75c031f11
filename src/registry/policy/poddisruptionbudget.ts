import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { poddisruptionbudgetTable } from 'src/registry/policy/poddisruptionbudget.table';
import { notMoreThan100Percent, validatePositiveIntOrPercent } from 'src/registry/apps/workload';
import { validateLabelSelector } from 'src/registry/generic/label-selector-validation';
import { invalid, notSupported, validateNonnegativeField } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/registry/policy/poddisruptionbudget/strategy.go (status reset on
// create, generation 1 and bumped by spec changes; the spec is mutable in policy/v1) and
// pkg/apis/policy/validation ValidatePodDisruptionBudgetSpec / ValidatePodDisruptionBudgetStatusUpdate.
// policy/v1 has no defaults for PodDisruptionBudget.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

/** PodDisruptionBudgetStatus{}: the four counters have no omitempty, so Go writes them as 0. */
export function emptyStatus(): Obj {
  return { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
}

/** The spec as an error value: JSON of the internal policy.PodDisruptionBudgetSpec (Go field names). */
function goSpec(s: Obj): Obj {
  return {
    MinAvailable: s.minAvailable ?? null,
    Selector: s.selector ?? null,
    MaxUnavailable: s.maxUnavailable ?? null,
    UnhealthyPodEvictionPolicy: s.unhealthyPodEvictionPolicy ?? null,
  };
}

/** ValidatePodDisruptionBudgetSpec: one of minAvailable / maxUnavailable, each a count or a percentage up to 100%. */
export function validatePodDisruptionBudgetSpec(spec: Obj | undefined): FieldError[] {
  const s: Obj = spec ?? {};
  const errs: FieldError[] = [];
  if (s.minAvailable != null && s.maxUnavailable != null) {
    errs.push(invalid('spec', goSpec(s), 'minAvailable and maxUnavailable cannot be both set'));
  }
  for (const key of ['minAvailable', 'maxUnavailable']) {
    if (s[key] != null) {
      errs.push(...validatePositiveIntOrPercent(s[key], `spec.${key}`), ...notMoreThan100Percent(s[key], `spec.${key}`));
    }
  }
  errs.push(...validateLabelSelector(s.selector, 'spec.selector'));
  if (s.unhealthyPodEvictionPolicy != null && !EVICTION_POLICIES.includes(s.unhealthyPodEvictionPolicy)) {
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', s.unhealthyPodEvictionPolicy, EVICTION_POLICIES));
  }
  return errs;
}

/** The non-negative counters ValidatePodDisruptionBudgetStatusUpdate checks for policy/v1. */
function validateStatus(status: Obj | undefined): FieldError[] {
  const st: Obj = status ?? {};
  return ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'].flatMap((k) => validateNonnegativeField(st[k], `status.${k}`));
}

/** policy/v1 poddisruptionbudgets. */
export const poddisruptionbudget = defineResource<KubeObject>({
  group: 'policy',
  version: 'v1',
  kind: 'PodDisruptionBudget',
  plural: 'poddisruptionbudgets',
  singular: 'poddisruptionbudget',
  namespaced: true,
  table: poddisruptionbudgetTable,
  shortNames: ['pdb'],
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  tracksGeneration: true,
  prepareForCreate(obj) {
    obj.status = emptyStatus();
  },
  validate: (obj) => validatePodDisruptionBudgetSpec(obj.spec),
  validateUpdate: (obj) => [...validatePodDisruptionBudgetSpec(obj.spec), ...validateStatus(obj.status)],
});
