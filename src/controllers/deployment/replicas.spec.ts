import { deployment, replicaSet } from 'src/controllers/deployment/testing/fake-api';
import { deploymentComplete, deploymentProgressing, isSaturated, maxSurge, maxUnavailable, newRSNewReplicas, resolveFenceposts } from 'src/controllers/deployment/replicas';

describe('maxSurge / maxUnavailable', () => {
  it.each([
    // surge, unavailable, replicas → surge (rounded up), unavailable (rounded down)
    ['25%', '25%', 10, 3, 2],
    ['25%', '25%', 3, 1, 0],
    ['25%', '25%', 5, 2, 1],
    ['25%', '25%', 1, 1, 0],
    ['10%', '10%', 5, 1, 0],
    ['0%', '0%', 10, 0, 1],
    [0, 0, 10, 0, 1],
    [2, '50%', 7, 2, 3],
    ['100%', 0, 4, 4, 0],
    ['33%', '33%', 3, 1, 0],
    ['25%', '25%', 0, 0, 1],
  ])('surge %j unavailable %j of %d replicas → %d / %d', (surge, unavailable, replicas, wantSurge, wantUnavailable) => {
    expect(resolveFenceposts(surge as string, unavailable as string, replicas as number)).toEqual({ surge: wantSurge, unavailable: wantUnavailable });
  });

  it('rejects a non-percent string', () => {
    expect(() => resolveFenceposts('3', 0, 10)).toThrow('string is not a percentage');
  });

  it('MaxUnavailable is capped by replicas and 0 for Recreate or no replicas; MaxSurge is 0 for Recreate', () => {
    expect(maxUnavailable(deployment(2, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 5 } } }))).toBe(2);
    expect(maxUnavailable(deployment(0))).toBe(0);
    expect(maxUnavailable(deployment(10, { strategy: { type: 'Recreate' } }))).toBe(0);
    expect(maxSurge(deployment(10, { strategy: { type: 'Recreate' } }))).toBe(0);
    expect(maxSurge(deployment(10))).toBe(3);
  });
});

describe('NewRSNewReplicas', () => {
  it.each([
    // replicas, old sizes, new size → next new size (25%/25%)
    [10, [10], 0, 3],
    [10, [8], 3, 5],
    [10, [10], 3, 3],
    [10, [2], 8, 10],
    [10, [0], 4, 10],
    [3, [3], 0, 1],
    [4, [1, 1], 1, 3],
  ])('%d replicas, old %j, new %d → %d', (replicas, old, cur, want) => {
    const d = deployment(replicas as number);
    const newRS = replicaSet('new', cur as number, 0, 9);
    const all = [...(old as number[]).map((n, i) => replicaSet(`old${i}`, n, n, i + 1)), newRS];
    expect(newRSNewReplicas(d, all, newRS)).toBe(want);
  });

  it('is spec.replicas for Recreate', () => {
    expect(newRSNewReplicas(deployment(5, { strategy: { type: 'Recreate' } }), [replicaSet('old', 5, 5, 1)], replicaSet('new', 0, 0, 2))).toBe(5);
  });
});

describe('rollout predicates', () => {
  it('isSaturated needs size, desired-replicas annotation and availability at spec.replicas', () => {
    const rs = replicaSet('new', 3, 3, 2);
    expect(isSaturated(deployment(3), rs)).toBe(false);
    rs.metadata.annotations!['deployment.kubernetes.io/desired-replicas'] = '3';
    expect(isSaturated(deployment(3), rs)).toBe(true);
    rs.status.availableReplicas = 2;
    expect(isSaturated(deployment(3), rs)).toBe(false);
  });

  it('deploymentComplete and deploymentProgressing compare status counts', () => {
    const d = deployment(3);
    expect(deploymentComplete(d, { updatedReplicas: 3, replicas: 3, availableReplicas: 3, observedGeneration: 1 })).toBe(true);
    expect(deploymentComplete(d, { updatedReplicas: 3, replicas: 4, availableReplicas: 3, observedGeneration: 1 })).toBe(false);
    expect(deploymentComplete(d, { updatedReplicas: 3, replicas: 3, availableReplicas: 3, observedGeneration: 0 })).toBe(false);
    d.status = { replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3 };
    expect(deploymentProgressing(d, { replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3 })).toBe(false);
    expect(deploymentProgressing(d, { replicas: 4, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3 })).toBe(true);
    expect(deploymentProgressing(d, { replicas: 3, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3 })).toBe(true);
    expect(deploymentProgressing(d, { replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 4 })).toBe(true);
  });
});
