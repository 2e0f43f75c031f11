// kubepg's scheduler (src/scheduler) against a real apiserver: it binds pending pods through
// pods/binding and reports Scheduled events, reports unschedulable pods with upstream's FitError
// message on the PodScheduled condition and a FailedScheduling event, retries them when a node
// appears, leaves gated and foreign pods alone, and only schedules while holding its Lease.
import { KubeClient, resourcePath } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';
import { runScheduler, type RunningScheduler } from 'src/scheduler/scheduler';
import { startTestApiServer, waitFor, type TestApiServer } from 'test/support/apiserver';

const PODS = resourcePath('v1', 'pods', 'default');

function nodeBody(name: string, cpu = '4'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
    status: {
      capacity: { cpu, memory: '16Gi', pods: '110' },
      allocatable: { cpu, memory: '16Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
    },
  };
}

function podBody(name: string, cpu = '100m', spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: name.replace(/-\d+$/, '') } },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu, memory: '64Mi' } } }], ...spec },
  };
}

describe('scheduler against a real apiserver', () => {
  let server: TestApiServer;
  let client: KubeClient;
  const running: RunningScheduler[] = [];

  const getPod = (name: string) => client.get<KubeObject>(`${PODS}/${name}`);
  const condition = (p: KubeObject) => (p.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
  const events = async (name: string) =>
    (await client.list<KubeObject>(resourcePath('v1', 'events', 'default'), { fieldSelector: `involvedObject.name=${name}` })).items.map(
      (e) => `${e.type} ${e.reason} ${e.message}`,
    );

  beforeAll(async () => {
    server = await startTestApiServer();
    client = await KubeClient.load({ kubeconfig: server.kubeconfigPath, userAgent: 'kubepg-scheduler-test' });
  });

  afterAll(async () => {
    await Promise.all(running.map((s) => s.stop()));
    client?.close();
    await server?.stop();
  });

  it('reports "no nodes available" while the cluster has no node', async () => {
    const s = await runScheduler(client, { leaderElect: false });
    running.push(s);
    await client.create(PODS, podBody('early'));
    const p = await waitFor(async () => {
      const cur = await getPod('early');
      return condition(cur)?.reason === 'Unschedulable' ? cur : undefined;
    }, 'the PodScheduled=False condition');
    expect(condition(p)).toMatchObject({ status: 'False', reason: 'Unschedulable', message: 'no nodes available to schedule pods' });
    await s.stop();
    running.pop();
  });

  it('binds pending pods, spread over the nodes, with a Scheduled event each', async () => {
    for (const n of ['node-a', 'node-b', 'node-c']) {
      await client.create('/api/v1/nodes', nodeBody(n));
    }
    running.push(await runScheduler(client, { leaderElect: false }));
    for (let i = 0; i < 6; i++) {
      await client.create(PODS, podBody(`web-${i}`));
    }
    const bound = await waitFor(async () => {
      const pods = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => getPod(`web-${i}`)));
      return pods.every((p) => p.spec.nodeName) ? pods : undefined;
    }, 'all six pods bound');
    expect(condition(bound[0])).toMatchObject({ status: 'True' });
    // The pod created before there were nodes gets its node too; seven pods end up 3 / 2 / 2.
    await waitFor(async () => (await getPod('early')).spec.nodeName, 'the early pod bound once nodes exist');
    const perNode = new Map<string, number>();
    for (const p of [...bound, await getPod('early')]) {
      perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
    }
    expect([...perNode.values()].sort()).toEqual([2, 2, 3]);
    const evs = await waitFor(async () => {
      const e = await events('web-0');
      return e.some((x) => x.startsWith('Normal Scheduled')) ? e : undefined;
    }, 'the Scheduled event');
    expect(evs).toContain(`Normal Scheduled Successfully assigned default/web-0 to ${bound[0].spec.nodeName}`);
  });

  it('reports an unschedulable pod with the FitError message, and places it once a big enough node appears', async () => {
    await client.create(PODS, podBody('huge', '16'));
    const message = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    const p = await waitFor(async () => {
      const cur = await getPod('huge');
      return condition(cur)?.reason === 'Unschedulable' ? cur : undefined;
    }, 'the Unschedulable condition');
    expect(condition(p)).toMatchObject({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null });
    await waitFor(async () => (await events('huge')).includes(`Warning FailedScheduling ${message}`), 'the FailedScheduling event');
    await client.create('/api/v1/nodes', nodeBody('node-big', '32'));
    const placed = await waitFor(async () => (await getPod('huge')).spec.nodeName, 'the pod bound after the node add');
    expect(placed).toBe('node-big');
  });

  it('leaves gated pods and other schedulers’ pods alone; removing the gates schedules the pod', async () => {
    await client.create(PODS, podBody('gated', '100m', { schedulingGates: [{ name: 'example.com/wait' }] }));
    await client.create(PODS, podBody('foreign', '100m', { schedulerName: 'my-scheduler' }));
    await client.create(PODS, podBody('marker'));
    await waitFor(async () => (await getPod('marker')).spec.nodeName, 'a later pod bound');
    const gated = await getPod('gated');
    expect(gated.spec.nodeName).toBeUndefined();
    expect(condition(gated)).toMatchObject({ status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' });
    expect((await getPod('foreign')).spec.nodeName).toBeUndefined();
    await client.patch(`${PODS}/gated`, { spec: { schedulingGates: null } }, 'merge');
    await waitFor(async () => (await getPod('gated')).spec.nodeName, 'the ungated pod bound');
  });

  it('frees the resources of a pod that finished: a waiting pod takes its place', async () => {
    await client.create('/api/v1/nodes', nodeBody('node-small', '1'));
    const onSmall = {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-small'] }] }],
          },
        },
      },
    };
    await client.create(PODS, podBody('job-1', '800m', onSmall));
    await waitFor(async () => (await getPod('job-1')).spec.nodeName, 'the first job pod bound');
    await client.create(PODS, podBody('job-2', '800m', onSmall));
    await waitFor(async () => condition(await getPod('job-2'))?.reason === 'Unschedulable', 'the second job pod reported unschedulable');
    await client.patch(`${PODS}/job-1/status`, { status: { phase: 'Succeeded' } }, 'merge');
    await waitFor(async () => (await getPod('job-2')).spec.nodeName, 'the second job pod bound once the first finished');
  });

  it('schedules only while holding the kube-scheduler Lease; a standby takes over when the leader stops', async () => {
    await Promise.all(running.map((s) => s.stop()));
    running.length = 0;
    const fast = { leaseDurationMs: 1500, renewDeadlineMs: 1000, retryPeriodMs: 200 };
    const a = await runScheduler(client, { ...fast, identity: 'host-a_1' });
    running.push(a);
    await waitFor(() => a.isLeading(), 'the first scheduler to lead');
    const b = await runScheduler(client, { ...fast, identity: 'host-b_2' });
    running.push(b);
    const lease = await client.get<KubeObject>(resourcePath('coordination.k8s.io/v1', 'leases', 'kube-system', 'kube-scheduler'));
    expect(lease.spec.holderIdentity).toBe('host-a_1');
    await client.create(PODS, podBody('led-1'));
    await waitFor(async () => (await getPod('led-1')).spec.nodeName, 'a pod bound by the leader');
    expect(b.isLeading()).toBe(false);
    expect(b.stats().attempts).toBe(0);

    await a.stop();
    running.splice(running.indexOf(a), 1);
    await waitFor(() => b.isLeading(), 'the standby to take over', 20_000);
    await client.create(PODS, podBody('led-2'));
    await waitFor(async () => (await getPod('led-2')).spec.nodeName, 'a pod bound by the new leader');
    expect(b.stats().scheduled).toBeGreaterThan(0);
  });
});
