// The node agent (src/node-agent) against a real apiserver: two simulated kubelets register and
// hold Leases, and pods bound to them run, crash-loop, complete and get deleted as a kubelet would
// make them; a restarted agent keeps a running pod as it was.
import { KubeClient } from 'src/controllers/runtime/kube-client';
import { runNodeAgent, type RunningNodeAgent } from 'src/node-agent/node-agent';
import { createNamespace, expectStatus, pod, startTestApiServer, waitFor, type TestApiServer } from 'test/support/apiserver';

const NS = 'agent';
const pods = (name?: string) => `/api/v1/namespaces/${NS}/pods${name ? `/${name}` : ''}`;
const condition = (obj: any, type: string) => (obj.status?.conditions ?? []).find((c: any) => c.type === type);

let server: TestApiServer;
let client: KubeClient;
let agent: RunningNodeAgent | undefined;

async function startAgent(): Promise<RunningNodeAgent> {
  return runNodeAgent(client, { nodes: 2, prefix: 'it-node', identity: 'node-agent-test', crashBackOffBaseMs: 100 });
}

async function getPod(name: string): Promise<any> {
  const res = await server.api.get(pods(name));
  return res.status === 200 ? res.body : undefined;
}

beforeAll(async () => {
  server = await startTestApiServer();
  client = await KubeClient.load({ kubeconfig: server.kubeconfigPath, userAgent: 'kubepg-node-agent-test' });
  await createNamespace(server.api, NS);
  agent = await startAgent();
});

afterAll(async () => {
  await agent?.stop();
  client?.close();
  await server?.stop();
});

describe('node agent', () => {
  it('registers Ready nodes with kubelet labels, addresses and pod CIDRs, and holds a Lease per node', async () => {
    for (const [i, name] of ['it-node-0', 'it-node-1'].entries()) {
      const node = await waitFor(async () => {
        const res = await server.api.get(`/api/v1/nodes/${name}`);
        return res.status === 200 && condition(res.body, 'Ready')?.status === 'True' ? res.body : undefined;
      }, `node ${name} Ready`);
      expect(node.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' });
      expect(node.metadata.annotations['kubepg.io/node-agent']).toBe('node-agent-test');
      expect(node.spec.podCIDRs).toEqual([`10.244.${i}.0/24`]);
      expect(node.status.addresses).toEqual([
        { type: 'InternalIP', address: `192.168.0.${i + 1}` },
        { type: 'Hostname', address: name },
      ]);
      expect(condition(node, 'Ready')).toMatchObject({ reason: 'KubeletReady', message: 'kubelet is posting ready status' });
      expect(condition(node, 'NetworkUnavailable')).toBeUndefined();
      expect(node.status.capacity).toMatchObject({ cpu: '8', memory: '32Gi', pods: '110' });

      const lease = await waitFor(async () => {
        const res = await server.api.get(`/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`);
        return res.status === 200 && res.body.metadata.ownerReferences ? res.body : undefined;
      }, `lease ${name} owned by its Node`);
      expect(lease.spec).toMatchObject({ holderIdentity: name, leaseDurationSeconds: 40 });
      expect(lease.spec.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(lease.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid }]);
    }
  });

  it('runs a bound pod: Running, Ready, with a pod IP from its node CIDR, and kubelet events', async () => {
    expectStatus(await server.api.post(pods(), pod('web', { nodeName: 'it-node-1', containers: [{ name: 'web', image: 'nginx:1.27' }] })), 201);
    const running = await waitFor(async () => {
      const p = await getPod('web');
      return p?.status?.phase === 'Running' && condition(p, 'Ready')?.status === 'True' ? p : undefined;
    }, 'pod web Running and Ready');
    expect(running.status.podIP).toMatch(/^10\.244\.1\.\d+$/);
    expect(running.status.hostIP).toBe('192.168.0.2');
    expect(running.status.startTime).toBeDefined();
    const cs = running.status.containerStatuses[0];
    expect(cs).toMatchObject({ name: 'web', ready: true, started: true, restartCount: 0, image: 'docker.io/library/nginx:1.27' });
    expect(cs.state.running.startedAt).toBeDefined();
    expect(cs.containerID).toMatch(/^kubepg:\/\/[0-9a-f]{64}$/);
    expect(condition(running, 'ContainersReady')?.status).toBe('True');
    expect(condition(running, 'PodReadyToStartContainers')?.status).toBe('True');

    const reasons = await waitFor(async () => {
      const res = await server.api.get(`/api/v1/namespaces/${NS}/events?fieldSelector=${encodeURIComponent(`involvedObject.uid=${running.metadata.uid}`)}`);
      const evs: any[] = res.body?.items ?? [];
      return evs.length >= 4 ? evs : undefined;
    }, 'kubelet events for web');
    const byReason = Object.fromEntries(reasons.map((e: any) => [e.reason, e]));
    expect(byReason.Pulling.message).toBe('Pulling image "nginx:1.27"');
    expect(byReason.Created.message).toBe('Container created');
    expect(byReason.Started).toMatchObject({ message: 'Container started', source: { component: 'kubelet', host: 'it-node-1' } });
    expect(byReason.Started.involvedObject.fieldPath).toBe('spec.containers{web}');
  });

  it('shows CrashLoopBackOff with restarts for a crash-looping container', async () => {
    const body = pod('crasher', { nodeName: 'it-node-0' }, { annotations: { 'kubepg.io/crash-loop': 'true' } });
    expectStatus(await server.api.post(pods(), body), 201);
    const p = await waitFor(async () => {
      const cur = await getPod('crasher');
      const cs = cur?.status?.containerStatuses?.[0];
      return cs?.state?.waiting?.reason === 'CrashLoopBackOff' && cs.restartCount > 0 ? cur : undefined;
    }, 'crasher in CrashLoopBackOff');
    const cs = p.status.containerStatuses[0];
    expect(cs.state.waiting.message).toMatch(new RegExp(`^back-off \\d+ms restarting failed container=main pod=crasher_${NS}\\(${p.metadata.uid}\\)$`));
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(p.status.phase).toBe('Running');
    expect(condition(p, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [main]' });
  });

  it('completes a Job-owned pod: Succeeded, containers terminated with exit code 0', async () => {
    const owner = { apiVersion: 'batch/v1', kind: 'Job', name: 'batch', uid: '00000000-0000-4000-8000-000000000001', controller: true };
    expectStatus(await server.api.post(pods(), pod('job-pod', { nodeName: 'it-node-0', restartPolicy: 'Never' }, { ownerReferences: [owner] })), 201);
    const done = await waitFor(async () => {
      const p = await getPod('job-pod');
      return p?.status?.phase === 'Succeeded' ? p : undefined;
    }, 'job pod Succeeded');
    expect(done.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(condition(done, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
  });

  it('finishes a graceful deletion: the pod object goes away', async () => {
    expectStatus(await server.api.post(pods(), pod('doomed', { nodeName: 'it-node-1' })), 201);
    await waitFor(async () => (await getPod('doomed'))?.status?.phase === 'Running', 'doomed Running');
    const res = await server.api.delete(pods('doomed'));
    expect([200, 202]).toContain(res.status);
    await waitFor(async () => (await server.api.get(pods('doomed'))).status === 404, 'doomed gone');
  });

  it('registers a node again when someone deletes it, and leaves pods of other nodes alone', async () => {
    const before = (await server.api.get('/api/v1/nodes/it-node-0')).body;
    expectStatus(await server.api.delete('/api/v1/nodes/it-node-0'), 200);
    const again = await waitFor(async () => {
      const res = await server.api.get('/api/v1/nodes/it-node-0');
      return res.status === 200 && res.body.metadata.uid !== before.metadata.uid ? res.body : undefined;
    }, 'it-node-0 registered again');
    expect(condition(again, 'Ready')?.status).toBe('True');

    expectStatus(await server.api.post(pods(), pod('elsewhere', { nodeName: 'someone-elses-node' })), 201);
    await waitFor(async () => (await getPod('web'))?.status?.phase === 'Running', 'the agent still syncing');
    const elsewhere = await getPod('elsewhere');
    expect(elsewhere.status.phase).toBe('Pending');
    expect(elsewhere.status.containerStatuses).toBeUndefined();
  });

  it('keeps a running pod running with the same IP across an agent restart', async () => {
    const before = await waitFor(async () => {
      const p = await getPod('web');
      return p?.status?.phase === 'Running' ? p : undefined;
    }, 'web Running');
    await agent!.stop();
    agent = await startAgent();
    expectStatus(await server.api.post(pods(), pod('after-restart', { nodeName: 'it-node-1' })), 201);
    const other = await waitFor(async () => {
      const p = await getPod('after-restart');
      return p?.status?.phase === 'Running' ? p : undefined;
    }, 'a new pod Running after the restart');
    const after = await getPod('web');
    expect(after.status.phase).toBe('Running');
    expect(after.status.podIP).toBe(before.status.podIP);
    expect(after.status.containerStatuses[0].containerID).toBe(before.status.containerStatuses[0].containerID);
    expect(after.status.startTime).toBe(before.status.startTime);
    expect(other.status.podIP).not.toBe(before.status.podIP);
  });
});
