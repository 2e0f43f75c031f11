import { apiContainerStatuses, apiTime } from 'src/node-agent/container-status';
import type { BackOffWait } from 'src/node-agent/crash-backoff';
import type { PodBehaviour } from 'src/node-agent/pod-behaviour';
import { podConditions } from 'src/node-agent/pod-conditions';
import { podPhase } from 'src/node-agent/pod-phase';
import type { NodeNetwork, RuntimePodStatus } from 'src/node-agent/runtime';

/** A JSON object as the API sends it. */
type Obj = Record<string, any>;

/** What a pod's status is computed from. */
export interface PodStatusInput {
  pod: Obj;
  node: NodeNetwork;
  runtime: RuntimePodStatus | undefined;
  backOffs: ReadonlyMap<string, BackOffWait>;
  behaviour: PodBehaviour;
  now: number;
}

/**
 * The status the kubelet would write for a pod now: phase, conditions, host and pod IPs, start
 * time and container statuses; plus the next time it changes by itself (a container turning
 * started or ready). Fields the kubelet does not own (qosClass, nominatedNodeName …) are left out.
 * A deleted pod whose containers have all stopped is terminal: Succeeded or Failed.
 * Semantics: kubelet kubelet_pods.go generateAPIPodStatus, status_manager.go mergePodStatus.
 */
export function desiredPodStatus(input: PodStatusInput): { status: Obj; nextAt?: number } {
  const { pod, node, runtime, now } = input;
  const old: Obj = pod.status ?? {};
  const attempts = runtime?.containers ?? [];
  const common = { pod, attempts, backOffs: input.backOffs, behaviour: input.behaviour, now };
  const init = apiContainerStatuses({ ...common, kind: 'init' });
  const apps = apiContainerStatuses({ ...common, kind: 'app' });
  const latestRunning = attempts.some((c) => c.state === 'running');
  const podIsTerminal = Boolean(pod.metadata?.deletionTimestamp) && !latestRunning;
  const phase = podPhase(pod.spec ?? {}, init.statuses, apps.statuses, podIsTerminal);
  const sandbox = runtime?.sandbox;
  const sandboxReady = Boolean(sandbox && sandbox.readyAt <= now) && !podIsTerminal;
  const ips: string[] = sandbox && sandbox.readyAt <= now ? sandbox.ips : (old.podIPs ?? []).map((p: Obj) => p.ip);
  const conditions = podConditions(pod, { sandboxReady, phase, initStatuses: init.statuses, appStatuses: apps.statuses }, apiTime(now));
  const generation = pod.metadata?.generation;
  const hostIP = node.nodeIPs[0];
  const status: Obj = {
    ...(typeof generation === 'number' ? { observedGeneration: generation } : {}),
    phase,
    conditions,
    hostIP,
    hostIPs: node.nodeIPs.map((ip) => ({ ip })),
    ...(ips.length > 0 ? { podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) } : {}),
    startTime: old.startTime ?? apiTime(now),
    ...((pod.spec?.initContainers ?? []).length > 0 ? { initContainerStatuses: init.statuses } : {}),
    containerStatuses: apps.statuses,
  };
  const nextAt = Math.min(init.nextAt ?? Infinity, apps.nextAt ?? Infinity);
  return { status, nextAt: nextAt === Infinity ? undefined : nextAt };
}
