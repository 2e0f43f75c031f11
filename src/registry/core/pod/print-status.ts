import { humanDuration } from 'src/apiserver/table/human-duration';

// Semantics: kubernetes pkg/printers/internalversion/printers.go printPod (READY, STATUS and
// RESTARTS), hasPodReadyCondition, isPodInitializedConditionTrue; pkg/api/pod
// IsRestartableInitContainer; pkg/api/v1/pod IsPodPhaseTerminal; pkg/util/node NodeUnreachablePodReason.

/** A JSON object as stored. */
type Obj = Record<string, any>;

/** The three pod cells `kubectl get pods` derives from container statuses. */
export interface PodStatusCells {
  /** `ready/total`, sidecars (restartable init containers) included in both counts. */
  ready: string;
  /** The aggregate status: a phase, a container reason, `Init:…`, `Terminating` … */
  status: string;
  /** The restart count, with `(5m ago)` from the latest container termination when non-zero. */
  restarts: string;
}

/** The pod reason the node lifecycle controller sets on pods of an unreachable node. */
const NODE_UNREACHABLE_REASON = 'NodeLost';

function isRestartableInitContainer(c: Obj | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

function conditionIs(status: Obj | undefined, type: string): boolean {
  return (status?.conditions ?? []).find((c: Obj) => c.type === type)?.status === 'True';
}

function hasPodReadyCondition(status: Obj | undefined): boolean {
  return (status?.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True');
}

/** No known time (Go's zero time.Time). */
const NEVER = -Infinity;

/** The time a container last terminated, NEVER when unknown. */
function lastTermination(cs: Obj): number {
  const at = cs.lastState?.terminated?.finishedAt;
  const ms = at ? Date.parse(at) : NaN;
  return Number.isNaN(ms) ? NEVER : ms;
}

/** `Signal:N` / `ExitCode:N` for a terminated state without a reason. */
function exitDescription(terminated: Obj): string {
  return terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
}

/** Computes the READY, STATUS and RESTARTS cells of a pod exactly as printPod does. */
export function podStatusCells(pod: Obj, now: Date): PodStatusCells {
  const spec: Obj = pod.spec ?? {};
  const status: Obj = pod.status ?? {};
  const specInit: Obj[] = spec.initContainers ?? [];
  const phase: string = status.phase ?? '';
  let reason: string = status.reason || phase;
  if ((status.conditions ?? []).some((c: Obj) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }

  const initByName = new Map<string, Obj>(specInit.map((c) => [c.name, c]));
  const total = (spec.containers ?? []).length + specInit.filter(isRestartableInitContainer).length;
  let ready = 0;
  let restarts = 0;
  let lastRestart = NEVER;
  let sidecarRestarts = 0;
  let lastSidecarRestart = NEVER;

  let initializing = false;
  const initStatuses: Obj[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    const state: Obj = cs.state ?? {};
    const sidecar = isRestartableInitContainer(initByName.get(cs.name));
    restarts += cs.restartCount ?? 0;
    lastRestart = Math.max(lastRestart, lastTermination(cs));
    if (sidecar) {
      sidecarRestarts += cs.restartCount ?? 0;
      lastSidecarRestart = Math.max(lastSidecarRestart, lastTermination(cs));
    }
    if (state.terminated && (state.terminated.exitCode ?? 0) === 0) {
      continue;
    }
    if (sidecar && cs.started === true) {
      ready += cs.ready ? 1 : 0;
      continue;
    }
    if (state.terminated) {
      reason = state.terminated.reason ? `Init:${state.terminated.reason}` : `Init:${exitDescription(state.terminated)}`;
    } else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${specInit.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionIs(status, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses: Obj[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      const state: Obj = cs.state ?? {};
      restarts += cs.restartCount ?? 0;
      lastRestart = Math.max(lastRestart, lastTermination(cs));
      if (state.waiting?.reason) {
        reason = state.waiting.reason;
      } else if (state.terminated?.reason) {
        reason = state.terminated.reason;
      } else if (state.terminated) {
        reason = exitDescription(state.terminated);
      } else if (cs.ready && state.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = hasPodReadyCondition(status) ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata?.deletionTimestamp && status.reason === NODE_UNREACHABLE_REASON) {
    reason = 'Unknown';
  } else if (pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') {
    reason = 'Terminating';
  }

  const restartsText = restarts !== 0 && lastRestart !== NEVER ? `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsText };
}
