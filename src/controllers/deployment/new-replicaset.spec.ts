import { ApiError } from 'src/controllers/runtime/kube-client';
import { getAllReplicaSetsAndSyncRevision } from 'src/controllers/deployment/new-replicaset';
import { syncDeployment } from 'src/controllers/deployment/sync';
import { computeHash } from 'src/controllers/deployment/template-hash';
import { deployment, fakeApi, replicaSet, syncState } from 'src/controllers/deployment/testing/fake-api';

const inputs = (sets: () => any[]) => ({ claimReplicaSets: async () => sets(), podsBySet: () => new Map() });

describe('the new ReplicaSet', () => {
  it('is created as <deployment>-<hash> with the hash label, selector, owner, annotations and size', async () => {
    const d = deployment(4, { minReadySeconds: 5 });
    d.metadata.annotations = { team: 'a' };
    const api = fakeApi();
    const { newRS } = await getAllReplicaSetsAndSyncRevision(syncState(d, api), [], true);
    const hash = computeHash(d.spec.template);
    expect(newRS!.metadata).toMatchObject({
      name: `web-${hash}`,
      labels: { app: 'web', 'pod-template-hash': hash },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true, blockOwnerDeletion: true }],
      annotations: { team: 'a', 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '4', 'deployment.kubernetes.io/max-replicas': '5' },
    });
    expect(newRS!.spec).toMatchObject({ replicas: 4, minReadySeconds: 5, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } } });
    expect(newRS!.spec.template.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(api.statuses[0].metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
  });

  it('an existing ReplicaSet of that name with another template is a hash collision: collisionCount goes up', async () => {
    const d = deployment(2);
    const squatter = replicaSet(`web-${computeHash(d.spec.template)}`, 1, 1, 1);
    const api = fakeApi([squatter]);
    const err = await syncDeployment(syncState(d, api), inputs(() => [squatter])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(api.statuses.pop()!.status.collisionCount).toBe(1);
    d.status = { collisionCount: 1 };
    await syncDeployment(syncState(d, api), inputs(() => [squatter]));
    expect(api.sets.map((rs) => rs.metadata.name)).toContain(`web-${computeHash(d.spec.template, 1)}`);
  });

  it('a failed create sets Progressing=False ReplicaSetCreateError and records a warning', async () => {
    const d = deployment(2);
    const api = fakeApi();
    api.createReplicaSet = async () => {
      throw new ApiError(403, 'Forbidden', { message: 'exceeded quota' });
    };
    await expect(syncDeployment(syncState(d, api), inputs(() => []))).rejects.toThrow('exceeded quota');
    const msg = `Failed to create new replica set "web-${computeHash(d.spec.template)}": exceeded quota`;
    expect(api.events).toEqual([`Warning ReplicaSetCreateError ${msg}`]);
    expect(api.statuses[0].status.conditions).toEqual([expect.objectContaining({ type: 'Progressing', status: 'False', reason: 'ReplicaSetCreateError', message: msg })]);
  });

  it('an existing new ReplicaSet gets its annotations brought up to date; then the Deployment gets FoundNewReplicaSet and its revision', async () => {
    const d = deployment(2);
    d.metadata.annotations = { 'kubernetes.io/change-cause': 'v2' };
    const current = replicaSet('cur', 2, 2, 1, d.spec.template);
    const api = fakeApi([current]);
    await getAllReplicaSetsAndSyncRevision(syncState(d, api), [current], false);
    expect(api.sets[0].metadata.annotations?.['kubernetes.io/change-cause']).toBe('v2');
    expect(api.statuses).toHaveLength(0);
    await getAllReplicaSetsAndSyncRevision(syncState(d, api), [...api.sets], false);
    expect(api.statuses[0].metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(api.statuses[0].status.conditions).toEqual([expect.objectContaining({ reason: 'FoundNewReplicaSet', message: 'Found new replica set "cur"' })]);
  });

  it('an empty selector only records SelectingAll and the observed generation', async () => {
    const d = deployment(2, { selector: {} });
    d.metadata.generation = 2;
    const api = fakeApi();
    await syncDeployment(syncState(d, api), inputs(() => []));
    expect(api.events).toEqual(['Warning SelectingAll This deployment is selecting all pods. A non-empty selector is required.']);
    expect(api.statuses[0].status.observedGeneration).toBe(2);
  });

  it('serves a legacy rollback request by copying the old template back and clearing the request', async () => {
    const d = deployment(2);
    d.metadata.annotations = { 'deprecated.deployment.rollback.to': '1' };
    const old = replicaSet('old', 0, 0, 1);
    const current = replicaSet('cur', 2, 2, 2, d.spec.template);
    const api = fakeApi([old, current]);
    const updates: any[] = [];
    api.update = async (obj) => (updates.push(obj), obj);
    await syncDeployment(syncState(d, api), inputs(() => [...api.sets]));
    expect(updates).toHaveLength(1);
    expect(updates[0].metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '2' });
    expect(updates[0].spec.template).toEqual({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'old-old' }] } });
    expect(api.events).toEqual(['Normal DeploymentRollback Rolled back deployment "web" to revision 1']);
  });
});
