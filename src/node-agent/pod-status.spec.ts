import { CrashBackOff } from 'src/node-agent/crash-backoff';
import { podBehaviour } from 'src/node-agent/pod-behaviour';
import { planPod, type PodPlan } from 'src/node-agent/pod-plan';
import { desiredPodStatus } from 'src/node-agent/pod-status';
import type { NodeNetwork, RuntimeContainer } from 'src/node-agent/runtime';
import { SimulatedRuntime } from 'src/node-agent/simulated-runtime';
import { twoWayStatusPatch } from 'src/node-agent/status-patch';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const node: NodeNetwork = { nodeName: 'n0', nodeIPs: ['192.168.0.1'], podCIDRs: ['10.244.0.0/24'] };
const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const cond = (status: any, type: string) => status.conditions.find((c: any) => c.type === type);

function newPod(spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): any {
  return {
    metadata: { name: 'web', namespace: 'default', uid: 'uid-1', generation: 1, ...meta },
    spec: { restartPolicy: 'Always', containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

/**
 * The pod worker's loop without I/O: at each time, plan and run the actions on a simulated
 * runtime, then build the status and apply it to the pod, as a status PATCH would.
 */
async function drive(pod: any, times: number[], opts: { runtime?: SimulatedRuntime; backOff?: CrashBackOff } = {}) {
  const runtime = opts.runtime ?? new SimulatedRuntime();
  const backOff = opts.backOff ?? new CrashBackOff(10_000, 300_000);
  const stopping = new Set<string>();
  const seen: any[] = [];
  for (const t of times) {
    const now = T0 + t * 1000;
    let plan: PodPlan = { actions: [], backOffs: new Map() };
    for (let step = 0; step < 16; step++) {
      plan = planPod({ pod, runtime: runtime.status('uid-1', now), now, backOff: (c, f) => backOff.waiting(c, f, now), stopping });
      if (plan.actions.length === 0) {
        break;
      }
      for (const a of plan.actions) {
        if (a.type === 'createSandbox') {
          await runtime.createSandbox(pod, node, now);
        } else if (a.type === 'start') {
          if (a.restartOf) {
            backOff.next(a.container.name, (a.restartOf as RuntimeContainer).finishedAt!);
          }
          await runtime.startContainer(pod, a.container, a.kind, a.attempt, now);
        } else if (a.type === 'stop') {
          const rt = runtime.status('uid-1', now)!;
          rt.containers.filter((c) => a.names.includes(c.name) && c.state === 'running').forEach((c) => stopping.add(c.id));
          await runtime.stopContainers('uid-1', 30_000, now, a.names);
        }
      }
    }
    const { status } = desiredPodStatus({ pod, node, runtime: runtime.status('uid-1', now), backOffs: plan.backOffs, behaviour: podBehaviour(pod), now });
    pod.status = { ...pod.status, ...status };
    seen.push(JSON.parse(JSON.stringify(pod.status)));
  }
  return seen;
}

describe('pod status through its lifecycle (simulated runtime, fake clock)', () => {
  it('a plain pod: Running and Ready at once, with IPs, start time and a running container', async () => {
    const [s] = await drive(newPod(), [0]);
    expect(s).toMatchObject({
      observedGeneration: 1,
      phase: 'Running',
      hostIP: '192.168.0.1',
      hostIPs: [{ ip: '192.168.0.1' }],
      podIP: '10.244.0.2',
      podIPs: [{ ip: '10.244.0.2' }],
      startTime: at(0),
      qosClass: 'BestEffort',
    });
    expect(s.conditions.map((c: any) => [c.type, c.status])).toEqual([
      ['PodReadyToStartContainers', 'True'],
      ['Initialized', 'True'],
      ['Ready', 'True'],
      ['ContainersReady', 'True'],
    ]);
    expect(s.containerStatuses).toEqual([
      {
        name: 'app',
        state: { running: { startedAt: at(0) } },
        lastState: {},
        ready: true,
        restartCount: 0,
        image: 'docker.io/library/nginx:1.27',
        imageID: expect.stringMatching(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/),
        containerID: expect.stringMatching(/^kubepg:\/\/[0-9a-f]{64}$/),
        started: true,
      },
    ]);
    expect(s.initContainerStatuses).toBeUndefined();
  });

  it('start-delay: Pending with ContainerCreating and no pod IP, then Running', async () => {
    const [creating, running] = await drive(newPod({}, { annotations: { 'kubepg.io/start-delay': '5s' } }), [0, 5]);
    expect(creating.phase).toBe('Pending');
    expect(creating.podIP).toBeUndefined();
    expect(cond(creating, 'PodReadyToStartContainers').status).toBe('False');
    expect(cond(creating, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
    expect(creating.containerStatuses[0]).toMatchObject({ state: { waiting: { reason: 'ContainerCreating' } }, image: 'nginx:1.27', imageID: '', ready: false, started: false });
    expect(running.phase).toBe('Running');
    expect(cond(running, 'PodReadyToStartContainers')).toMatchObject({ status: 'True', lastTransitionTime: at(5) });
    expect(running.startTime).toBe(at(0));
  });

  it('init containers run one by one before the app containers', async () => {
    const pod = newPod({ initContainers: [{ name: 'i1', image: 'busybox' }, { name: 'i2', image: 'busybox' }] }, { annotations: { 'kubepg.io/init-duration': '2s' } });
    const [first, second, done] = await drive(pod, [0, 2, 4]);
    expect(first.phase).toBe('Pending');
    expect(first.initContainerStatuses.map((c: any) => Object.keys(c.state)[0])).toEqual(['running', 'waiting']);
    expect(first.initContainerStatuses[1].state.waiting.reason).toBe('PodInitializing');
    expect(first.containerStatuses[0].state.waiting.reason).toBe('PodInitializing');
    expect(cond(first, 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [i1 i2]' });
    expect(second.initContainerStatuses[0]).toMatchObject({ ready: true, started: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
    expect(second.initContainerStatuses[1].state.running).toBeDefined();
    expect(done.phase).toBe('Running');
    expect(cond(done, 'Initialized').status).toBe('True');
  });

  it('crash loop: immediate first restart, then CrashLoopBackOff 10s, 20s with the previous run in lastState', async () => {
    const pod = newPod({}, { annotations: { 'kubepg.io/crash-loop': 'true' } });
    const [s0, s1, s2] = await drive(pod, [0, 10, 30]);
    const msg = (d: string) => `back-off ${d} restarting failed container=app pod=web_default(uid-1)`;
    expect(s0.containerStatuses[0]).toMatchObject({ restartCount: 1, ready: false, state: { waiting: { reason: 'CrashLoopBackOff', message: msg('10s') } } });
    expect(s0.containerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(s0.phase).toBe('Running');
    expect(s1.containerStatuses[0]).toMatchObject({ restartCount: 2, state: { waiting: { message: msg('20s') } } });
    expect(s2.containerStatuses[0]).toMatchObject({ restartCount: 3, state: { waiting: { message: msg('40s') } } });
  });

  it('restartPolicy Never: a failing container makes the pod Failed', async () => {
    const [, s] = await drive(newPod({ restartPolicy: 'Never' }, { annotations: { 'kubepg.io/exit-code': '3', 'kubepg.io/run-duration': '2s' } }), [0, 2]);
    expect(s.phase).toBe('Failed');
    expect(s.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 3, reason: 'Error', startedAt: at(0), finishedAt: at(2) });
    expect(cond(s, 'Ready')).toMatchObject({ status: 'False', reason: 'PodFailed' });
  });

  it('a Job pod runs a second and Succeeds', async () => {
    const pod = newPod({ restartPolicy: 'Never' }, { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'j' }] });
    const [running, done] = await drive(pod, [0, 1]);
    expect(running.phase).toBe('Running');
    expect(done.phase).toBe('Succeeded');
    expect(done.containerStatuses[0]).toMatchObject({ ready: false, started: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
    expect(cond(done, 'ContainersReady')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(cond(done, 'Initialized')).toMatchObject({ status: 'True', reason: 'PodCompleted' });
  });

  it('ready-delay and never-ready', async () => {
    const [notYet, ready] = await drive(newPod({}, { annotations: { 'kubepg.io/ready-delay': '3s' } }), [0, 3]);
    expect(notYet.containerStatuses[0]).toMatchObject({ ready: false, started: true });
    expect(ready.containerStatuses[0].ready).toBe(true);
    const [never] = await drive(newPod({}, { annotations: { 'kubepg.io/ready': 'false' } }), [60]);
    expect(never.phase).toBe('Running');
    expect(cond(never, 'Ready').status).toBe('False');
  });

  it('graceful deletion: containers stop and the pod becomes terminal', async () => {
    const pod = newPod();
    const runtime = new SimulatedRuntime();
    await drive(pod, [0], { runtime });
    pod.metadata.deletionTimestamp = at(31);
    const [stopped] = await drive(pod, [1], { runtime });
    expect(stopped.phase).toBe('Succeeded');
    expect(stopped.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed', finishedAt: at(1) });
    expect(cond(stopped, 'PodReadyToStartContainers').status).toBe('False');
    expect(stopped.podIP).toBe('10.244.0.2');
  });

  it('gives a status patch only when something changed', async () => {
    const pod = newPod();
    const runtime = new SimulatedRuntime();
    const [first] = await drive(pod, [0], { runtime });
    const now = T0 + 60_000;
    const again = desiredPodStatus({ pod, node, runtime: runtime.status('uid-1', now), backOffs: new Map(), behaviour: podBehaviour(pod), now });
    expect(twoWayStatusPatch(first, again.status, { conditions: 'type' })).toBeUndefined();
  });
});
