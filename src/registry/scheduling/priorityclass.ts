import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { priorityclassTable } from 'src/registry/scheduling/priorityclass.table';
import { forbidden, notSupported, required, validateImmutableField } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/scheduling/v1/defaults.go SetDefaults_PriorityClass,
// pkg/apis/scheduling/v1/helpers.go IsKnownSystemPriorityClass, pkg/apis/scheduling/validation
// ValidatePriorityClass / ValidatePriorityClassUpdate and core ValidatePreemptionPolicy (1.35).
// Go's JSON shapes the object: `value` (int32, no omitempty) is always written, an empty
// description and a false globalDefault are not. The one-global-default rule is the Priority
// admission plugin's, not part of this.

/** The built-in classes; names starting with `system-` are reserved for them. */
const SYSTEM_PRIORITY_CLASSES: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };
/** scheduling.HighestUserDefinablePriority. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000;

/** SetDefaults_PriorityClass (PreemptLowerPriority) plus Go's zero-value serialization. */
export function defaultPriorityClass(pc: KubeObject): void {
  pc.preemptionPolicy ??= 'PreemptLowerPriority';
  pc.value ??= 0;
  if (pc.globalDefault === false) {
    delete pc.globalDefault;
  }
  if (pc.description === '') {
    delete pc.description;
  }
}

/** IsKnownSystemPriorityClass: undefined when known, else why not. */
function systemClassError(name: string, value: number, globalDefault: boolean): string | undefined {
  const expected = SYSTEM_PRIORITY_CLASSES[name];
  if (expected === undefined) {
    return `${name} is not a known system priority class`;
  }
  if (expected !== value) {
    return `value of ${name} PriorityClass must be ${expected}`;
  }
  return globalDefault ? `globalDefault of ${name} PriorityClass must be false` : undefined;
}

function validatePriorityClass(pc: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const name = pc.metadata.name ?? '';
  const value = Number(pc.value ?? 0);
  if (name.startsWith('system-')) {
    const err = systemClassError(name, value, pc.globalDefault === true);
    if (err) {
      errs.push(forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${err}`));
    }
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (pc.preemptionPolicy != null) {
    if (pc.preemptionPolicy === '') {
      errs.push(required('preemptionPolicy'));
    } else if (!['PreemptLowerPriority', 'Never'].includes(pc.preemptionPolicy)) {
      errs.push(notSupported('preemptionPolicy', pc.preemptionPolicy, ['PreemptLowerPriority', 'Never']));
    }
  }
  return errs;
}

/** scheduling.k8s.io/v1 priorityclasses (cluster-scoped; value and preemptionPolicy are immutable). */
export const priorityclass = defineResource<KubeObject>({
  group: 'scheduling.k8s.io',
  version: 'v1',
  kind: 'PriorityClass',
  plural: 'priorityclasses',
  singular: 'priorityclass',
  namespaced: false,
  table: priorityclassTable,
  shortNames: ['pc'],
  defaults: defaultPriorityClass,
  validate: validatePriorityClass,
  validateUpdate(obj, old) {
    const errs: FieldError[] = [];
    if ((obj.value ?? 0) !== (old.value ?? 0)) {
      errs.push(forbidden('value', 'may not be changed in an update.'));
    }
    return [...errs, ...validateImmutableField(obj.preemptionPolicy, old.preemptionPolicy, 'preemptionPolicy')];
  },
});
