import type { KubeObject } from 'src/registry/generic/object';
import { calculateStatus, nextAvailabilityCheckMs, statusNeedsUpdate } from 'src/controllers/replicaset/replicaset-status';

const NOW = new Date('2030-01-01T00:01:00Z');
const rs = (minReadySeconds = 0, status: Record<string, any> = { replicas: 0 }): KubeObject => ({
  metadata: { name: 'rs', generation: 2 },
  spec: { replicas: 3, minReadySeconds, template: { metadata: { labels: { app: 'web', tier: 'a' } } } },
  status,
});
const pod = (labels: Record<string, string>, readySince?: string): KubeObject => ({
  metadata: { name: 'p', labels },
  status: { conditions: [{ type: 'Ready', status: readySince ? 'True' : 'False', lastTransitionTime: readySince }] },
});
const full = { app: 'web', tier: 'a' };

describe('ReplicaSet status', () => {
  it('counts fully labeled, ready and available (after minReadySeconds) pods and terminating ones', () => {
    const pods = [pod(full, '2030-01-01T00:00:00Z'), pod(full, '2030-01-01T00:00:50Z'), pod({ app: 'web' }), pod(full)];
    expect(calculateStatus(rs(30), pods, [pod(full)], undefined, NOW)).toEqual({ replicas: 4, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 1, terminatingReplicas: 1 });
    expect(calculateStatus(rs(0), [], [], undefined, NOW)).toEqual({ replicas: 0, terminatingReplicas: 0 });
  });

  it('sets ReplicaFailure on a manageReplicas error, keeps the first one, and removes it after a clean sync', () => {
    const failed = calculateStatus(rs(), [], [], { reason: 'FailedCreate', message: 'quota' }, NOW);
    expect(failed.conditions).toEqual([{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2030-01-01T00:01:00Z', reason: 'FailedCreate', message: 'quota' }]);
    const again = calculateStatus(rs(0, failed), [], [], { reason: 'FailedCreate', message: 'other' }, NOW);
    expect(again.conditions[0].message).toBe('quota');
    expect(calculateStatus(rs(0, failed), [], [], undefined, NOW).conditions).toBeUndefined();
  });

  it('needs an update when counts change or the generation was not observed yet', () => {
    const status = { replicas: 3, terminatingReplicas: 0 };
    expect(statusNeedsUpdate(rs(0, { ...status, observedGeneration: 2 }), status)).toBe(false);
    expect(statusNeedsUpdate(rs(0, { ...status, observedGeneration: 1 }), status)).toBe(true);
    expect(statusNeedsUpdate(rs(0, { ...status, observedGeneration: 2 }), { ...status, replicas: 2 })).toBe(true);
  });

  it('knows when the next ready pod becomes available', () => {
    const pods = [pod(full, '2030-01-01T00:00:45Z'), pod(full, '2030-01-01T00:00:50Z'), pod(full, '2030-01-01T00:00:00Z'), pod(full)];
    expect(nextAvailabilityCheckMs(pods, 30, NOW)).toBe(15_000);
    expect(nextAvailabilityCheckMs(pods, 0, NOW)).toBeUndefined();
    expect(nextAvailabilityCheckMs([pod(full, '2030-01-01T00:00:00Z')], 30, NOW)).toBeUndefined();
  });
});
