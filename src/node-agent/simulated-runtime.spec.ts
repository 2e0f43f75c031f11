import type { NodeNetwork } from 'src/node-agent/runtime';
import { SimulatedRuntime } from 'src/node-agent/simulated-runtime';

const node: NodeNetwork = { nodeName: 'n0', nodeIPs: ['192.168.0.1'], podCIDRs: ['10.244.0.0/24'] };
const pod = (uid: string, annotations: Record<string, string> = {}, spec: Record<string, unknown> = {}, status: Record<string, unknown> = {}): any => ({
  metadata: { name: uid, namespace: 'default', uid, annotations },
  spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
  status,
});

describe('SimulatedRuntime', () => {
  it('gives sandboxes distinct pod IPs from the node CIDR and the node IP to hostNetwork pods', async () => {
    const rt = new SimulatedRuntime();
    expect((await rt.createSandbox(pod('a'), node, 0)).ips).toEqual(['10.244.0.2']);
    expect((await rt.createSandbox(pod('b'), node, 0)).ips).toEqual(['10.244.0.3']);
    expect((await rt.createSandbox(pod('h', {}, { hostNetwork: true }), node, 0)).ips).toEqual(['192.168.0.1']);
  });

  it('fails sandbox creation when the CIDR is exhausted, and frees IPs on removal', async () => {
    const rt = new SimulatedRuntime();
    const tiny = { ...node, podCIDRs: ['10.0.0.0/30'] };
    await rt.createSandbox(pod('a'), tiny, 0);
    await expect(rt.createSandbox(pod('b'), tiny, 0)).rejects.toThrow('no IP addresses available');
    await rt.removePod('a');
    expect((await rt.createSandbox(pod('b'), tiny, 0)).ips).toEqual(['10.0.0.2']);
  });

  it('lets containers exit by themselves when their run time is up (resolved lazily)', async () => {
    const rt = new SimulatedRuntime();
    const p = pod('a', { 'kubepg.io/run-duration': '2s', 'kubepg.io/exit-code': '4' });
    await rt.createSandbox(p, node, 0);
    await rt.startContainer(p, p.spec.containers[0], 'app', 0, 1000);
    expect(rt.status('a', 2999)).toMatchObject({ containers: [{ state: 'running' }], nextChangeAt: 3000 });
    expect(rt.status('a', 3000)!.containers[0]).toMatchObject({ state: 'exited', exitCode: 4, reason: 'Error', finishedAt: 3000 });
    expect(rt.status('a', 3000)!.nextChangeAt).toBeUndefined();
  });

  it('stops containers after the shutdown delay, or kills them at the grace period', async () => {
    const rt = new SimulatedRuntime();
    const slow = pod('a', { 'kubepg.io/shutdown-delay': '5s' });
    await rt.createSandbox(slow, node, 0);
    await rt.startContainer(slow, slow.spec.containers[0], 'app', 0, 0);
    expect(await rt.stopContainers('a', 30_000, 1000)).toEqual(['app']);
    expect(rt.status('a', 6000)!.containers[0]).toMatchObject({ state: 'exited', exitCode: 0, finishedAt: 6000 });
    const stubborn = pod('b', { 'kubepg.io/shutdown-delay': '60s' });
    await rt.createSandbox(stubborn, node, 0);
    await rt.startContainer(stubborn, stubborn.spec.containers[0], 'app', 0, 0);
    await rt.stopContainers('b', 2000, 1000);
    expect(rt.status('b', 3000)!.containers[0]).toMatchObject({ state: 'exited', exitCode: 137, reason: 'Error' });
  });

  it('keeps the latest two attempts of a container', async () => {
    const rt = new SimulatedRuntime();
    const p = pod('a', { 'kubepg.io/crash-loop': 'true' });
    await rt.createSandbox(p, node, 0);
    for (let i = 0; i < 4; i++) {
      await rt.startContainer(p, p.spec.containers[0], 'app', i, i * 10);
    }
    expect(rt.status('a', 100)!.containers.map((c) => c.attempt)).toEqual([2, 3]);
  });

  it('remembers pulled images per node', async () => {
    const rt = new SimulatedRuntime();
    expect(await rt.hasImage('n0', 'nginx')).toBe(false);
    await rt.pullImage('n0', 'docker.io/library/nginx:latest');
    expect(await rt.hasImage('n0', 'nginx')).toBe(true);
    expect(await rt.hasImage('n1', 'nginx')).toBe(false);
  });

  describe('recover (agent restart)', () => {
    const running = {
      phase: 'Running',
      startTime: '2026-01-01T00:00:00Z',
      podIP: '10.244.0.7',
      podIPs: [{ ip: '10.244.0.7' }],
      containerStatuses: [
        {
          name: 'app',
          state: { running: { startedAt: '2026-01-01T00:00:10Z' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: '2026-01-01T00:00:01Z', finishedAt: '2026-01-01T00:00:02Z', containerID: 'kubepg://old' } },
          restartCount: 1,
          image: 'docker.io/library/nginx:latest',
          imageID: 'docker.io/library/nginx@sha256:1',
          containerID: 'kubepg://cur',
          ready: true,
          started: true,
        },
      ],
    };

    it('rebuilds sandbox, IPs, attempts and images from the pod status', async () => {
      const rt = new SimulatedRuntime();
      rt.recover(pod('a', {}, {}, running), node);
      const s = rt.status('a', Date.parse('2026-01-01T00:01:00Z'))!;
      expect(s.sandbox!.ips).toEqual(['10.244.0.7']);
      expect(s.containers).toEqual([
        expect.objectContaining({ attempt: 0, state: 'exited', id: 'kubepg://old', exitCode: 1 }),
        expect.objectContaining({ attempt: 1, state: 'running', id: 'kubepg://cur', startedAt: Date.parse('2026-01-01T00:00:10Z'), image: 'docker.io/library/nginx:latest' }),
      ]);
      expect(await rt.hasImage('n0', 'nginx')).toBe(true);
      await rt.createSandbox(pod('b'), node, 0);
      expect(rt.status('b', 0)!.sandbox!.ips).not.toEqual(['10.244.0.7']);
    });

    it('resumes a recovered container’s run time from its start', () => {
      const rt = new SimulatedRuntime();
      rt.recover(pod('a', { 'kubepg.io/run-duration': '60s' }, {}, running), node);
      expect(rt.status('a', Date.parse('2026-01-01T00:01:10Z'))!.containers[1]).toMatchObject({ state: 'exited', exitCode: 0 });
    });

    it('treats a crash-looping container as its last exited attempt', () => {
      const rt = new SimulatedRuntime();
      const cs = { ...running.containerStatuses[0], state: { waiting: { reason: 'CrashLoopBackOff' } }, restartCount: 3 };
      rt.recover(pod('a', {}, {}, { ...running, containerStatuses: [cs] }), node);
      expect(rt.status('a', 0)!.containers).toEqual([expect.objectContaining({ attempt: 3, state: 'exited', id: 'kubepg://old' })]);
    });

    it('leaves terminal pods and pods without a sandbox alone', () => {
      const rt = new SimulatedRuntime();
      rt.recover(pod('done', {}, {}, { ...running, phase: 'Succeeded' }), node);
      rt.recover(pod('new', {}, {}, { phase: 'Pending' }), node);
      expect(rt.status('done', 0)).toBeUndefined();
      expect(rt.status('new', 0)).toEqual({ sandbox: undefined, containers: [], nextChangeAt: undefined });
    });
  });
});
