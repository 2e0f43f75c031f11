import type { StatusError } from 'src/apiserver/status';
import { bindPod, validatePodBinding } from 'src/registry/core/pod/binding';
import type { KubeObject } from 'src/registry/generic/object';

const NOW = new Date('2026-02-03T04:05:06Z');

const pending = (): KubeObject => ({
  metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '7', annotations: { a: '1' } },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
  status: {
    phase: 'Pending',
    nominatedNodeName: 'n0',
    conditions: [
      { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'Unschedulable', message: 'no nodes' },
    ],
  },
});

const binding = (extra: Record<string, unknown> = {}) => ({ metadata: { name: 'web', ...extra }, target: { kind: 'Node', name: 'node-1' } });

function refusal(f: () => unknown): { code: number; message: string; kind?: string } {
  try {
    f();
  } catch (e) {
    const s = (e as StatusError).status;
    return { code: s.code, message: s.message!, kind: s.details?.kind };
  }
  throw new Error('expected a refusal');
}

describe('pods/binding', () => {
  it('sets nodeName, merges annotations, marks PodScheduled and clears the nomination', () => {
    const pod = bindPod(pending(), { ...binding({ annotations: { b: '2' } }) }, NOW);
    expect(pod.spec.nodeName).toBe('node-1');
    expect(pod.metadata.annotations).toEqual({ a: '1', b: '2' });
    expect(pod.status.nominatedNodeName).toBeUndefined();
    expect(pod.status.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-02-03T04:05:06Z' }]);
    expect(pod.metadata.resourceVersion).toBeUndefined();
  });

  it('refuses bound, deleting and gated pods as a Conflict on pods/binding', () => {
    const bound = { ...pending(), spec: { nodeName: 'node-0' } };
    expect(refusal(() => bindPod(bound, binding(), NOW))).toEqual({
      code: 409,
      kind: 'pods/binding',
      message: 'Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "node-0"',
    });
    const deleting = pending();
    deleting.metadata.deletionTimestamp = '2026-02-03T04:00:00Z';
    expect(refusal(() => bindPod(deleting, binding(), NOW)).message).toBe(
      'Operation cannot be fulfilled on pods/binding "web": pod web is being deleted, cannot be assigned to a host',
    );
    const gated = { ...pending(), spec: { schedulingGates: [{ name: 'g' }] } };
    expect(refusal(() => bindPod(gated, binding(), NOW)).message).toBe(
      'Operation cannot be fulfilled on pods/binding "web": pod web has non-empty .spec.schedulingGates',
    );
  });

  it('checks the uid and resourceVersion preconditions as a Conflict on pods', () => {
    expect(refusal(() => bindPod(pending(), binding({ uid: 'other' }), NOW))).toEqual({
      code: 409,
      kind: 'pods',
      message:
        'Operation cannot be fulfilled on pods "web": StorageError: invalid object, Code: 4, Key: /registry/pods/default/web, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: other, UID in object meta: u1',
    });
    expect(refusal(() => bindPod(pending(), binding({ uid: 'u1', resourceVersion: '6' }), NOW)).message).toMatch(
      /Precondition failed: ResourceVersion in precondition: 6, ResourceVersion in object meta: 7$/,
    );
    expect(bindPod(pending(), binding({ uid: 'u1', resourceVersion: '7' }), NOW).spec.nodeName).toBe('node-1');
  });

  it('validates the target', () => {
    expect(validatePodBinding({ target: { kind: 'Pod', name: 'x' } })).toEqual([
      { type: 'FieldValueNotSupported', field: 'target.kind', value: 'Pod', detail: 'supported values: "Node", "<empty>"' },
    ]);
    expect(validatePodBinding({ target: {} })).toEqual([{ type: 'FieldValueRequired', field: 'target.name' }]);
    expect(validatePodBinding({ target: { name: 'n' } })).toEqual([]);
  });
});
