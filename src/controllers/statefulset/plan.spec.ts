import type { KubeObject } from 'src/registry/generic/object';
import { newStatefulSetPod } from 'src/controllers/statefulset/identity';
import { maxUnavailableOf, planStatefulSet, type StatefulSetPlanInput } from 'src/controllers/statefulset/plan';

const NOW = new Date('2026-01-01T00:10:00Z');
const EARLIER = '2026-01-01T00:00:00Z';

function set(spec: Record<string, any> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'ns', uid: 'set-uid', generation: 2 },
    spec: {
      replicas: 3,
      podManagementPolicy: 'OrderedReady',
      serviceName: 'web',
      selector: { matchLabels: { app: 'web' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
      ...spec,
    },
    status: {},
  };
}

type PodState = 'ready' | 'pending' | 'running' | 'failed' | 'deleting';

/** Pod `web-<ordinal>` of revision `rev` in the given state, e.g. '0:A:ready'. */
function pod(s: KubeObject, desc: string): KubeObject {
  const [ord, rev, state] = desc.split(':') as [string, string, PodState];
  const p = newStatefulSetPod(s, Number(ord), rev);
  p.metadata.uid = `uid-${ord}`;
  const ready = state === 'ready' || state === 'deleting';
  p.status = {
    phase: state === 'failed' ? 'Failed' : state === 'pending' ? 'Pending' : 'Running',
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: EARLIER }],
  };
  if (state === 'deleting') {
    p.metadata.deletionTimestamp = EARLIER;
  }
  return p;
}

function plan(s: KubeObject, pods: string[], over: Partial<StatefulSetPlanInput> = {}) {
  const input: StatefulSetPlanInput = {
    set: s,
    currentSet: s,
    updateSet: s,
    currentRevision: 'A',
    updateRevision: 'B',
    collisionCount: 0,
    pods: pods.map((d) => pod(s, d)),
    claim: () => undefined,
    now: NOW,
    ...over,
  };
  return planStatefulSet(input);
}

/** Steps as text: actions of one step joined by '+', e.g. 'create web-0'. */
function steps(p: ReturnType<typeof plan>): string[] {
  return p.steps.map((step) =>
    step.map((a) => `${a.kind} ${a.pod.metadata.name}${a.kind === 'create' ? `@${a.pod.metadata.labels!['controller-revision-hash']}` : ''}`).join('+'),
  );
}

describe('planStatefulSet', () => {
  const cases: { name: string; spec?: Record<string, any>; pods: string[]; want: string[] }[] = [
    { name: 'OrderedReady creates the first ordinal only', pods: [], want: ['create web-0@B'] },
    { name: 'OrderedReady waits for a pending pod', pods: ['0:B:pending'], want: [] },
    { name: 'OrderedReady waits for a running pod that is not ready', pods: ['0:B:running'], want: [] },
    { name: 'OrderedReady creates the next ordinal once the previous is ready', pods: ['0:B:ready'], want: ['create web-1@B'] },
    { name: 'OrderedReady fills the lowest gap first', pods: ['0:B:ready', '2:B:ready'], want: ['create web-1@B'] },
    { name: 'OrderedReady waits for a terminating pod', pods: ['0:B:deleting'], want: [] },
    {
      name: 'Parallel creates every missing ordinal in one step',
      spec: { podManagementPolicy: 'Parallel' },
      pods: ['1:B:pending'],
      want: ['create web-0@B+create web-2@B'],
    },
    { name: 'ordinals start at spec.ordinals.start', spec: { ordinals: { start: 5 } }, pods: [], want: ['create web-5@B'] },
    { name: 'a failed pod is deleted to be recreated', pods: ['0:B:ready', '1:B:failed', '2:B:ready'], want: ['delete web-1'] },
    {
      name: 'scale-down deletes the highest ordinal first, one at a time',
      spec: { replicas: 1 },
      pods: ['0:B:ready', '1:B:ready', '2:B:ready'],
      want: ['delete web-2'],
    },
    { name: 'scale-down waits for the terminating pod', spec: { replicas: 1 }, pods: ['0:B:ready', '1:B:ready', '2:B:deleting'], want: [] },
    { name: 'scale-down waits while a remaining pod is unhealthy', spec: { replicas: 1 }, pods: ['0:B:pending', '1:B:ready', '2:B:ready'], want: [] },
    {
      name: 'scale-down keeps an unhealthy pod while a lower one is unhealthy too',
      spec: { replicas: 1 },
      pods: ['0:B:ready', '1:B:pending', '2:B:pending'],
      want: [],
    },
    {
      name: 'scale-down deletes an unhealthy pod when it is the first unhealthy one',
      spec: { replicas: 1 },
      pods: ['0:B:ready', '1:B:ready', '2:B:pending'],
      want: ['delete web-2'],
    },
    {
      name: 'Parallel scale-down deletes all condemned pods at once, highest first',
      spec: { replicas: 1, podManagementPolicy: 'Parallel' },
      pods: ['0:B:ready', '1:B:pending', '2:B:ready'],
      want: ['delete web-2+delete web-1'],
    },
    { name: 'a rolling update replaces the highest out-of-date pod', pods: ['0:A:ready', '1:A:ready', '2:A:ready'], want: ['delete web-2'] },
    { name: 'a rolling update waits for the replaced pod to be ready', pods: ['0:A:ready', '1:A:ready', '2:B:running'], want: [] },
    { name: 'a rolling update continues below an updated ready pod', pods: ['0:A:ready', '1:A:ready', '2:B:ready'], want: ['delete web-1'] },
    {
      name: 'a partition keeps lower ordinals on the current revision',
      spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } },
      pods: ['0:A:ready', '1:A:ready', '2:B:ready'],
      want: [],
    },
    {
      name: 'a missing pod below the partition is recreated at the current revision',
      spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } },
      pods: ['1:A:ready', '2:B:ready'],
      want: ['create web-0@A'],
    },
    { name: 'OnDelete never deletes for an update', spec: { updateStrategy: { type: 'OnDelete' } }, pods: ['0:A:ready', '1:A:ready', '2:A:ready'], want: [] },
    {
      name: 'maxUnavailable 2 replaces two pods at once',
      spec: { podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 2 } } },
      pods: ['0:A:ready', '1:A:ready', '2:A:ready'],
      want: ['delete web-2+delete web-1'],
    },
    {
      name: 'maxUnavailable counts pods already unavailable',
      spec: { podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 2 } } },
      pods: ['0:A:ready', '1:A:ready', '2:B:pending'],
      want: ['delete web-1'],
    },
  ];

  it.each(cases)('$name', ({ spec, pods, want }) => {
    expect(steps(plan(set(spec), pods))).toEqual(want);
  });

  it('does nothing but count while the set is being deleted', () => {
    const s = set();
    s.metadata.deletionTimestamp = EARLIER;
    const p = plan(s, ['0:A:ready']);
    expect(p.steps).toEqual([]);
    expect(p.status.replicas).toBe(1);
  });

  it('reports counts by revision and readiness, minus pods deleted for the update', () => {
    const p = plan(set(), ['0:A:ready', '1:A:ready', '2:A:ready']);
    expect(p.status).toEqual({
      observedGeneration: 2,
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      currentReplicas: 2,
      updatedReplicas: 0,
      currentRevision: 'A',
      updateRevision: 'B',
      collisionCount: 0,
    });
  });

  it('counts a pod ready for less than minReadySeconds as ready but not available', () => {
    const p = plan(set({ minReadySeconds: 3600 }), ['0:B:ready']);
    expect(p.status).toMatchObject({ readyReplicas: 1, availableReplicas: 0 });
    expect(p.steps).toEqual([]);
  });

  it('creates claims of a pending pod whose claims are missing', () => {
    const s = set({ volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: {} }] });
    expect(steps(plan(s, ['0:B:pending']))).toEqual(['ensureClaims web-0']);
    expect(steps(plan(s, ['0:B:pending'], { claim: (n) => ({ metadata: { name: n } }) }))).toEqual([]);
  });

  it('restores an identity label someone removed', () => {
    const s = set();
    const p = pod(s, '0:B:ready');
    delete p.metadata.labels!['statefulset.kubernetes.io/pod-name'];
    const out = planStatefulSet({
      set: s,
      currentSet: s,
      updateSet: s,
      currentRevision: 'B',
      updateRevision: 'B',
      collisionCount: 0,
      pods: [p],
      claim: () => undefined,
      now: NOW,
    });
    expect(out.steps.map((st) => st.map((a) => `${a.kind} ${a.pod.metadata.name}`))).toEqual([['updatePod web-0'], ['create web-1']]);
  });
});

describe('maxUnavailableOf', () => {
  it.each([
    [undefined, 10, 1],
    [3, 10, 3],
    ['25%', 10, 2],
    ['5%', 10, 1],
  ])('maxUnavailable %p of %p replicas is %p', (value, replicas, want) => {
    expect(maxUnavailableOf(set({ replicas, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: value } } }))).toBe(want);
  });
});
