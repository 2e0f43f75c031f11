import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import { resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';

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
    // deployments/status keeps annotation changes, so the revision annotation travels with the status.
    updateStatus: (d) => client.replace<KubeObject>(dPath(d, 'status'), d),
  };
}
