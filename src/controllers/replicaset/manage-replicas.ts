import { controllerOwnerRef } from 'src/controllers/common/pods';
import { slowStartBatch } from 'src/controllers/common/slow-start-batch';
import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import type { Expectations } from 'src/controllers/runtime/expectations';
import { ApiError, errorMessage, isNotFound, resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';
import type { ManageError } from 'src/controllers/replicaset/replicaset-status';

/** Most pods created or deleted in one sync (upstream's burstReplicas). */
export const BURST_REPLICAS = 500;

/**
 * The pod a ReplicaSet creates: its template's labels, annotations, finalizers and spec, named
 * `<rs>-<random>` by the server, controlled by the ReplicaSet.
 * Semantics: kubernetes pkg/controller/controller_utils.go GetPodFromTemplate.
 */
export function podFromTemplate(rs: KubeObject): KubeObject {
  const template = rs.spec?.template ?? {};
  const labels: Record<string, string> = { ...(template.metadata?.labels ?? {}) };
  if (Object.keys(labels).length === 0) {
    throw new Error('unable to create pods, no labels');
  }
  const metadata: KubeObject['metadata'] = {
    generateName: `${rs.metadata.name}-`,
    namespace: rs.metadata.namespace,
    labels,
    ownerReferences: [controllerOwnerRef({ ...rs, apiVersion: 'apps/v1', kind: 'ReplicaSet' })],
  };
  if (template.metadata?.annotations) {
    metadata.annotations = { ...template.metadata.annotations };
  }
  if (template.metadata?.finalizers) {
    metadata.finalizers = [...template.metadata.finalizers];
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: structuredClone(template.spec ?? {}) };
}


/** Whether a create failed because the namespace is being deleted (nothing to do then). */
function namespaceTerminating(e: unknown): boolean {
  return e instanceof ApiError && ((e.status.details?.causes ?? []) as { reason?: string }[]).some((c) => c.reason === 'NamespaceTerminating');
}

/** What manageReplicas works with. */
export interface ManageContext {
  client: KubeClient;
  recorder: EventRecorder;
  expectations: Expectations;
  /** The ReplicaSet's queue key (expectations are kept under it). */
  key: string;
}

/**
 * Creates or deletes pods so the ReplicaSet has spec.replicas active pods, at most BURST_REPLICAS
 * per sync; creates in slow-start batches, deletes the pods podsToDelete ranks first, all at once.
 * Expectations are raised before the writes and lowered for writes that did not happen.
 * Returns the ReplicaFailure reason and message when a write failed.
 * Semantics: kubernetes pkg/controller/replicaset/replica_set.go manageReplicas.
 */
export async function manageReplicas(mc: ManageContext, rs: KubeObject, active: KubeObject[], chooseVictims: (diff: number) => KubeObject[]): Promise<ManageError | undefined> {
  const diff = active.length - (rs.spec?.replicas ?? 1);
  if (diff < 0) {
    const toCreate = Math.min(-diff, BURST_REPLICAS);
    const pod = podFromTemplate(rs);
    mc.expectations.expectCreations(mc.key, toCreate);
    const podsPath = resourcePath('v1', 'pods', rs.metadata.namespace);
    const { successes, errors } = await slowStartBatch(Array<KubeObject>(toCreate).fill(pod), async (p) => {
      try {
        const created = await mc.client.create<KubeObject>(podsPath, p);
        mc.recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
      } catch (e) {
        if (namespaceTerminating(e)) {
          return;
        }
        mc.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(e)}`);
        throw e;
      }
    });
    for (let i = successes; i < toCreate; i++) {
      mc.expectations.creationObserved(mc.key);
    }
    return errors.length === 0 ? undefined : { reason: 'FailedCreate', message: errorMessage(errors[0]) };
  }
  if (diff > 0) {
    const victims = chooseVictims(Math.min(diff, BURST_REPLICAS));
    mc.expectations.expectDeletions(
      mc.key,
      victims.map((p) => p.metadata.uid!),
    );
    const errors: unknown[] = [];
    await Promise.all(
      victims.map(async (p) => {
        try {
          await mc.client.delete(resourcePath('v1', 'pods', p.metadata.namespace, p.metadata.name));
          mc.recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
        } catch (e) {
          mc.expectations.deletionObserved(mc.key, p.metadata.uid!);
          if (!isNotFound(e)) {
            mc.recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(e)}`);
            errors.push(e);
          }
        }
      }),
    );
    return errors.length === 0 ? undefined : { reason: 'FailedDelete', message: `unable to delete pods: ${errorMessage(errors[0])}` };
  }
  return undefined;
}
