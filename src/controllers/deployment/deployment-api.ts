import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import { resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';
import { REVISION } from 'src/controllers/deployment/revision';

/** The writes the Deployment controller makes, as plain functions (tests pass fakes). */
export interface DeploymentApi {
  createReplicaSet(rs: KubeObject): Promise<KubeObject>;
  /** PUT of a ReplicaSet with the resourceVersion it was read at (409 on a stale one). */
  updateReplicaSet(rs: KubeObject): Promise<KubeObject>;
  deleteReplicaSet(rs: KubeObject): Promise<void>;
  /** The cached ReplicaSet of that name, if any. */
  cachedReplicaSet(namespace: string, name: string): KubeObject | undefined;
  /** PUT .../status of the Deployment (its status and revision annotation); resolves with the stored object. */
  updateStatus(d: KubeObject): Promise<KubeObject>;
  /** PUT of the whole Deployment (legacy rollback only). */
  update(d: KubeObject): Promise<KubeObject>;
  event(d: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** One sync of one Deployment: the working copy (replaced by every write's answer), the API and the clock. */
export interface SyncState {
  d: KubeObject;
  api: DeploymentApi;
  now: Date;
  /** Set when the Deployment must be looked at again after this many ms (progress deadline). */
  requeueAfter?: number;
}

/** The DeploymentApi over the API server. */
export function clientDeploymentApi(client: KubeClient, recorder: EventRecorder, cached: (ns: string, name: string) => KubeObject | undefined): DeploymentApi {
  const rsPath = (rs: KubeObject) => resourcePath('apps/v1', 'replicasets', rs.metadata.namespace, rs.metadata.name);
  const dPath = (d: KubeObject, sub?: string) => resourcePath('apps/v1', 'deployments', d.metadata.namespace, d.metadata.name, sub);
  return {
    createReplicaSet: (rs) => client.create<KubeObject>(resourcePath('apps/v1', 'replicasets', rs.metadata.namespace), rs),
    updateReplicaSet: (rs) => client.replace<KubeObject>(rsPath(rs), rs),
    deleteReplicaSet: async (rs) => {
      await client.delete(rsPath(rs));
    },
    cachedReplicaSet: cached,
    update: (d) => client.replace<KubeObject>(dPath(d), d),
    event: (d, type, reason, message) => recorder.event(d, type, reason, message),
    async updateStatus(d) {
      const stored = await client.replace<KubeObject>(dPath(d, 'status'), d);
      const want = d.metadata.annotations?.[REVISION];
      if (want === undefined || stored.metadata.annotations?.[REVISION] === want) {
        return stored;
      }
      // Upstream's deployments/status keeps annotation changes (the revision is written there
      // without a new generation). An API server that drops them gets the annotation through the
      // main resource, which bumps the generation, so the status is restated for the new one.
      const patched = await client.patch<KubeObject>(dPath(d), { metadata: { annotations: { [REVISION]: want }, resourceVersion: stored.metadata.resourceVersion } }, 'merge');
      if (stored.status?.observedGeneration !== stored.metadata.generation || patched.metadata.generation === stored.metadata.generation) {
        return patched;
      }
      return client.replace<KubeObject>(dPath(patched, 'status'), { ...patched, status: { ...patched.status, observedGeneration: patched.metadata.generation } });
    },
  };
}
