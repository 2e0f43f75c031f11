import { pod } from 'src/scheduler/framework/testing/fixtures';
import { podScheduledCondition, truncateMessage } from 'src/scheduler/reporter';

describe('PodScheduled condition', () => {
  const msg = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
  const withCondition = (c: Record<string, unknown>) => ({ ...pod('web'), status: { phase: 'Pending', conditions: [c] } });

  it('is written for a pod without one', () => {
    expect(podScheduledCondition(pod('web'), 'Unschedulable', msg)).toEqual({
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      reason: 'Unschedulable',
      message: msg,
    });
  });

  it('is not written again when nothing changed', () => {
    const same = withCondition({
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
      message: msg,
      lastTransitionTime: '2025-01-01T00:00:00Z',
      lastProbeTime: null,
    });
    expect(podScheduledCondition(same, 'Unschedulable', msg)).toBeUndefined();
  });

  it('keeps lastTransitionTime while the status stays False', () => {
    const gated = withCondition({ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'x', lastTransitionTime: '2025-01-01T00:00:00Z' });
    expect(podScheduledCondition(gated, 'Unschedulable', msg)).toMatchObject({ lastTransitionTime: '2025-01-01T00:00:00Z', reason: 'Unschedulable' });
  });

  it('cuts long event messages at 1024 characters', () => {
    const long = 'x'.repeat(2000);
    expect(truncateMessage(long)).toHaveLength(1024);
    expect(truncateMessage(long).endsWith(' ...')).toBe(true);
    expect(truncateMessage(msg)).toBe(msg);
  });
});
