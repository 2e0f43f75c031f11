import { isSidecar } from 'src/node-agent/pod-phase';

/** A JSON object as the API sends it. */
type Obj = Record<string, any>;

/** Condition types the kubelet owns, in the order it lists them. */
export const KUBELET_POD_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'] as const;

/** A condition before timestamps: type, status and optional reason/message. */
export interface ConditionCore {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/** Go's %s of a []string: `[a b]`. */
function goList(names: string[]): string {
  return `[${names.join(' ')}]`;
}

function statusOf(statuses: Obj[], name: string): Obj | undefined {
  return statuses.find((s) => s.name === name);
}

/**
 * ContainersReady: all app containers and sidecars ready; terminal pods are never ready.
 * Semantics: kubelet status/generate.go GenerateContainersReadyCondition.
 */
export function containersReadyCondition(spec: Obj, statuses: Obj[] | undefined, phase: string): ConditionCore {
  if (statuses === undefined) {
    return { type: 'ContainersReady', status: 'False', reason: 'UnknownContainerStatuses' };
  }
  const unknown: string[] = [];
  const unready: string[] = [];
  const check = (c: Obj) => {
    const s = statusOf(statuses, c.name);
    if (!s) {
      unknown.push(c.name);
    } else if (!s.ready) {
      unready.push(c.name);
    }
  };
  (spec.initContainers ?? []).filter(isSidecar).forEach(check);
  (spec.containers ?? []).forEach(check);
  if ((phase === 'Succeeded' && unknown.length === 0) || phase === 'Failed') {
    return { type: 'ContainersReady', status: 'False', reason: phase === 'Failed' ? 'PodFailed' : 'PodCompleted' };
  }
  const messages: string[] = [];
  if (unknown.length > 0) {
    messages.push(`containers with unknown status: ${goList(unknown)}`);
  }
  if (unready.length > 0) {
    messages.push(`containers with unready status: ${goList(unready)}`);
  }
  if (messages.length > 0) {
    return { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: messages.join(', ') };
  }
  return { type: 'ContainersReady', status: 'True' };
}

/**
 * Ready: ContainersReady, and every readiness gate's condition True (gates are set by others).
 * Semantics: kubelet status/generate.go GeneratePodReadyCondition.
 */
export function readyCondition(spec: Obj, conditions: Obj[], containersReady: ConditionCore): ConditionCore {
  if (containersReady.status !== 'True') {
    return { ...containersReady, type: 'Ready' };
  }
  const messages: string[] = [];
  for (const gate of spec.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === gate.conditionType);
    if (!c) {
      messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    } else if (c.status !== 'True') {
      messages.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`);
    }
  }
  return messages.length > 0 ? { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: messages.join(', ') } : { type: 'Ready', status: 'True' };
}

/**
 * Initialized: every init container succeeded (sidecars: started), or an app container already ran.
 * Semantics: kubelet status/generate.go GeneratePodInitializedCondition.
 */
export function initializedCondition(spec: Obj, initStatuses: Obj[], appStatuses: Obj[], phase: string): ConditionCore {
  const inits: Obj[] = spec.initContainers ?? [];
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of inits) {
    const s = statusOf(initStatuses, c.name);
    if (!s) {
      unknown.push(c.name);
    } else if (isSidecar(c) ? !s.started : !s.ready) {
      incomplete.push(c.name);
    }
  }
  if (phase === 'Succeeded' && unknown.length === 0) {
    return { type: 'Initialized', status: 'True', reason: 'PodCompleted' };
  }
  const anyAppStarted = appStatuses.some((s) => s.state?.running || s.state?.terminated || s.lastState?.terminated);
  if (anyAppStarted) {
    return { type: 'Initialized', status: 'True' };
  }
  const messages: string[] = [];
  if (unknown.length > 0) {
    messages.push(`containers with unknown status: ${goList(unknown)}`);
  }
  if (incomplete.length > 0) {
    messages.push(`containers with incomplete status: ${goList(incomplete)}`);
  }
  return messages.length > 0
    ? { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: messages.join(', ') }
    : { type: 'Initialized', status: 'True' };
}

/**
 * The kubelet's conditions of a pod plus every other condition it already has (PodScheduled,
 * readiness gates …), with lastTransitionTime kept while a status does not change and
 * observedGeneration stamped when the pod has a generation.
 * Semantics: kubelet kubelet_pods.go generateAPIPodStatus, status_manager.go updateLastTransitionTime.
 */
export function podConditions(
  pod: Obj,
  cores: { sandboxReady: boolean; phase: string; initStatuses: Obj[]; appStatuses: Obj[] },
  now: string,
): Obj[] {
  const spec: Obj = pod.spec ?? {};
  const old: Obj[] = pod.status?.conditions ?? [];
  const containersReady = containersReadyCondition(spec, cores.appStatuses, cores.phase);
  const list: ConditionCore[] = [
    { type: 'PodReadyToStartContainers', status: cores.sandboxReady ? 'True' : 'False' },
    initializedCondition(spec, cores.initStatuses, cores.appStatuses, cores.phase),
    readyCondition(spec, old, containersReady),
    containersReady,
  ];
  const generation = typeof pod.metadata?.generation === 'number' ? pod.metadata.generation : undefined;
  const stamped = list.map((c) => {
    const prev = old.find((o) => o.type === c.type);
    return {
      ...(generation !== undefined ? { observedGeneration: generation } : {}),
      type: c.type,
      status: c.status,
      lastProbeTime: null,
      lastTransitionTime: prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : now,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
    };
  });
  const owned = new Set<string>(KUBELET_POD_CONDITIONS);
  return [...stamped, ...old.filter((o) => !owned.has(o.type))];
}
