import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import { resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kube-scheduler schedule_one.go handleSchedulingFailure (FailedScheduling event with
// the message truncated to NoteLengthLimit, PodScheduled condition via updatePod) and
// pkg/api/v1/pod UpdatePodCondition (lastTransitionTime kept while the status stays the same).

/** validation.NoteLengthLimit: event messages are cut to this many characters. */
const NOTE_LENGTH_LIMIT = 1024;

/** The message an event carries: at most 1024 characters, cut with " ...". */
export function truncateMessage(message: string): string {
  return message.length <= NOTE_LENGTH_LIMIT ? message : `${message.slice(0, NOTE_LENGTH_LIMIT - 4)} ...`;
}

/** metav1.Time: RFC 3339 with second precision. */
function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The PodScheduled=False condition for a pod, or undefined when the pod already carries it with
 * the same reason and message (nothing to write).
 */
export function podScheduledCondition(pod: KubeObject, reason: string, message: string): Record<string, unknown> | undefined {
  const old = (pod.status?.conditions ?? []).find((c: any) => c?.type === 'PodScheduled');
  if (old && old.status === 'False' && old.reason === reason && old.message === message) {
    return undefined;
  }
  const lastTransitionTime = old && old.status === 'False' && old.lastTransitionTime ? old.lastTransitionTime : now();
  return { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime, reason, message };
}

/** Writes what the scheduler reports about pods: events and the PodScheduled condition. */
export class Reporter {
  constructor(
    private readonly client: KubeClient,
    private readonly recorder: EventRecorder,
    private readonly log: (msg: string) => void,
  ) {}

  /** Normal Scheduled event after a successful binding. */
  scheduled(pod: KubeObject, node: string): void {
    this.recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node}`);
  }

  /** Warning FailedScheduling event and, when it changed, the PodScheduled=False condition. */
  failed(pod: KubeObject, reason: 'Unschedulable' | 'SchedulerError', message: string): void {
    this.recorder.event(pod, 'Warning', 'FailedScheduling', truncateMessage(message));
    this.setCondition(pod, reason, message);
  }

  /** PodScheduled=False SchedulingGated on a gated pod that lacks it. */
  gated(pod: KubeObject): void {
    this.setCondition(pod, 'SchedulingGated', 'Scheduling is blocked due to non-empty scheduling gates');
  }

  private setCondition(pod: KubeObject, reason: string, message: string): void {
    const condition = podScheduledCondition(pod, reason, message);
    if (!condition) {
      return;
    }
    const path = resourcePath('v1', 'pods', pod.metadata.namespace, pod.metadata.name, 'status');
    const patch = { metadata: { uid: pod.metadata.uid }, status: { conditions: [condition] } };
    this.client
      .patch(path, patch, 'strategic')
      .catch((err: unknown) => this.log(`updating PodScheduled of ${pod.metadata.namespace}/${pod.metadata.name}: ${String(err)}`));
  }
}
