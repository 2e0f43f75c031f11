import { conflict } from 'src/apiserver/status';
import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { timestamp } from 'src/registry/generic/object-meta';
import { defineResource } from 'src/registry/generic/resource';
import { notSupported, required } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/registry/core/pod/storage/storage.go BindingREST (Create,
// setPodNodeAndMetadata, assignPod) and LegacyBindingREST, pkg/apis/core/validation
// ValidatePodBinding, pkg/api/v1/pod UpdatePodCondition (1.35, ClearingNominatedNodeNameAfterBinding on).

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** core/v1 bindings: POST /api/v1/namespaces/{ns}/bindings binds the pod the Binding names (create only). */
export const binding = defineResource<KubeObject>({
  group: '',
  version: 'v1',
  kind: 'Binding',
  plural: 'bindings',
  singular: 'binding',
  namespaced: true,
  verbs: ['create'],
  virtual: true,
});

/** ValidatePodBinding: the target is a Node (or names no kind) and has a name. */
export function validatePodBinding(b: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const kind = b.target?.kind;
  if (kind && kind !== 'Node') {
    errs.push(notSupported('target.kind', kind, ['Node', '<empty>']));
  }
  if (!b.target?.name) {
    errs.push(required('target.name'));
  }
  return errs;
}

/** storage.Preconditions.Check as reported through InterpretUpdateError: a Conflict on pods. */
function preconditionFailed(pod: KubeObject, what: 'UID' | 'ResourceVersion', want: string, have: string): Error {
  const key = `/registry/pods/${pod.metadata.namespace}/${pod.metadata.name}`;
  const msg = `Precondition failed: ${what} in precondition: ${want}, ${what} in object meta: ${have}`;
  return conflict(
    { group: '', resource: 'pods', name: pod.metadata.name },
    `StorageError: invalid object, Code: 4, Key: ${key}, ResourceVersion: 0, AdditionalErrorMsg: ${msg}`,
  );
}

/** A refusal of setPodNodeAndMetadata, which assignPod turns into a Conflict on pods/binding. */
function refused(pod: KubeObject, why: string): Error {
  return conflict({ group: '', resource: 'pods/binding', name: pod.metadata.name }, why);
}

/** UpdatePodCondition: sets a condition, keeping lastTransitionTime when the status did not change. */
function setCondition(status: Obj, condition: Obj): void {
  const conditions: Obj[] = (status.conditions ??= []);
  const i = conditions.findIndex((c) => c.type === condition.type);
  if (i < 0) {
    conditions.push(condition);
    return;
  }
  if (conditions[i].status === condition.status) {
    condition.lastTransitionTime = conditions[i].lastTransitionTime;
  }
  conditions[i] = condition;
}

/**
 * setPodNodeAndMetadata: checks the Binding's uid/resourceVersion preconditions and that the pod
 * can still be bound, then sets spec.nodeName, merges the annotations and marks it scheduled.
 * Runs inside the store's guaranteed update, so it sees the current pod on every attempt.
 */
export function bindPod(pod: KubeObject, b: Obj, now: Date): KubeObject {
  const meta: Obj = b.metadata ?? {};
  if (meta.uid && meta.uid !== pod.metadata.uid) {
    throw preconditionFailed(pod, 'UID', meta.uid, pod.metadata.uid ?? '');
  }
  if (meta.resourceVersion && meta.resourceVersion !== pod.metadata.resourceVersion) {
    throw preconditionFailed(pod, 'ResourceVersion', meta.resourceVersion, pod.metadata.resourceVersion ?? '');
  }
  if (pod.metadata.deletionTimestamp) {
    throw refused(pod, `pod ${pod.metadata.name} is being deleted, cannot be assigned to a host`);
  }
  if (pod.spec?.nodeName) {
    throw refused(pod, `pod ${pod.metadata.name} is already assigned to node ${JSON.stringify(pod.spec.nodeName)}`);
  }
  if (pod.spec?.schedulingGates?.length) {
    throw refused(pod, `pod ${pod.metadata.name} has non-empty .spec.schedulingGates`);
  }
  pod.spec = { ...(pod.spec ?? {}), nodeName: b.target.name };
  pod.status ??= {};
  delete pod.status.nominatedNodeName;
  pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), ...(meta.annotations ?? {}) };
  setCondition(pod.status, { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(now) });
  // Unconditional from here on: a concurrent write to the pod makes the store retry this function.
  delete pod.metadata.resourceVersion;
  return pod;
}
