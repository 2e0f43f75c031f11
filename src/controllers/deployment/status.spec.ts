import { setCondition } from 'src/controllers/deployment/conditions';
import { calculateStatus, rolloutStatus, statusChanged, stuckRequeueMs } from 'src/controllers/deployment/status';
import { deployment, replicaSet } from 'src/controllers/deployment/testing/fake-api';

const NOW = new Date('2030-01-01T00:10:00Z');
const progressing = (reason: string, status: 'True' | 'False' | 'Unknown', updated: string) => ({
  type: 'Progressing',
  status,
  reason,
  message: 'm',
  lastUpdateTime: updated,
  lastTransitionTime: '2030-01-01T00:00:00Z',
});
const cond = (s: Record<string, any>, type: string) => s.conditions?.find((c: any) => c.type === type);

describe('Deployment status', () => {
  it('adds up the ReplicaSets, leaves zero counts out and sets Available against maxUnavailable', () => {
    const d = deployment(4);
    d.metadata.generation = 3;
    const old = replicaSet('old', 1, 1, 1);
    old.status.terminatingReplicas = 1;
    const cur = replicaSet('new', 3, 2, 2);
    cur.status.terminatingReplicas = 0;
    const s = calculateStatus([old, cur], cur, d, NOW);
    expect(s).toEqual({
      observedGeneration: 3,
      replicas: 4,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 1,
      terminatingReplicas: 1,
      conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: '2030-01-01T00:10:00Z', lastTransitionTime: '2030-01-01T00:10:00Z' }],
    });
    const short = calculateStatus([replicaSet('new', 4, 2, 1)], undefined, d, NOW);
    expect(cond(short, 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
    expect(short.updatedReplicas).toBeUndefined();
    expect(short.terminatingReplicas).toBeUndefined();
  });

  it('setCondition keeps lastTransitionTime when only the reason changes and is a no-op for the same status and reason', () => {
    const status: Record<string, any> = { conditions: [progressing('ReplicaSetUpdated', 'True', '2030-01-01T00:05:00Z')] };
    setCondition(status, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: 'other', lastUpdateTime: 'x', lastTransitionTime: 'x' });
    expect(status.conditions[0].message).toBe('m');
    setCondition(status, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: 'done', lastUpdateTime: 'y', lastTransitionTime: 'y' });
    expect(status.conditions[0]).toMatchObject({ reason: 'NewReplicaSetAvailable', lastUpdateTime: 'y', lastTransitionTime: '2030-01-01T00:00:00Z' });
  });

  it.each([
    // current Progressing, new RS (replicas, available) → reason, status, message
    ['complete', progressing('ReplicaSetUpdated', 'True', '2030-01-01T00:09:00Z'), 3, 3, 'NewReplicaSetAvailable', 'True', 'ReplicaSet "new" has successfully progressed.'],
    ['progress', progressing('ReplicaSetUpdated', 'True', '2030-01-01T00:09:00Z'), 3, 2, 'ReplicaSetUpdated', 'True', 'ReplicaSet "new" is progressing.'],
    ['stuck within the deadline', progressing('ReplicaSetUpdated', 'True', '2030-01-01T00:09:00Z'), 3, 1, 'ReplicaSetUpdated', 'True', 'm'],
    ['past the deadline', progressing('ReplicaSetUpdated', 'True', '2030-01-01T00:04:59Z'), 3, 1, 'ProgressDeadlineExceeded', 'False', 'ReplicaSet "new" has timed out progressing.'],
    ['already timed out', progressing('ProgressDeadlineExceeded', 'False', '2030-01-01T00:04:59Z'), 3, 1, 'ProgressDeadlineExceeded', 'False', 'm'],
  ])('Progressing when %s', (_what, current, replicas, available, reason, status, message) => {
    const d = deployment(3, { progressDeadlineSeconds: 300 });
    d.status = { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 1, availableReplicas: 1, conditions: [current] };
    const cur = replicaSet('new', replicas as number, available as number, 2);
    const s = rolloutStatus([cur], cur, d, NOW);
    expect(cond(s, 'Progressing')).toMatchObject({ reason, status, message });
  });

  it('keeps lastTransitionTime and advances lastUpdateTime while progressing', () => {
    const d = deployment(3);
    d.status = { replicas: 3, updatedReplicas: 1, availableReplicas: 1, conditions: [progressing('ReplicaSetUpdated', 'True', '2030-01-01T00:09:00Z')] };
    const cur = replicaSet('new', 3, 2, 2);
    const s = rolloutStatus([cur], cur, d, NOW);
    expect(cond(s, 'Progressing')).toMatchObject({ lastTransitionTime: '2030-01-01T00:00:00Z', lastUpdateTime: '2030-01-01T00:10:00Z' });
  });

  it('drops Progressing without a deadline and mirrors the new ReplicaSet ReplicaFailure', () => {
    const d = deployment(3, { progressDeadlineSeconds: undefined });
    d.status = { conditions: [progressing('ReplicaSetUpdated', 'True', '2030-01-01T00:09:00Z')] };
    const cur = replicaSet('new', 3, 0, 2);
    cur.status.conditions = [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota', lastTransitionTime: '2030-01-01T00:08:00Z' }];
    const s = rolloutStatus([cur], cur, d, NOW);
    expect(cond(s, 'Progressing')).toBeUndefined();
    expect(cond(s, 'ReplicaFailure')).toEqual({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota', lastUpdateTime: '2030-01-01T00:08:00Z', lastTransitionTime: '2030-01-01T00:08:00Z' });
  });

  it('requeues a stuck rollout for the moment its deadline passes', () => {
    const d = deployment(3, { progressDeadlineSeconds: 600 });
    d.status = { conditions: [progressing('ReplicaSetUpdated', 'True', '2030-01-01T00:09:00Z')] };
    expect(stuckRequeueMs(d, { replicas: 3, updatedReplicas: 3, availableReplicas: 1 }, NOW)).toBe(541_000);
    expect(stuckRequeueMs(d, { replicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1 }, NOW)).toBeUndefined();
    d.status.conditions[0].lastUpdateTime = '2030-01-01T00:00:00Z';
    expect(stuckRequeueMs(d, {}, NOW)).toBe(1000);
  });

  it('statusChanged ignores zero counts the API server leaves out', () => {
    const d = deployment(0);
    d.status = { observedGeneration: 1 };
    expect(statusChanged(d, { observedGeneration: 1, replicas: 0 })).toBe(false);
    expect(statusChanged(d, { observedGeneration: 1, terminatingReplicas: 0 })).toBe(true);
  });
});
