import { pod } from 'src/scheduler/framework/testing/fixtures';
import { isSchedulable, podSpecChanged } from 'src/scheduler/pods';

describe('pods the scheduler takes', () => {
  it.each([
    ['a pending pod of default-scheduler', pod('web'), true],
    ['a bound pod', pod('web', { nodeName: 'n1' }), false],
    ['another scheduler’s pod', pod('web', { spec: { schedulerName: 'my-scheduler' } }), false],
    ['a pod being deleted', { ...pod('web'), metadata: { ...pod('web').metadata, deletionTimestamp: '2025-01-01T00:00:00Z' } }, false],
    ['a gated pod', pod('web', { spec: { schedulingGates: [{ name: 'example.com/quota' }] } }), false],
  ])('%s: %s', (_name, p, expected) => {
    expect(isSchedulable(p, 'default-scheduler')).toBe(expected);
  });

  it('tells spec changes from status and bookkeeping changes', () => {
    const p = pod('web');
    expect(podSpecChanged(p, { ...p, metadata: { ...p.metadata, resourceVersion: '9' }, status: { phase: 'Pending', conditions: [] } })).toBe(false);
    expect(podSpecChanged(p, { ...p, spec: { ...p.spec, nodeSelector: { disk: 'ssd' } } })).toBe(true);
  });
});
