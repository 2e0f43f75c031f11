import { parseDurationMs } from 'src/node-agent/durations';
import type { KubeObject } from 'src/registry/generic/object';

/** The per-pod annotations that steer the simulation (documented in src/node-agent/README.md). */
export const BEHAVIOUR_ANNOTATIONS = {
  startDelay: 'kubepg.io/start-delay',
  initDuration: 'kubepg.io/init-duration',
  runDuration: 'kubepg.io/run-duration',
  exitCode: 'kubepg.io/exit-code',
  crashLoop: 'kubepg.io/crash-loop',
  ready: 'kubepg.io/ready',
  readyDelay: 'kubepg.io/ready-delay',
  shutdownDelay: 'kubepg.io/shutdown-delay',
} as const;

/** How long a Job's containers run before exiting 0 when no annotation says otherwise. */
export const DEFAULT_JOB_RUN_MS = 1000;

/** What the simulated containers of one pod do. */
export interface PodBehaviour {
  /** Sandbox set-up time: containers show ContainerCreating this long. */
  startDelayMs: number;
  /** How long each (non-sidecar) init container runs before exiting 0. */
  initDurationMs: number;
  /** How long app containers run before exiting; undefined = until stopped. */
  runDurationMs?: number;
  /** The exit code of app containers that exit by themselves. */
  exitCode: number;
  /** False: app containers never become ready. */
  ready: boolean;
  /** App containers become ready this long after starting. */
  readyDelayMs: number;
  /** How long containers take to exit after SIGTERM; past the grace period they are killed (137). */
  shutdownDelayMs: number;
}

/** Whether a pod is owned by a Job (its containers are meant to finish). */
export function isJobPod(pod: KubeObject): boolean {
  return (pod.metadata.ownerReferences ?? []).some((r) => r.kind === 'Job' && String(r.apiVersion).startsWith('batch/'));
}

/** An annotation as a non-negative integer, undefined when absent or malformed. */
function intAnnotation(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/**
 * Reads a pod's behaviour from its annotations; malformed values fall back to the defaults. A
 * crash-looping pod's containers exit right after starting with code 1 unless run-duration or
 * exit-code say otherwise; Job pods run DEFAULT_JOB_RUN_MS and exit 0; other pods run until stopped.
 */
export function podBehaviour(pod: KubeObject): PodBehaviour {
  const a = pod.metadata.annotations ?? {};
  const crashLoop = a[BEHAVIOUR_ANNOTATIONS.crashLoop] === 'true';
  const runDuration = parseDurationMs(a[BEHAVIOUR_ANNOTATIONS.runDuration]);
  const exitCode = intAnnotation(a[BEHAVIOUR_ANNOTATIONS.exitCode]);
  const defaultRun = crashLoop ? 0 : isJobPod(pod) || exitCode !== undefined ? DEFAULT_JOB_RUN_MS : undefined;
  return {
    startDelayMs: parseDurationMs(a[BEHAVIOUR_ANNOTATIONS.startDelay]) ?? 0,
    initDurationMs: parseDurationMs(a[BEHAVIOUR_ANNOTATIONS.initDuration]) ?? 0,
    runDurationMs: runDuration ?? defaultRun,
    exitCode: Math.min(exitCode ?? (crashLoop ? 1 : 0), 255),
    ready: a[BEHAVIOUR_ANNOTATIONS.ready] !== 'false',
    readyDelayMs: parseDurationMs(a[BEHAVIOUR_ANNOTATIONS.readyDelay]) ?? 0,
    shutdownDelayMs: parseDurationMs(a[BEHAVIOUR_ANNOTATIONS.shutdownDelay]) ?? 0,
  };
}

/** Seconds of a probe's initialDelaySeconds in ms (0 without the probe). */
function probeDelayMs(probe: Record<string, any> | undefined): number {
  return probe ? Math.max(0, Number(probe.initialDelaySeconds ?? 0)) * 1000 : 0;
}

/**
 * When a running container counts as started: at once, or once its startupProbe's initial delay
 * has passed (the simulated probe succeeds on its first try).
 */
export function startedAtFor(container: Record<string, any>, startedAt: number): number {
  return startedAt + probeDelayMs(container.startupProbe);
}

/**
 * When a running app container or sidecar becomes ready: once started, after its readinessProbe's
 * initial delay and the pod's ready-delay; never when the pod says `kubepg.io/ready: "false"`.
 * Semantics: kubelet prober (a container without a readiness probe is ready once started).
 */
export function readyAtFor(container: Record<string, any>, behaviour: PodBehaviour, sidecar: boolean, startedAt: number): number {
  if (!sidecar && !behaviour.ready) {
    return Infinity;
  }
  const extra = sidecar ? 0 : behaviour.readyDelayMs;
  return Math.max(startedAtFor(container, startedAt), startedAt + probeDelayMs(container.readinessProbe), startedAt + extra);
}
