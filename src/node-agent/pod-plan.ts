import type { BackOffWait } from 'src/node-agent/crash-backoff';
import { attemptsByName } from 'src/node-agent/container-status';
import { startedAtFor } from 'src/node-agent/pod-behaviour';
import { isSidecar } from 'src/node-agent/pod-phase';
import type { ContainerKind, RuntimeContainer, RuntimePodStatus } from 'src/node-agent/runtime';

/** A JSON object as the API sends it. */
type Obj = Record<string, any>;

/** One thing the pod worker asks the runtime to do. */
export type PodAction =
  | { type: 'createSandbox' }
  | { type: 'start'; container: Obj; kind: ContainerKind; attempt: number; restartOf?: RuntimeContainer }
  | { type: 'stop'; names: string[] }
  | { type: 'finish' };

/** What to do now, which containers sit in back-off, and when to look again at the latest. */
export interface PodPlan {
  actions: PodAction[];
  backOffs: Map<string, BackOffWait>;
  wakeAt?: number;
}

/** What a plan is made from. */
export interface PlanInput {
  pod: Obj;
  runtime: RuntimePodStatus | undefined;
  now: number;
  /** The back-off still ahead of a container that exited at `finishedAt`, if any. */
  backOff: (container: string, finishedAt: number) => BackOffWait | undefined;
  /** Container IDs already told to stop. */
  stopping: ReadonlySet<string>;
}

/** Whether a container that exited with `exitCode` is started again under the pod's restart policy. */
export function shouldRestart(restartPolicy: string | undefined, exitCode: number | undefined): boolean {
  const policy = restartPolicy ?? 'Always';
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}

/**
 * The next steps for one pod, as the kubelet's SyncPod / computePodActions decide them: tear down
 * deleted and terminal pods, create the sandbox, run init containers one at a time (sidecars must
 * have started before the next one), then start app containers and restart exited ones per the
 * restart policy, each restart after the first waiting out the crash back-off. Sidecars stop once
 * every app container is done. Pure: the worker executes the actions and plans again.
 * Semantics: kubelet kuberuntime_manager.go computePodActions, doBackOff; pod_workers.go (termination).
 */
export function planPod(input: PlanInput): PodPlan {
  const { pod, runtime, now } = input;
  const plan: PodPlan = { actions: [], backOffs: new Map() };
  const attempts = attemptsByName(runtime?.containers ?? []);
  const running = [...attempts.values()].map((a) => a.latest).filter((c) => c.state === 'running');
  const phase = pod.status?.phase;

  if (pod.metadata?.deletionTimestamp || phase === 'Succeeded' || phase === 'Failed') {
    const toStop = running.filter((c) => !input.stopping.has(c.id)).map((c) => c.name);
    if (toStop.length > 0) {
      plan.actions.push({ type: 'stop', names: toStop });
    } else if (running.length === 0 && pod.metadata?.deletionTimestamp) {
      plan.actions.push({ type: 'finish' });
    }
    return plan;
  }
  if (!runtime?.sandbox) {
    plan.actions.push({ type: 'createSandbox' });
    return plan;
  }
  if (runtime.sandbox.readyAt > now) {
    plan.wakeAt = runtime.sandbox.readyAt;
    return plan;
  }

  const spec: Obj = pod.spec ?? {};
  const wake = (t: number) => {
    plan.wakeAt = Math.min(plan.wakeAt ?? Infinity, t);
  };
  const restart = (c: Obj, kind: ContainerKind, last: RuntimeContainer) => {
    const wait = input.backOff(c.name, last.finishedAt ?? now);
    if (wait) {
      plan.backOffs.set(c.name, wait);
      wake(wait.until);
    } else {
      plan.actions.push({ type: 'start', container: c, kind, attempt: last.attempt + 1, restartOf: last });
    }
  };

  const apps: Obj[] = spec.containers ?? [];
  const appsDone = apps.every((c) => {
    const l = attempts.get(c.name)?.latest;
    return l?.state === 'exited' && !shouldRestart(spec.restartPolicy, l.exitCode);
  });
  const initialized = apps.some((c) => attempts.has(c.name));
  for (const c of spec.initContainers ?? []) {
    const l = attempts.get(c.name)?.latest;
    const sidecar = isSidecar(c);
    if (initialized) {
      // Init containers ran already; only sidecars are kept running (until the app containers are done).
      if (sidecar && !appsDone && !l) {
        plan.actions.push({ type: 'start', container: c, kind: 'init', attempt: 0 });
      } else if (sidecar && !appsDone && l?.state === 'exited') {
        restart(c, 'init', l);
      }
      continue;
    }
    if (!l) {
      plan.actions.push({ type: 'start', container: c, kind: 'init', attempt: 0 });
      return plan;
    }
    if (l.state === 'running') {
      const startedAt = startedAtFor(c, l.startedAt);
      if (sidecar && startedAt <= now) {
        continue;
      }
      if (sidecar) {
        wake(startedAt);
      }
      return plan;
    }
    if (!sidecar && l.exitCode === 0) {
      continue;
    }
    if (sidecar || shouldRestart(spec.restartPolicy === 'Never' ? 'Never' : 'OnFailure', l.exitCode)) {
      restart(c, 'init', l);
    }
    return plan;
  }

  for (const c of apps) {
    const l = attempts.get(c.name)?.latest;
    if (!l) {
      plan.actions.push({ type: 'start', container: c, kind: 'app', attempt: 0 });
    } else if (l.state === 'exited' && shouldRestart(spec.restartPolicy, l.exitCode)) {
      restart(c, 'app', l);
    }
  }
  if (appsDone) {
    const sidecars = new Set((spec.initContainers ?? []).filter(isSidecar).map((c: Obj) => c.name));
    const toStop = running.filter((c) => sidecars.has(c.name) && !input.stopping.has(c.id)).map((c) => c.name);
    if (toStop.length > 0) {
      plan.actions.push({ type: 'stop', names: toStop });
    }
  }
  return plan;
}
