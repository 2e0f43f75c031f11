import type { KubeObject } from 'src/registry/generic/object';
import { rolloutRolling } from 'src/controllers/deployment/rolling';
import { rolloutRecreate } from 'src/controllers/deployment/recreate';
import { deployment, fakeApi, replicaSet, syncState, type FakeApi } from 'src/controllers/deployment/testing/fake-api';

const total = (api: FakeApi) => api.sets.reduce((n, rs) => n + rs.spec.replicas, 0);
const available = (api: FakeApi) => api.sets.reduce((n, rs) => n + (rs.status.availableReplicas ?? 0), 0);
const newest = (api: FakeApi) => [...api.sets].sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp))).pop()!;

/** What the ReplicaSet controller and kubelets would do between two syncs: pods follow spec, up to `readyPerStep` new pods become available. */
function settle(api: FakeApi, newRS: KubeObject, readyPerStep: number): void {
  for (const rs of api.sets) {
    const spec = rs.spec.replicas;
    const was = rs.status.availableReplicas ?? 0;
    const avail = rs === newRS ? Math.min(spec, was + readyPerStep) : Math.min(spec, was);
    rs.status = { ...rs.status, replicas: spec, readyReplicas: avail, availableReplicas: avail, observedGeneration: rs.metadata.generation };
  }
}

describe('rolling update', () => {
  it('follows the worked example: new ReplicaSet at 3 and old 10 → 8 in the first sync, then new 3 → 5', async () => {
    const api = fakeApi([replicaSet('old', 10, 10, 1)]);
    let s = syncState(deployment(10), api);
    await rolloutRolling(s, [...api.sets]);
    const created = newest(api);
    expect(created.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(created.metadata.labels?.['pod-template-hash']).toBe(created.metadata.name!.slice(4));
    expect(created.spec.replicas).toBe(3);
    // maxScaledDown = 13 pods - 8 minAvailable - 3 unavailable new = 2, in the same sync (as upstream).
    expect(api.events).toEqual([`Normal ScalingReplicaSet Scaled up replica set ${created.metadata.name} from 0 to 3`, 'Normal ScalingReplicaSet Scaled down replica set old from 10 to 8']);
    const written = api.statuses[0];
    expect(written.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(written.status.conditions).toEqual([expect.objectContaining({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${created.metadata.name}"` })]);

    s = syncState(s.d, api);
    await rolloutRolling(s, [...api.sets]);
    expect(api.events[2]).toBe(`Normal ScalingReplicaSet Scaled up replica set ${created.metadata.name} from 3 to 5`);
    s = syncState(s.d, api);
    await rolloutRolling(s, [...api.sets]);
    expect(api.events).toHaveLength(3);
  });

  it.each([
    [10, '25%', '25%', 1],
    [10, 3, 2, 2],
    [10, 0, 1, 1],
    [5, 1, 0, 1],
    [7, '50%', '10%', 3],
  ])('%d replicas (surge %j, unavailable %j) never exceed the surge or go below availability', async (replicas, surge, unavailable, readyPerStep) => {
    const api = fakeApi([replicaSet('old', replicas, replicas, 1)]);
    const d = deployment(replicas, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } });
    const scaledSurge = typeof surge === 'number' ? surge : Math.ceil((parseInt(surge) * replicas) / 100);
    let scaledUnavailable = typeof unavailable === 'number' ? unavailable : Math.floor((parseInt(unavailable) * replicas) / 100);
    if (scaledSurge === 0 && scaledUnavailable === 0) {
      scaledUnavailable = 1;
    }
    let s = syncState(d, api);
    for (let step = 0; step < 100; step++) {
      await rolloutRolling(s, [...api.sets]);
      expect(total(api)).toBeLessThanOrEqual(replicas + scaledSurge);
      settle(api, newest(api), readyPerStep);
      expect(available(api)).toBeGreaterThanOrEqual(replicas - scaledUnavailable);
      s = syncState(s.d, api);
    }
    expect(newest(api).spec.replicas).toBe(replicas);
    expect(api.sets.find((rs) => rs.metadata.name === 'old')!.spec.replicas).toBe(0);
  });

  it('scales down unhealthy old replicas first, within the budget', async () => {
    const d = deployment(10);
    const newRS = replicaSet('new', 3, 0, 3, d.spec.template);
    const api = fakeApi([replicaSet('a', 5, 1, 1), replicaSet('b', 5, 5, 2), newRS]);
    await rolloutRolling(syncState(d, api), [...api.sets]);
    // allPods 13 - minAvailable 8 - new unavailable 3 = 2, all taken from a's unavailable replicas.
    expect(api.events).toEqual(['Normal ScalingReplicaSet Scaled down replica set a from 5 to 3']);
  });

  it('does not trust an old ReplicaSet reporting more available pods than its size', async () => {
    const d = deployment(10);
    const old = replicaSet('old', 8, 10, 1);
    const api = fakeApi([old, replicaSet('new', 5, 1, 2, d.spec.template)]);
    await rolloutRolling(syncState(d, api), [...api.sets]);
    // Budget from 8 + 1 available (not 10 + 1): 9 - 8 = 1.
    expect(api.events).toEqual(['Normal ScalingReplicaSet Scaled down replica set old from 8 to 7']);
  });

  it('cleans up old ReplicaSets past revisionHistoryLimit once the rollout is complete', async () => {
    const d = deployment(2, { revisionHistoryLimit: 1 });
    d.metadata.annotations = { 'deployment.kubernetes.io/revision': '3' };
    d.status = { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2 };
    const current = replicaSet('cur', 2, 2, 3, d.spec.template);
    current.metadata.annotations = { ...current.metadata.annotations, 'deployment.kubernetes.io/desired-replicas': '2', 'deployment.kubernetes.io/max-replicas': '3' };
    const api = fakeApi([replicaSet('r1', 0, 0, 1), replicaSet('r2', 0, 0, 2), current]);
    await rolloutRolling(syncState(d, api), [...api.sets]);
    expect(api.sets.map((rs) => rs.metadata.name)).toEqual(['r2', 'cur']);
  });
});

describe('recreate', () => {
  it('scales old ReplicaSets to 0 first and creates the new one only when no old pod runs', async () => {
    const d = deployment(3, { strategy: { type: 'Recreate' } });
    const api = fakeApi([replicaSet('old', 3, 3, 1)]);
    const pods = new Map([['uid-old', [{ metadata: { name: 'p' }, status: { phase: 'Running' } }]]]);
    await rolloutRecreate(syncState(d, api), [...api.sets], pods);
    expect(api.sets).toHaveLength(1);
    expect(api.events).toEqual(['Normal ScalingReplicaSet Scaled down replica set old from 3 to 0']);

    await rolloutRecreate(syncState(d, api), [...api.sets], pods);
    expect(api.sets).toHaveLength(1);
    api.sets[0].status = { replicas: 0, observedGeneration: 1 };
    await rolloutRecreate(syncState(d, api), [...api.sets], new Map([['uid-old', [{ metadata: { name: 'p' }, status: { phase: 'Succeeded' } }]]]));
    expect(api.sets).toHaveLength(2);
    expect(api.events[1]).toBe(`Normal ScalingReplicaSet Scaled up replica set ${api.sets[1].metadata.name} from 0 to 3`);
  });
});
