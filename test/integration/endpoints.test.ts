// The Endpoints and EndpointSlice controllers against a real apiserver: a Service's Endpoints and
// EndpointSlices list its ready pods, follow readiness changes, resolve named target ports, leave
// selector-less Services alone, and `kubectl describe svc` shows the slices. No kubelet runs:
// the test plays it by writing pod status (phase, IPs, Ready) itself.
import type { ControllerSet } from 'src/controllers/controller-manager';
import { KubeClient, resourcePath } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';
import { startTestApiServer, waitFor, type TestApiServer } from 'test/support/apiserver';
import { runControllers, setPodRunning } from 'test/support/controllers';
import { kubectl } from 'test/support/kubectl';

const NS = 'default';
const SLICES = resourcePath('discovery.k8s.io/v1', 'endpointslices', NS);

function webPod(name: string, port: number, labels: Record<string, string> = { app: 'web' }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { nodeName: 'node-1', containers: [{ name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: port }] }] },
  };
}

/** Ready and not-ready IPs of an Endpoints object. */
function endpointIPs(ep: KubeObject | undefined): { ready: string[]; notReady: string[] } {
  const subsets: KubeObject[] = ep?.subsets ?? [];
  return {
    ready: subsets.flatMap((s) => (s.addresses ?? []).map((a: { ip: string }) => a.ip)).sort(),
    notReady: subsets.flatMap((s) => (s.notReadyAddresses ?? []).map((a: { ip: string }) => a.ip)).sort(),
  };
}

/** `ip:ready` of every endpoint in the Service's slices. */
async function sliceState(client: KubeClient, service: string): Promise<string[]> {
  const list = await client.list<KubeObject>(SLICES, { labelSelector: `kubernetes.io/service-name=${service}` });
  return list.items
    .flatMap((s) => (s.endpoints ?? []).map((e: { addresses: string[]; conditions: { ready: boolean } }) => `${e.addresses[0]}:${e.conditions.ready}`))
    .sort();
}

describe('Endpoints and EndpointSlice controllers', () => {
  let server: TestApiServer;
  let client: KubeClient;
  let controllers: ControllerSet;

  beforeAll(async () => {
    server = await startTestApiServer();
    client = await KubeClient.load({ kubeconfig: server.kubeconfigPath, userAgent: 'endpoints-test' });
    await client.create(resourcePath('v1', 'nodes'), { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } });
    controllers = await runControllers(client, ['endpoints', 'endpointslice']);
  });

  afterAll(async () => {
    await controllers?.stop();
    client?.close();
    await server?.stop();
  });

  it('list only ready pods, follow readiness changes, and resolve a named target port', async () => {
    await client.create(resourcePath('v1', 'services', NS), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', labels: { team: 'a' } },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    await client.create(resourcePath('v1', 'pods', NS), webPod('web-1', 8080));
    await client.create(resourcePath('v1', 'pods', NS), webPod('web-2', 8080));
    await client.create(resourcePath('v1', 'pods', NS), webPod('other', 8080, { app: 'other' }));
    await setPodRunning(client, NS, 'web-1', { ip: '10.244.0.11', ready: true });
    await setPodRunning(client, NS, 'web-2', { ip: '10.244.0.12', ready: false });
    await setPodRunning(client, NS, 'other', { ip: '10.244.0.13', ready: true });

    const ep = await waitFor(async () => {
      const e = await client.get<KubeObject>(resourcePath('v1', 'endpoints', NS, 'web')).catch(() => undefined);
      return endpointIPs(e).notReady.length === 1 ? e : undefined;
    }, 'Endpoints web with one ready and one not-ready address');
    expect(endpointIPs(ep)).toEqual({ ready: ['10.244.0.11'], notReady: ['10.244.0.12'] });
    expect(ep.subsets[0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(ep.subsets[0].addresses[0]).toMatchObject({ ip: '10.244.0.11', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: NS, name: 'web-1' } });
    expect(ep.metadata.labels).toEqual({ team: 'a' });
    expect(ep.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toMatch(/^\d{4}-\d\d-\d\dT/);

    await waitFor(async () => (await sliceState(client, 'web')).join() === '10.244.0.11:true,10.244.0.12:false', 'the slice to show web-1 ready, web-2 not');
    const slices = await client.list<KubeObject>(SLICES, { labelSelector: 'kubernetes.io/service-name=web' });
    expect(slices.items).toHaveLength(1);
    expect(slices.items[0]).toMatchObject({
      metadata: {
        generateName: 'web-',
        labels: { team: 'a', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    });

    await setPodRunning(client, NS, 'web-2', { ip: '10.244.0.12', ready: true });
    await waitFor(async () => endpointIPs(await client.get(resourcePath('v1', 'endpoints', NS, 'web'))).ready.length === 2, 'web-2 to become a ready address');
    await waitFor(async () => (await sliceState(client, 'web')).join() === '10.244.0.11:true,10.244.0.12:true', 'both slice endpoints ready');

    await setPodRunning(client, NS, 'web-1', { ip: '10.244.0.11', ready: false });
    await waitFor(
      async () => endpointIPs(await client.get(resourcePath('v1', 'endpoints', NS, 'web'))).notReady.join() === '10.244.0.11',
      'web-1 to become not ready',
    );
    await waitFor(async () => (await sliceState(client, 'web')).join() === '10.244.0.11:false,10.244.0.12:true', 'web-1 not ready in the slice');

    // A pod whose named port resolves to another number lands in a slice of its own.
    await client.create(resourcePath('v1', 'pods', NS), webPod('web-3', 9090));
    await setPodRunning(client, NS, 'web-3', { ip: '10.244.0.14', ready: true });
    const byPort = await waitFor(async () => {
      const list = await client.list<KubeObject>(SLICES, { labelSelector: 'kubernetes.io/service-name=web' });
      return list.items.length === 2 ? list.items : undefined;
    }, 'a second slice for port 9090');
    expect(byPort.map((s) => `${s.ports[0].port}:${s.endpoints.length}`).sort()).toEqual(['8080:2', '9090:1']);
    await waitFor(async () => {
      const e = await client.get<KubeObject>(resourcePath('v1', 'endpoints', NS, 'web'));
      return e.subsets.some((s: { ports: { port: number }[] }) => s.ports[0].port === 9090);
    }, 'a 9090 subset in Endpoints');

    const described = await kubectl(['describe', 'svc', 'web', '-n', NS], { kubeconfig: server.kubeconfigPath });
    expect(described.stderr).toBe('');
    expect(described.code).toBe(0);
    expect(described.stdout).toMatch(/Endpoints:\s+.*10\.244\.0\.1[24]:(8080|9090)/);
    const printed = await kubectl(['get', 'endpointslices', '-n', NS, '-l', 'kubernetes.io/service-name=web'], { kubeconfig: server.kubeconfigPath });
    expect(printed.stdout.split('\n')[0].split(/\s+/)).toEqual(['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
  });

  it('drop terminating pods from Endpoints but keep them, terminating, in slices', async () => {
    await client.create(resourcePath('v1', 'services', NS), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'term' },
      spec: { selector: { app: 'term' }, ports: [{ port: 80, targetPort: 8080 }] },
    });
    await client.create(resourcePath('v1', 'pods', NS), webPod('term-1', 8080, { app: 'term' }));
    await setPodRunning(client, NS, 'term-1', { ip: '10.244.1.1', ready: true });
    await waitFor(async () => (await sliceState(client, 'term')).join() === '10.244.1.1:true', 'term-1 ready in the slice');
    await client.delete(resourcePath('v1', 'pods', NS, 'term-1'));
    await waitFor(async () => endpointIPs(await client.get(resourcePath('v1', 'endpoints', NS, 'term'))).ready.length === 0, 'term-1 to leave Endpoints');
    const slice = await waitFor(async () => {
      const list = await client.list<KubeObject>(SLICES, { labelSelector: 'kubernetes.io/service-name=term' });
      const e = list.items[0]?.endpoints?.[0];
      return e?.conditions?.terminating ? e : undefined;
    }, 'term-1 to be terminating in the slice');
    expect(slice.conditions).toEqual({ ready: false, serving: true, terminating: true });
  });

  it('leave Services without a selector alone', async () => {
    await client.create(resourcePath('v1', 'services', NS), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { ports: [{ port: 80 }] } });
    const manual = await client.create<KubeObject>(resourcePath('v1', 'endpoints', NS), {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'ext' },
      subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 80 }] }],
    });
    // A later Service with a selector is handled, so the controllers have seen ext by then.
    await client.create(resourcePath('v1', 'services', NS), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'later' },
      spec: { selector: { app: 'none' }, ports: [{ port: 80 }] },
    });
    await waitFor(() => client.get(resourcePath('v1', 'endpoints', NS, 'later')).catch(() => undefined), 'Endpoints of the later Service');
    await waitFor(
      async () => (await client.list<KubeObject>(SLICES, { labelSelector: 'kubernetes.io/service-name=later' })).items.length === 1,
      'the placeholder slice of the later Service',
    );
    const after = await client.get<KubeObject>(resourcePath('v1', 'endpoints', NS, 'ext'));
    expect(after.metadata.resourceVersion).toBe(manual.metadata.resourceVersion);
    expect((await client.list<KubeObject>(SLICES, { labelSelector: 'kubernetes.io/service-name=ext' })).items).toEqual([]);
  });
});
