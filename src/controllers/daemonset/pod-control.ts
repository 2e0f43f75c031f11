import type { KubeObject } from 'src/registry/generic/object';
import { slowStartBatch } from 'src/controllers/common/slow-start-batch';
import { podFromTemplate } from 'src/controllers/common/template-pod';
import { DAEMON_HASH_LABEL, TEMPLATE_GENERATION_LABEL, templateGeneration } from 'src/controllers/daemonset/history';
import { addDaemonPodTolerations, pinToNode } from 'src/controllers/daemonset/node-eligibility';
import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import type { Expectations } from 'src/controllers/runtime/expectations';
import { ApiError, errorMessage, isNotFound, resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';

// Semantics: kubernetes pkg/controller/daemon/daemon_controller.go syncNodes, daemon/util
// CreatePodTemplate, and controller_utils.go RealPodControl (event reasons and messages).

/** Creates and deletes per sync at most (BurstReplicas). */
export const BURST_REPLICAS = 250;

function namespaceTerminating(err: unknown): boolean {
  return err instanceof ApiError && (err.status.details?.causes ?? []).some((c: { type?: string }) => c.type === 'NamespaceTerminating');
}

/** The daemon pod template: template plus daemon tolerations, the template generation and hash labels (CreatePodTemplate). */
export function daemonPodTemplate(ds: KubeObject, hash: string): Record<string, any> {
  const template = structuredClone(ds.spec?.template ?? {});
  template.spec ??= {};
  addDaemonPodTolerations(template.spec);
  template.metadata ??= {};
  template.metadata.labels = { ...(template.metadata.labels ?? {}) };
  const generation = templateGeneration(ds);
  if (generation !== undefined) {
    template.metadata.labels[TEMPLATE_GENERATION_LABEL] = String(generation);
  }
  if (hash) {
    template.metadata.labels[DAEMON_HASH_LABEL] = hash;
  }
  return template;
}

/** Pod writes of the DaemonSet controller, with expectations set before and events after. */
export class DaemonPodControl {
  constructor(
    private readonly client: KubeClient,
    private readonly recorder: EventRecorder,
    private readonly expectations: Expectations,
  ) {}

  /**
   * Deletes the pods and creates one pod pinned to each node (slow-start batches, at most
   * BURST_REPLICAS of each). Returns the errors; creations skipped after a failing batch are
   * taken off the expectations and retried by a later sync.
   */
  async syncNodes(ds: KubeObject, key: string, deletePods: KubeObject[], createOn: string[], hash: string): Promise<unknown[]> {
    const creates = createOn.slice(0, BURST_REPLICAS);
    const deletes = deletePods.slice(0, BURST_REPLICAS);
    this.expectations.expectCreations(key, creates.length);
    this.expectations.expectDeletions(
      key,
      deletes.map((p) => p.metadata.uid!),
    );
    const template = daemonPodTemplate(ds, hash);
    const created = await slowStartBatch(creates, (node) => this.createPod(ds, key, template, node));
    for (let i = created.successes + created.errors.length; i < creates.length; i++) {
      this.expectations.creationObserved(key);
    }
    const deleted = await Promise.all(
      deletes.map((p) =>
        this.deletePod(ds, key, p).then(
          () => undefined,
          (e: unknown) => e,
        ),
      ),
    );
    return [...created.errors, ...deleted.filter((e) => e !== undefined)];
  }

  private async createPod(ds: KubeObject, key: string, template: Record<string, any>, nodeName: string): Promise<void> {
    const pod = podFromTemplate(template, ds);
    pinToNode(pod.spec, nodeName);
    try {
      const created = await this.client.create<KubeObject>(resourcePath('v1', 'pods', ds.metadata.namespace), pod);
      this.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (e) {
      this.expectations.creationObserved(key);
      if (namespaceTerminating(e)) {
        return;
      }
      this.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(e)}`);
      throw e;
    }
  }

  private async deletePod(ds: KubeObject, key: string, pod: KubeObject): Promise<void> {
    try {
      await this.client.delete(resourcePath('v1', 'pods', pod.metadata.namespace, pod.metadata.name), { preconditions: { uid: pod.metadata.uid } });
      this.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
    } catch (e) {
      this.expectations.deletionObserved(key, pod.metadata.uid!);
      if (isNotFound(e)) {
        return;
      }
      this.recorder.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(e)}`);
      throw e;
    }
  }
}
