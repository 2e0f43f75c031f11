import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { leaseTable } from 'src/registry/coordination/lease.table';
import { forbidden, invalid, isQualifiedName } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/registry/coordination/lease/strategy.go and
// pkg/apis/coordination/validation ValidateLeaseSpec (1.35).

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

function validateLeaseSpec(spec: Obj | undefined): FieldError[] {
  const s: Obj = spec ?? {};
  const errs: FieldError[] = [];
  if (s.leaseDurationSeconds != null && s.leaseDurationSeconds <= 0) {
    errs.push(invalid('spec.leaseDurationSeconds', s.leaseDurationSeconds, 'must be greater than 0'));
  }
  if (s.leaseTransitions != null && s.leaseTransitions < 0) {
    errs.push(invalid('spec.leaseTransitions', s.leaseTransitions, 'must be greater than or equal to 0'));
  }
  if (s.strategy) {
    errs.push(...isQualifiedName(s.strategy).map((m) => invalid('spec.strategy', s.strategy, m)));
  }
  if (s.preferredHolder && !s.strategy) {
    errs.push(forbidden('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  }
  return errs;
}

/** coordination.k8s.io/v1 leases: leader election and node heartbeats. */
export const lease = defineResource<KubeObject>({
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  plural: 'leases',
  singular: 'lease',
  namespaced: true,
  table: leaseTable,
  allowCreateOnUpdate: true,
  validate: (obj) => validateLeaseSpec(obj.spec),
  validateUpdate: (obj) => validateLeaseSpec(obj.spec),
});
