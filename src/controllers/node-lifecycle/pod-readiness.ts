import { updatePodCondition } from 'src/controllers/common/pod-conditions';
import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import { isNotFound, resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import type { NodeCondition } from 'src/controllers/node-lifecycle/node-health';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/util/node/controller_utils.go MarkPodsNotReady.

/**
 * Sets the pods' Ready condition to False (status PUT) and records NodeNotReady on each.
 * Semantics: MarkPodsNotReady.
 */
export async function markPodsNotReady(client: KubeClient, recorder: EventRecorder, pods: KubeObject[], nodeName: string, now: Date): Promise<void> {
  const errors: unknown[] = [];
  await Promise.all(
    pods.map(async (p) => {
      const ready = nodeName === p.spec?.nodeName ? (p.status?.conditions ?? []).find((c: NodeCondition) => c.type === 'Ready') : undefined;
      if (!ready) {
        return;
      }
      const pod = structuredClone(p);
      if (!updatePodCondition(pod.status, { ...ready, status: 'False' }, now)) {
        return;
      }
      try {
        await client.replace(resourcePath('v1', 'pods', pod.metadata.namespace, pod.metadata.name, 'status'), pod);
      } catch (err) {
        if (isNotFound(err)) {
          return;
        }
        errors.push(err);
      }
      recorder.event(p, 'Warning', 'NodeNotReady', 'Node is not ready');
    }),
  );
  if (errors.length > 0) {
    throw errors[0];
  }
}
