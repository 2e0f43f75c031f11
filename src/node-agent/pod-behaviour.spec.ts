import { podBehaviour, readyAtFor, startedAtFor, type PodBehaviour } from 'src/node-agent/pod-behaviour';
import type { KubeObject } from 'src/registry/generic/object';

const job = { apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'u' };
const pod = (annotations: Record<string, string> = {}, ownerReferences: any[] = []): KubeObject => ({ metadata: { name: 'p', annotations, ownerReferences } });

describe('podBehaviour (annotations)', () => {
  const plain: PodBehaviour = { startDelayMs: 0, initDurationMs: 0, runDurationMs: undefined, exitCode: 0, ready: true, readyDelayMs: 0, shutdownDelayMs: 0 };
  test.each<[string, KubeObject, Partial<PodBehaviour>]>([
    ['a plain pod runs until stopped', pod(), {}],
    ['a Job pod exits 0 after a second', pod({}, [job]), { runDurationMs: 1000 }],
    ['run-duration makes it exit', pod({ 'kubepg.io/run-duration': '10s' }), { runDurationMs: 10_000 }],
    ['exit-code alone exits after a second', pod({ 'kubepg.io/exit-code': '3' }), { runDurationMs: 1000, exitCode: 3 }],
    ['crash-loop exits at once with 1', pod({ 'kubepg.io/crash-loop': 'true' }), { runDurationMs: 0, exitCode: 1 }],
    ['crash-loop honours run-duration and exit-code', pod({ 'kubepg.io/crash-loop': 'true', 'kubepg.io/run-duration': '2s', 'kubepg.io/exit-code': '2' }), { runDurationMs: 2000, exitCode: 2 }],
    ['start, init, ready and shutdown delays', pod({ 'kubepg.io/start-delay': '5s', 'kubepg.io/init-duration': '1s', 'kubepg.io/ready-delay': '3s', 'kubepg.io/shutdown-delay': '30s' }), { startDelayMs: 5000, initDurationMs: 1000, readyDelayMs: 3000, shutdownDelayMs: 30_000 }],
    ['never ready', pod({ 'kubepg.io/ready': 'false' }), { ready: false }],
    ['malformed values fall back to defaults', pod({ 'kubepg.io/start-delay': 'soon', 'kubepg.io/exit-code': '-1' }), {}],
    ['exit codes are capped at 255', pod({ 'kubepg.io/exit-code': '300' }), { runDurationMs: 1000, exitCode: 255 }],
  ])('%s', (_name, p, expected) => {
    expect(podBehaviour(p)).toEqual({ ...plain, ...expected });
  });

  it('does not treat a non-batch "Job" owner as a Job', () => {
    expect(podBehaviour(pod({}, [{ ...job, apiVersion: 'example.com/v1' }])).runDurationMs).toBeUndefined();
  });
});

describe('simulated probes', () => {
  const b = podBehaviour(pod());
  it('starts at once without a startup probe, after its initial delay with one', () => {
    expect(startedAtFor({ name: 'c' }, 1000)).toBe(1000);
    expect(startedAtFor({ name: 'c', startupProbe: { initialDelaySeconds: 5 } }, 1000)).toBe(6000);
  });

  it('is ready after the latest of start, readiness probe delay and ready-delay', () => {
    expect(readyAtFor({ name: 'c' }, b, false, 1000)).toBe(1000);
    expect(readyAtFor({ name: 'c', readinessProbe: { initialDelaySeconds: 2 } }, b, false, 1000)).toBe(3000);
    expect(readyAtFor({ name: 'c', readinessProbe: {} }, { ...b, readyDelayMs: 4000 }, false, 1000)).toBe(5000);
    expect(readyAtFor({ name: 'c' }, { ...b, ready: false }, false, 1000)).toBe(Infinity);
  });

  it('lets sidecars ignore the pod-level readiness annotations', () => {
    expect(readyAtFor({ name: 's' }, { ...b, ready: false, readyDelayMs: 9000 }, true, 1000)).toBe(1000);
  });
});
