import { EventRecorder } from 'src/controllers/runtime/event-recorder';
import type { KubeClient } from 'src/controllers/runtime/kube-client';
import { podDescription } from 'src/node-agent/container-status';
import { formatGoDuration } from 'src/node-agent/durations';
import type { KubeObject } from 'src/registry/generic/object';

// Event texts of a v1.35 kubelet. Semantics: kubelet images/image_manager.go (Pulling, Pulled),
// kuberuntime_container.go startContainer ("Container created" / "Container started" since
// kubernetes#134043, v1.35) and killContainer, kuberuntime_manager.go doBackOff,
// kubelet_node_status.go recordNodeStatusEvent.

/** The event messages, one function per reason. */
export const kubeletMessages = {
  pulling: (image: string) => `Pulling image "${image}"`,
  pulled: (image: string, ms: number, bytes: number) =>
    `Successfully pulled image "${image}" in ${formatGoDuration(ms)} (${formatGoDuration(ms)} including waiting). Image size: ${bytes} bytes.`,
  present: (image: string) => `Container image "${image}" already present on machine and can be accessed by the pod`,
  created: () => 'Container created',
  started: () => 'Container started',
  killing: (container: string) => `Stopping container ${container}`,
  backOff: (pod: KubeObject, container: string) => `Back-off restarting failed container ${container} in pod ${podDescription(pod)}`,
  sandboxFailed: (err: string) => `Failed to create pod sandbox: ${err}`,
  nodeStatus: (node: string, event: string) => `Node ${node} status is now: ${event}`,
};

/** The fieldPath of a container in event references: `spec.containers{web}`. */
export function containerFieldPath(pod: KubeObject, container: string): string {
  const init = (pod.spec?.initContainers ?? []).some((c: { name: string }) => c.name === container);
  return `${init ? 'spec.initContainers' : 'spec.containers'}{${container}}`;
}

/**
 * The kubelet's event recorders, one per node (source host = node name), created on first use;
 * a no-op when events are switched off.
 */
export class KubeletEvents {
  private readonly recorders = new Map<string, EventRecorder>();

  constructor(
    private readonly client: KubeClient,
    private readonly enabled: boolean,
  ) {}

  /** An event about a pod, or about one of its containers when `container` is given. */
  pod(nodeName: string, pod: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, container?: string): void {
    if (this.enabled) {
      const ref = { apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata };
      this.recorder(nodeName).event(ref, type, reason, message, container ? containerFieldPath(pod, container) : undefined);
    }
  }

  /** An event about a node; the kubelet refers to its node with UID = name, in namespace default. */
  node(nodeName: string, reason: string, message: string): void {
    if (this.enabled) {
      this.recorder(nodeName).event({ apiVersion: 'v1', kind: 'Node', metadata: { name: nodeName, uid: nodeName } }, 'Normal', reason, message);
    }
  }

  /** Waits for queued events to be written, at most `timeoutMs` (the rest are dropped with the process). */
  async flush(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all([...this.recorders.values()].map((r) => r.flush())), timeout]);
    clearTimeout(timer);
  }

  private recorder(nodeName: string): EventRecorder {
    let r = this.recorders.get(nodeName);
    if (!r) {
      r = new EventRecorder(this.client, { component: 'kubelet', host: nodeName });
      this.recorders.set(nodeName, r);
    }
    return r;
  }
}
