import type { BackOffWait } from 'src/node-agent/crash-backoff';
import { formatGoDuration } from 'src/node-agent/durations';
import { readyAtFor, startedAtFor, type PodBehaviour } from 'src/node-agent/pod-behaviour';
import { isSidecar } from 'src/node-agent/pod-phase';
import type { ContainerKind, RuntimeContainer } from 'src/node-agent/runtime';

/** A JSON object as the API sends it. */
type Obj = Record<string, any>;

/** An RFC 3339 timestamp with second precision (metav1.Time). */
export function apiTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** What the container statuses of one kind are built from. */
export interface ContainerStatusInput {
  pod: Obj;
  kind: ContainerKind;
  /** Every attempt the runtime knows (any order). */
  attempts: RuntimeContainer[];
  /** Containers waiting out a crash back-off. */
  backOffs: ReadonlyMap<string, BackOffWait>;
  behaviour: PodBehaviour;
  now: number;
}

/** `<pod>_<namespace>(<uid>)`, kubelet's format.Pod. */
export function podDescription(pod: Obj): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

/** The CrashLoopBackOff waiting message. Semantics: kubelet kuberuntime_manager.go doBackOff. */
export function crashLoopMessage(pod: Obj, container: string, delayMs: number): string {
  return `back-off ${formatGoDuration(delayMs)} restarting failed container=${container} pod=${podDescription(pod)}`;
}

function terminated(c: RuntimeContainer): Obj {
  return {
    terminated: {
      exitCode: c.exitCode ?? 0,
      reason: c.reason ?? (c.exitCode ? 'Error' : 'Completed'),
      startedAt: apiTime(c.startedAt),
      finishedAt: apiTime(c.finishedAt ?? c.startedAt),
      containerID: c.id,
    },
  };
}

/** The latest and the previous attempt of each container name. */
export function attemptsByName(attempts: RuntimeContainer[]): Map<string, { latest: RuntimeContainer; previous?: RuntimeContainer }> {
  const out = new Map<string, { latest: RuntimeContainer; previous?: RuntimeContainer }>();
  for (const c of [...attempts].sort((a, b) => a.attempt - b.attempt)) {
    const seen = out.get(c.name);
    out.set(c.name, { latest: c, previous: seen?.latest });
  }
  return out;
}

/**
 * initContainerStatuses (spec order) or containerStatuses (sorted by name) as the kubelet reports
 * them, and the next time one of them turns started or ready by itself.
 * Semantics: kubelet kubelet_pods.go convertToAPIContainerStatuses, kubetypes.SortedContainerStatuses.
 */
export function apiContainerStatuses(input: ContainerStatusInput): { statuses: Obj[]; nextAt?: number } {
  const { pod, kind, backOffs, behaviour, now } = input;
  const specs: Obj[] = kind === 'init' ? (pod.spec?.initContainers ?? []) : (pod.spec?.containers ?? []);
  const byName = attemptsByName(input.attempts.filter((a) => a.kind === kind));
  const hasInit = (pod.spec?.initContainers ?? []).length > 0;
  let nextAt: number | undefined;
  const later = (t: number) => {
    if (t > now && t !== Infinity) {
      nextAt = Math.min(nextAt ?? Infinity, t);
    }
  };
  const statuses = specs.map((spec) => {
    const known = byName.get(spec.name);
    if (!known) {
      return {
        name: spec.name,
        state: { waiting: { reason: hasInit ? 'PodInitializing' : 'ContainerCreating' } },
        lastState: {},
        ready: false,
        restartCount: 0,
        image: spec.image,
        imageID: '',
        started: false,
      };
    }
    const { latest, previous } = known;
    const sidecar = kind === 'init' && isSidecar(spec);
    const base = { name: spec.name, image: latest.image, imageID: latest.imageID, containerID: latest.id, restartCount: latest.attempt };
    if (latest.state === 'running') {
      const startedAt = startedAtFor(spec, latest.startedAt);
      const readyAt = kind === 'init' && !sidecar ? Infinity : readyAtFor(spec, behaviour, sidecar, latest.startedAt);
      later(startedAt);
      later(readyAt);
      return {
        ...base,
        state: { running: { startedAt: apiTime(latest.startedAt) } },
        lastState: previous ? terminated(previous) : {},
        ready: now >= readyAt,
        started: now >= startedAt,
      };
    }
    const wait = backOffs.get(spec.name);
    if (wait) {
      return {
        ...base,
        state: { waiting: { reason: 'CrashLoopBackOff', message: crashLoopMessage(pod, spec.name, wait.delayMs) } },
        lastState: terminated(latest),
        ready: false,
        started: false,
      };
    }
    return {
      ...base,
      state: terminated(latest),
      lastState: previous ? terminated(previous) : {},
      ready: kind === 'init' && !sidecar && latest.exitCode === 0,
      started: false,
    };
  });
  if (kind === 'app') {
    statuses.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  return { statuses, nextAt };
}
