import { ApiError } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';
import type { DeploymentApi, SyncState } from 'src/controllers/deployment/deployment-api';

/** An in-memory DeploymentApi for unit tests (as client-go's fake clientset): writes change `sets`, events are recorded. */
export interface FakeApi extends DeploymentApi {
  sets: KubeObject[];
  events: string[];
  statuses: KubeObject[];
}

/** A fake API over these ReplicaSets; created ones get a uid, a creation time after the others and resourceVersion 1. */
export function fakeApi(sets: KubeObject[] = []): FakeApi {
  let n = 0;
  const api: FakeApi = {
    sets,
    events: [],
    statuses: [],
    async createReplicaSet(rs) {
      if (api.sets.some((s) => s.metadata.name === rs.metadata.name)) {
        throw new ApiError(409, 'AlreadyExists', { message: `replicasets.apps "${rs.metadata.name}" already exists` });
      }
      const created: KubeObject = { ...structuredClone(rs), status: { replicas: 0 } };
      created.metadata = { ...created.metadata, uid: `uid-${rs.metadata.name}`, resourceVersion: '1', generation: 1, creationTimestamp: new Date(Date.UTC(2030, 0, 1, 0, 0, ++n)).toISOString() };
      api.sets.push(created);
      return structuredClone(created);
    },
    async updateReplicaSet(rs) {
      const i = api.sets.findIndex((s) => s.metadata.uid === rs.metadata.uid);
      api.sets[i] = structuredClone(rs);
      return structuredClone(rs);
    },
    async deleteReplicaSet(rs) {
      api.sets = api.sets.filter((s) => s.metadata.uid !== rs.metadata.uid);
    },
    cachedReplicaSet: (_ns, name) => api.sets.find((s) => s.metadata.name === name),
    async updateStatus(d) {
      api.statuses.push(structuredClone(d));
      return structuredClone(d);
    },
    async update(d) {
      return structuredClone(d);
    },
    event(_d, type, reason, message) {
      api.events.push(`${type} ${reason} ${message}`);
    },
  };
  return api;
}

/** A SyncState for a Deployment over a fake API at a fixed time. */
export function syncState(d: KubeObject, api: FakeApi, now = new Date('2030-01-01T00:10:00Z')): SyncState {
  return { d: structuredClone(d), api, now };
}

/** A RollingUpdate Deployment as the API server stores it (defaults applied). */
export function deployment(replicas: number, overrides: Record<string, any> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'ns', uid: 'd-uid', generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
      ...overrides,
    },
    status: {},
  };
}

/** A ReplicaSet of the Deployment with a size, an available count and a revision. */
export function replicaSet(name: string, replicas: number, available: number, revision: number, template?: Record<string, any>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'ns',
      uid: `uid-${name}`,
      resourceVersion: '1',
      generation: 1,
      creationTimestamp: `2029-01-01T00:00:0${revision}Z`,
      annotations: { 'deployment.kubernetes.io/revision': String(revision) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true }],
    },
    spec: { replicas, template: template ?? { metadata: { labels: { app: 'web', 'pod-template-hash': name } }, spec: { containers: [{ name: 'web', image: `old-${name}` }] } } },
    status: { replicas, readyReplicas: available, availableReplicas: available, observedGeneration: 1 },
  };
}
