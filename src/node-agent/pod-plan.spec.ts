import { planPod, shouldRestart, type PlanInput } from 'src/node-agent/pod-plan';
import type { RuntimeContainer, RuntimePodStatus } from 'src/node-agent/runtime';

const NOW = 100_000;
const sandbox = { createdAt: 0, readyAt: 0, ips: ['10.244.0.2'] };
const c = (name: string, attempt: number, state: 'running' | 'exited', exitCode?: number, kind: 'init' | 'app' = 'app'): RuntimeContainer => ({
  name,
  kind,
  attempt,
  id: `kubepg://${name}-${attempt}`,
  image: 'img',
  imageID: 'img@sha256:0',
  state,
  startedAt: 1000,
  ...(state === 'exited' ? { finishedAt: 2000, exitCode, reason: exitCode ? 'Error' : 'Completed' } : {}),
});
const pod = (spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}, status: Record<string, unknown> = {}) => ({
  metadata: { name: 'p', namespace: 'ns', uid: 'u', ...meta },
  spec: { containers: [{ name: 'a', image: 'img' }], ...spec },
  status,
});
const input = (p: any, runtime: RuntimePodStatus | undefined, over: Partial<PlanInput> = {}): PlanInput => ({
  pod: p,
  runtime,
  now: NOW,
  backOff: () => undefined,
  stopping: new Set(),
  ...over,
});
/** The plan's actions in a compact form. */
const summary = (i: PlanInput) =>
  planPod(i).actions.map((a) => (a.type === 'start' ? `start ${a.container.name}#${a.attempt}` : a.type === 'stop' ? `stop ${a.names.join(',')}` : a.type));

describe('shouldRestart', () => {
  test.each([
    ['Always', 0, true],
    ['Always', 1, true],
    ['OnFailure', 0, false],
    ['OnFailure', 2, true],
    ['Never', 1, false],
    [undefined, 0, true],
  ])('%s exit %d -> %p', (policy, code, expected) => {
    expect(shouldRestart(policy, code)).toBe(expected);
  });
});

describe('planPod', () => {
  const inits = { initContainers: [{ name: 'i1' }, { name: 'i2' }] };
  test.each<[string, PlanInput, string[]]>([
    ['a new pod gets a sandbox', input(pod(), undefined), ['createSandbox']],
    ['nothing starts while the sandbox is being set up', input(pod(), { sandbox: { ...sandbox, readyAt: NOW + 5 }, containers: [] }), []],
    ['app containers start once the sandbox is ready', input(pod({ containers: [{ name: 'a' }, { name: 'b' }] }), { sandbox, containers: [] }), ['start a#0', 'start b#0']],
    ['a running container is left alone', input(pod(), { sandbox, containers: [c('a', 0, 'running')] }), []],
    ['init containers run first, one at a time', input(pod(inits), { sandbox, containers: [] }), ['start i1#0']],
    ['the next init container waits for the previous one', input(pod(inits), { sandbox, containers: [c('i1', 0, 'running', undefined, 'init')] }), []],
    ['then the second init container', input(pod(inits), { sandbox, containers: [c('i1', 0, 'exited', 0, 'init')] }), ['start i2#0']],
    ['then the app containers', input(pod(inits), { sandbox, containers: [c('i1', 0, 'exited', 0, 'init'), c('i2', 0, 'exited', 0, 'init')] }), ['start a#0']],
    ['a failed init container is retried unless the policy is Never', input(pod(inits), { sandbox, containers: [c('i1', 0, 'exited', 1, 'init')] }), ['start i1#1']],
    ['a failed init container under Never stops the pod', input(pod({ ...inits, restartPolicy: 'Never' }), { sandbox, containers: [c('i1', 0, 'exited', 1, 'init')] }), []],
    ['an exited container restarts under Always', input(pod(), { sandbox, containers: [c('a', 0, 'exited', 0)] }), ['start a#1']],
    ['an exited container stays down under Never', input(pod({ restartPolicy: 'Never' }), { sandbox, containers: [c('a', 0, 'exited', 1)] }), []],
    ['exit 0 stays down under OnFailure', input(pod({ restartPolicy: 'OnFailure' }), { sandbox, containers: [c('a', 3, 'exited', 0)] }), []],
    ['a deleted pod has its containers stopped', input(pod({}, { deletionTimestamp: 'x' }), { sandbox, containers: [c('a', 0, 'running')] }), ['stop a']],
    ['then waits for them to exit', input(pod({}, { deletionTimestamp: 'x' }), { sandbox, containers: [c('a', 0, 'running')] }, { stopping: new Set(['kubepg://a-0']) }), []],
    ['then finishes', input(pod({}, { deletionTimestamp: 'x' }), { sandbox, containers: [c('a', 0, 'exited', 0)] }), ['finish']],
    ['a deleted pod that never started finishes at once', input(pod({}, { deletionTimestamp: 'x' }), undefined), ['finish']],
    ['a terminal pod starts nothing', input(pod({}, {}, { phase: 'Succeeded' }), undefined), []],
    ['a terminal pod with a running container stops it', input(pod({}, {}, { phase: 'Failed' }), { sandbox, containers: [c('a', 0, 'running')] }), ['stop a']],
  ])('%s', (_name, i, expected) => {
    expect(summary(i)).toEqual(expected);
  });

  it('keeps an exited container in back-off and wakes up when it ends', () => {
    const plan = planPod(input(pod(), { sandbox, containers: [c('a', 2, 'exited', 1)] }, { backOff: () => ({ delayMs: 20_000, until: 22_000 }) }));
    expect(plan.actions).toEqual([]);
    expect(plan.backOffs.get('a')).toEqual({ delayMs: 20_000, until: 22_000 });
    expect(plan.wakeAt).toBe(22_000);
  });

  it('asks the back-off about the exit time of the latest attempt', () => {
    const asked: [string, number][] = [];
    planPod(input(pod(), { sandbox, containers: [c('a', 0, 'exited', 1), c('a', 1, 'exited', 1)] }, { backOff: (n, at) => (asked.push([n, at]), undefined) }));
    expect(asked).toEqual([['a', 2000]]);
  });

  it('wakes up when the sandbox becomes ready', () => {
    expect(planPod(input(pod(), { sandbox: { ...sandbox, readyAt: NOW + 5 }, containers: [] })).wakeAt).toBe(NOW + 5);
  });

  describe('sidecars', () => {
    const withSidecar = { initContainers: [{ name: 's', restartPolicy: 'Always' }, { name: 'i' }], restartPolicy: 'Never' };
    test.each<[string, RuntimeContainer[], string[]]>([
      ['start first', [], ['start s#0']],
      ['the next init container starts once the sidecar has started', [c('s', 0, 'running', undefined, 'init')], ['start i#0']],
      ['apps start after the init containers', [c('s', 0, 'running', undefined, 'init'), c('i', 0, 'exited', 0, 'init')], ['start a#0']],
      ['an exited sidecar restarts even under Never', [c('s', 0, 'exited', 1, 'init'), c('i', 0, 'exited', 0, 'init'), c('a', 0, 'running')], ['start s#1']],
      ['sidecars stop once the app containers are done', [c('s', 0, 'running', undefined, 'init'), c('i', 0, 'exited', 0, 'init'), c('a', 0, 'exited', 0)], ['stop s']],
    ])('%s', (_name, containers, expected) => {
      expect(summary(input(pod(withSidecar), { sandbox, containers }))).toEqual(expected);
    });
  });
});
