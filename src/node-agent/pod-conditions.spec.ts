import { containersReadyCondition, initializedCondition, podConditions, readyCondition } from 'src/node-agent/pod-conditions';

const cs = (name: string, ready: boolean, extra: Record<string, unknown> = {}) => ({ name, ready, state: { running: {} }, ...extra });
const spec = { containers: [{ name: 'a' }, { name: 'b' }] };

describe('ContainersReady', () => {
  test.each<[string, any, any[], string, Record<string, unknown>]>([
    ['all ready', spec, [cs('a', true), cs('b', true)], 'Running', { status: 'True' }],
    ['one unready', spec, [cs('a', true), cs('b', false)], 'Running', { status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [b]' }],
    ['two unready', spec, [cs('a', false), cs('b', false)], 'Pending', { status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [a b]' }],
    ['unknown and unready', spec, [cs('a', false)], 'Pending', { status: 'False', reason: 'ContainersNotReady', message: 'containers with unknown status: [b], containers with unready status: [a]' }],
    ['succeeded', spec, [cs('a', false), cs('b', false)], 'Succeeded', { status: 'False', reason: 'PodCompleted' }],
    ['failed', spec, [cs('a', false)], 'Failed', { status: 'False', reason: 'PodFailed' }],
    ['sidecars count', { containers: [{ name: 'a' }], initContainers: [{ name: 's', restartPolicy: 'Always' }, { name: 'i' }] }, [cs('a', true), cs('s', false)], 'Running', { status: 'False', message: 'containers with unready status: [s]' }],
  ])('%s', (_name, s, statuses, phase, expected) => {
    expect(containersReadyCondition(s, statuses, phase)).toMatchObject({ type: 'ContainersReady', ...expected });
  });

  it('is UnknownContainerStatuses without statuses', () => {
    expect(containersReadyCondition(spec, undefined, 'Pending')).toEqual({ type: 'ContainersReady', status: 'False', reason: 'UnknownContainerStatuses' });
  });
});

describe('Ready with readiness gates', () => {
  const gated = { containers: [{ name: 'a' }], readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] };
  const ready = { type: 'ContainersReady', status: 'True' as const };
  it('follows ContainersReady when that is not True', () => {
    expect(readyCondition(gated, [], { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: 'm' })).toEqual({ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'm' });
  });
  it('waits for every gate condition to be True (never sets them)', () => {
    expect(readyCondition(gated, [{ type: 'example.com/lb', status: 'False' }], ready)).toEqual({
      type: 'Ready',
      status: 'False',
      reason: 'ReadinessGatesNotReady',
      message: 'the status of pod readiness gate "example.com/lb" is not "True", but False, corresponding condition of pod readiness gate "example.com/dns" does not exist.',
    });
    expect(readyCondition(gated, [{ type: 'example.com/lb', status: 'True' }, { type: 'example.com/dns', status: 'True' }], ready)).toEqual({ type: 'Ready', status: 'True' });
  });
});

describe('Initialized', () => {
  const withInit = { containers: [{ name: 'a' }], initContainers: [{ name: 'i1' }, { name: 'i2' }] };
  const done = { name: 'i1', ready: true, state: { terminated: { exitCode: 0 } } };
  test.each<[string, any, any[], any[], string, Record<string, unknown>]>([
    ['no init containers', { containers: [{ name: 'a' }] }, [], [], 'Pending', { status: 'True' }],
    ['none run yet', withInit, [], [], 'Pending', { status: 'False', reason: 'ContainersNotInitialized', message: 'containers with unknown status: [i1 i2]' }],
    ['first done, second running', withInit, [done, { name: 'i2', ready: false, state: { running: {} } }], [], 'Pending', { status: 'False', message: 'containers with incomplete status: [i2]' }],
    ['all done', withInit, [done, { ...done, name: 'i2' }], [], 'Pending', { status: 'True' }],
    ['an app container already ran', withInit, [], [{ name: 'a', state: { running: {} } }], 'Running', { status: 'True' }],
    ['succeeded', { containers: [{ name: 'a' }] }, [], [], 'Succeeded', { status: 'True', reason: 'PodCompleted' }],
  ])('%s', (_name, s, init, apps, phase, expected) => {
    expect(initializedCondition(s, init, apps, phase)).toMatchObject({ type: 'Initialized', ...expected });
  });
});

describe('podConditions', () => {
  const pod = (conditions: any[]) => ({ metadata: { generation: 2 }, spec: { containers: [{ name: 'a' }] }, status: { conditions } });
  const cores = { sandboxReady: true, phase: 'Running', initStatuses: [], appStatuses: [cs('a', true)] };

  it('lists the kubelet conditions in kubelet order, then keeps the others', () => {
    const scheduled = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' };
    const out = podConditions(pod([scheduled]), cores, '2026-01-01T00:00:05Z');
    expect(out.map((c) => c.type)).toEqual(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
    expect(out[4]).toBe(scheduled);
    expect(out[2]).toEqual({ observedGeneration: 2, type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:05Z' });
  });

  it('keeps lastTransitionTime while a status holds and moves it when it flips', () => {
    const before = [
      { type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' },
      { type: 'ContainersReady', status: 'False', lastTransitionTime: '2026-01-01T00:00:00Z' },
    ];
    const out = podConditions(pod(before), cores, '2026-01-01T00:01:00Z');
    expect(out.find((c) => c.type === 'Ready')!.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    expect(out.find((c) => c.type === 'ContainersReady')!.lastTransitionTime).toBe('2026-01-01T00:01:00Z');
  });

  it('reports PodReadyToStartContainers False until the sandbox is ready', () => {
    const out = podConditions(pod([]), { ...cores, sandboxReady: false, appStatuses: [] }, '2026-01-01T00:00:00Z');
    expect(out[0]).toMatchObject({ type: 'PodReadyToStartContainers', status: 'False' });
  });
});
