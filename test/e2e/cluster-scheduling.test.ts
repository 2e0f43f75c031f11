// The scheduler and node agent issue, checked as a new user would: `kubepg up` (3 simulated
// nodes), then stock kubectl. Pods are scheduled, run and become Ready with an IP; a pod that fits
// nowhere stays Pending with upstream's FailedScheduling message; nodeSelector and taints steer
// placement; deletion completes; Services get ClusterIPs and NodePorts.
import { ok, outcome } from 'test/e2e/cli-harness';
import { startUp, type UpCluster } from 'test/e2e/up-harness';
import { waitFor } from 'test/support/apiserver';

describe('kubepg up: scheduler and node agent with kubectl', () => {
  let c: UpCluster;

  beforeAll(async () => {
    c = await startUp(['--nodes', '3', '--disable', 'controller-manager']);
  }, 90_000);

  afterAll(async () => {
    await c?.stop();
  });

  const pod = async (name: string): Promise<any> => (await c.api.get(`/api/v1/namespaces/default/pods/${name}`)).body;

  it('get nodes -o wide shows 3 Ready nodes', async () => {
    await waitFor(async () => {
      const out = ok(await c.kubectl(['get', 'nodes', '--no-headers']));
      const ready = out.split('\n').filter((l) => /\sReady\s/.test(l));
      return ready.length === 3 ? ready : undefined;
    }, '3 Ready nodes', 30_000);
    const wide = ok(await c.kubectl(['get', 'nodes', '-o', 'wide']));
    expect(wide.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME/);
    expect(wide).toMatch(/kubepg-node-0\s+Ready\s+<none>\s+\S+\s+v1\.\d+\.\d+\S*\s+\d+\.\d+\.\d+\.\d+/);
    // The agent creates each Lease once it knows its Node's uid (for the owner reference): shortly after registration.
    const leases = await waitFor(async () => {
      const items = (await c.api.get('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases')).body.items;
      return items.length === 3 ? items : undefined;
    }, '3 node Leases', 30_000);
    expect(leases.map((l: any) => l.metadata.name).sort()).toEqual(['kubepg-node-0', 'kubepg-node-1', 'kubepg-node-2']);
    expect(leases.every((l: any) => l.spec.leaseDurationSeconds === 40 && l.metadata.ownerReferences?.[0]?.kind === 'Node')).toBe(true);
  });

  it('kubectl run gives a Running, 1/1 Ready pod with an IP and a node, and a Scheduled event', async () => {
    ok(await c.kubectl(['run', 'web', '--image=nginx']));
    await waitFor(async () => (await pod('web'))?.status?.conditions?.find((x: any) => x.type === 'Ready' && x.status === 'True'), 'web Ready', 30_000);
    const row = ok(await c.kubectl(['get', 'pod', 'web', '-o', 'wide', '--no-headers']));
    expect(row).toMatch(/^web\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.\d+\.\d+\s+kubepg-node-\d\s+<none>\s+<none>/);
    const p = await pod('web');
    expect(p.status.podIP).toBe(p.status.podIPs[0].ip);
    const events = ok(await c.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=web', '-o', 'jsonpath={range .items[*]}{.reason} {end}']));
    for (const reason of ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']) {
      expect(events.split(' ')).toContain(reason);
    }
  });

  it('a pod requesting more CPU than any node stays Pending, and describe shows FailedScheduling', async () => {
    ok(await c.kubectl(['run', 'huge', '--image=nginx', '--overrides', JSON.stringify({ spec: { containers: [{ name: 'huge', image: 'nginx', resources: { requests: { cpu: '1000' } } }] } })]));
    await waitFor(async () => (await pod('huge'))?.status?.conditions?.find((x: any) => x.type === 'PodScheduled' && x.reason === 'Unschedulable'), 'huge Unschedulable', 30_000);
    const described = await waitFor(async () => {
      const out = ok(await c.kubectl(['describe', 'pod', 'huge']));
      return out.includes('FailedScheduling') ? out : undefined;
    }, 'the FailedScheduling event', 20_000);
    // More than any node's allocatable: upstream's NodeResourcesFit marks that unresolvable, so preemption is not tried.
    expect(described).toMatch(/Warning\s+FailedScheduling\s+\S+\s+default-scheduler\s+0\/3 nodes are available: 3 Insufficient cpu\. preemption: 0\/3 nodes are available: 3 Preemption is not helpful for scheduling\./);
    expect((await pod('huge')).spec.nodeName).toBeUndefined();
  });

  it('a pod with a nodeSelector lands on the labelled node; a tainted node gets no new pods', async () => {
    ok(await c.kubectl(['label', 'node', 'kubepg-node-2', 'disk=ssd']));
    ok(await c.kubectl(['run', 'picky', '--image=nginx', '--overrides', JSON.stringify({ spec: { nodeSelector: { disk: 'ssd' } } })]));
    await waitFor(async () => (await pod('picky'))?.spec?.nodeName, 'picky bound', 30_000);
    expect((await pod('picky')).spec.nodeName).toBe('kubepg-node-2');

    ok(await c.kubectl(['taint', 'node', 'kubepg-node-0', 'dedicated=infra:NoSchedule']));
    ok(await c.kubectl(['taint', 'node', 'kubepg-node-1', 'dedicated=infra:NoSchedule']));
    for (let i = 0; i < 4; i++) {
      ok(await c.kubectl(['run', `spread-${i}`, '--image=nginx']));
    }
    for (let i = 0; i < 4; i++) {
      await waitFor(async () => (await pod(`spread-${i}`))?.spec?.nodeName, `spread-${i} bound`, 30_000);
      expect((await pod(`spread-${i}`)).spec.nodeName).toBe('kubepg-node-2');
    }
  });

  it('kubectl delete pod returns once the pod is gone', async () => {
    const res = await c.kubectl(['delete', 'pod', 'web'], { timeoutMs: 60_000 });
    expect(outcome(res)).toMatchObject({ code: 0, stdout: 'pod "web" deleted from default namespace\n' });
    expect((await c.api.get('/api/v1/namespaces/default/pods/web')).status).toBe(404);
  });

  it('get svc shows ClusterIPs and NodePorts', async () => {
    ok(await c.kubectl(['create', 'service', 'clusterip', 'front', '--tcp=80:8080']));
    ok(await c.kubectl(['create', 'service', 'nodeport', 'edge', '--tcp=80:8080']));
    const out = ok(await c.kubectl(['get', 'svc']));
    expect(out).toMatch(/^kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP/m);
    expect(out).toMatch(/^front\s+ClusterIP\s+10\.(9[6-9]|10\d|11[01])\.\d+\.\d+\s+<none>\s+80\/TCP/m);
    expect(out).toMatch(/^edge\s+NodePort\s+10\.\d+\.\d+\.\d+\s+<none>\s+80:3\d{4}\/TCP/m);
  });
});
