import type { KubeObject } from 'src/registry/generic/object';
import { activeOrLatest, proportionalSizes } from 'src/controllers/deployment/scale';
import { syncDeployment } from 'src/controllers/deployment/sync';
import { deployment, fakeApi, replicaSet, syncState } from 'src/controllers/deployment/testing/fake-api';

/** A ReplicaSet sized mid-rollout, annotated with the Deployment size it was last scaled for. */
const sized = (name: string, replicas: number, revision: number, desired: number, max: number): KubeObject => {
  const rs = replicaSet(name, replicas, replicas, revision);
  rs.metadata.annotations = { ...rs.metadata.annotations, 'deployment.kubernetes.io/desired-replicas': String(desired), 'deployment.kubernetes.io/max-replicas': String(max) };
  return rs;
};

describe('proportional scaling', () => {
  it.each([
    // new replicas → sizes of [old 8, new 5] recorded at 10 replicas + 3 surge
    [20, { old: 15, new: 10 }],
    [5, { old: 4, new: 3 }],
    [0, { old: 0, new: 0 }],
    [10, { old: 8, new: 5 }],
    [11, { old: 9, new: 5 }],
  ])('scaling 10 → %d mid-rollout shares the difference by size', (replicas, want) => {
    const d = deployment(replicas);
    const sizes = proportionalSizes(d, [sized('old', 8, 1, 10, 13), sized('new', 5, 2, 10, 13)]);
    expect(Object.fromEntries(sizes.map((x) => [x.rs.metadata.name, x.size]))).toEqual(want);
  });

  it('grows the newer of two equal ReplicaSets first and shrinks the older first', () => {
    const up = proportionalSizes(deployment(3, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } }), [sized('a', 1, 1, 2, 2), sized('b', 1, 2, 2, 2)]);
    expect(up.map((x) => `${x.rs.metadata.name}=${x.size}`)).toEqual(['b=2', 'a=1']);
    const down = proportionalSizes(deployment(1, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } }), [sized('a', 1, 1, 2, 2), sized('b', 1, 2, 2, 2)]);
    expect(down.map((x) => `${x.rs.metadata.name}=${x.size}`)).toEqual(['a=0', 'b=1']);
  });

  it('activeOrLatest picks the only active ReplicaSet, else the new or newest one, else none', () => {
    const a = replicaSet('a', 0, 0, 1);
    const b = replicaSet('b', 0, 0, 2);
    const c = replicaSet('c', 3, 3, 3);
    expect(activeOrLatest(undefined, [a, b])?.metadata.name).toBe('b');
    expect(activeOrLatest(c, [a, b])?.metadata.name).toBe('c');
    expect(activeOrLatest(a, [b, c])?.metadata.name).toBe('c');
    expect(activeOrLatest(c, [replicaSet('d', 1, 1, 4)])).toBeUndefined();
    expect(activeOrLatest(undefined, [])).toBeUndefined();
  });

  it('a scaling event mid-rollout resizes every active ReplicaSet and records it', async () => {
    const d = deployment(20);
    const newRS = sized('new', 5, 2, 10, 13);
    newRS.spec.template = d.spec.template;
    const api = fakeApi([sized('old', 8, 1, 10, 13), newRS]);
    await syncDeployment(syncState(d, api), { claimReplicaSets: async () => [...api.sets], podsBySet: () => new Map() });
    expect(api.events).toEqual(['Normal ScalingReplicaSet Scaled up replica set old from 8 to 15', 'Normal ScalingReplicaSet Scaled up replica set new from 5 to 10']);
    expect(api.sets.map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/max-replicas'])).toEqual(['25', '25']);
  });

  it('a paused Deployment scales but does not create a ReplicaSet for a new template', async () => {
    const d = deployment(4, { paused: true });
    const api = fakeApi([sized('old', 2, 1, 2, 3)]);
    const s = syncState(d, api);
    await syncDeployment(s, { claimReplicaSets: async () => [...api.sets], podsBySet: () => new Map() });
    expect(api.sets).toHaveLength(1);
    expect(api.events).toEqual(['Normal ScalingReplicaSet Scaled up replica set old from 2 to 4']);
    expect(api.statuses[0].status.conditions).toEqual([expect.objectContaining({ type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' })]);
  });
});
