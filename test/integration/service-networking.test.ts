// Service networking as kube-apiserver 1.33+ does it: cluster IPs claimed as IPAddress objects
// from the `kubernetes` ServiceCIDR, node ports claimed in Postgres, the `kubernetes` Service and
// Endpoints created at start-up, and all of it shared correctly by two apiservers on one database.
import { createNamespace, expectStatus, startTestApiServer, type ApiClient, type TestApiServer } from 'test/support/apiserver';
import { createTestDatabase, type TestDatabase } from 'test/support/postgres';

const NS = 'svc-net';
const SVC = `/api/v1/namespaces/${NS}/services`;
const IPS = '/apis/networking.k8s.io/v1/ipaddresses';
const IPV4 = /^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/;

function service(name: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } };
}

async function create(api: ApiClient, name: string, spec: Record<string, unknown> = {}, query = ''): Promise<any> {
  const res = await api.post(`${SVC}${query}`, service(name, spec));
  expectStatus(res, 201);
  return res.body;
}

async function ipAddress(api: ApiClient, ip: string): Promise<any> {
  const res = await api.get(`${IPS}/${ip}`);
  return res.status === 200 ? res.body : undefined;
}

describe('service cluster IPs and node ports', () => {
  let db: TestDatabase;
  let a: TestApiServer;
  let api: ApiClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startTestApiServer({ database: db });
    api = a.api;
    await createNamespace(api, NS);
  });

  afterAll(async () => {
    await a?.stop();
    await db?.drop();
  });

  test('the kubernetes Service has the first address, its Endpoints point at the apiserver, the ServiceCIDR is Ready', async () => {
    const svc = (await api.get('/api/v1/namespaces/default/services/kubernetes')).body;
    expect(svc.metadata.labels).toEqual({ component: 'apiserver', provider: 'kubernetes' });
    expect(svc.spec).toMatchObject({
      type: 'ClusterIP',
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: a.handle.port }],
    });
    const ep = (await api.get('/api/v1/namespaces/default/endpoints/kubernetes')).body;
    expect(ep.subsets).toHaveLength(1);
    expect(ep.subsets[0].ports).toEqual([{ name: 'https', port: a.handle.port, protocol: 'TCP' }]);
    expect(ep.subsets[0].addresses.map((x: { ip: string }) => x.ip)).toEqual([expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/)]);
    expect((await ipAddress(api, '10.96.0.1')).spec.parentRef).toEqual({ resource: 'services', namespace: 'default', name: 'kubernetes' });
    const cidr = (await api.get('/apis/networking.k8s.io/v1/servicecidrs/kubernetes')).body;
    expect(cidr.spec.cidrs).toEqual(['10.96.0.0/12']);
    expect(cidr.status.conditions).toEqual([expect.objectContaining({ type: 'Ready', status: 'True', message: 'Kubernetes default Service CIDR is ready' })]);
  });

  test('50 concurrent creates get 50 distinct addresses, each with its IPAddress', async () => {
    const created = await Promise.all(Array.from({ length: 50 }, (_, i) => create(api, `burst-${i}`)));
    const ips = created.map((s) => s.spec.clusterIP);
    expect(new Set(ips).size).toBe(50);
    for (const s of created) {
      expect(s.spec.clusterIP).toMatch(IPV4);
      expect(s.spec.clusterIPs).toEqual([s.spec.clusterIP]);
    }
    const list = (await api.get(`${IPS}?labelSelector=ipaddress.kubernetes.io/managed-by%3Dipallocator.k8s.io`)).body.items;
    const byIp = new Map<string, any>(list.map((x: any) => [x.metadata.name, x]));
    for (const s of created) {
      expect(byIp.get(s.spec.clusterIP)?.spec.parentRef).toEqual({ resource: 'services', namespace: NS, name: s.metadata.name });
    }
  });

  test('a requested address is honoured, a taken one refused, a freed one available again', async () => {
    expect((await create(api, 'dns', { clusterIP: '10.96.0.10' })).spec.clusterIP).toBe('10.96.0.10');
    const taken = await api.post(SVC, service('dns2', { clusterIP: '10.96.0.10' }));
    expect(taken.status).toBe(422);
    expect(taken.body.message).toBe(
      'Service "dns2" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
    const far = await api.post(SVC, service('far', { clusterIP: '192.168.0.10' }));
    expect([far.status, far.body.message]).toEqual([
      422,
      'Service "far" is invalid: spec.clusterIPs: Invalid value: []string{"192.168.0.10"}: failed to allocate IP 192.168.0.10: the provided network does not match the current range',
    ]);
    expect(await ipAddress(api, '192.168.0.10')).toBeUndefined();
    expectStatus(await api.delete(`${SVC}/dns`), 200);
    expect(await ipAddress(api, '10.96.0.10')).toBeUndefined();
    expect((await create(api, 'dns2', { clusterIP: '10.96.0.10' })).spec.clusterIP).toBe('10.96.0.10');
  });

  test('a create that fails after allocating gives the address back', async () => {
    await create(api, 'dup', { clusterIP: '10.96.0.20' });
    const again = await api.post(SVC, service('dup', { clusterIP: '10.96.0.21' }));
    expect(again.status).toBe(409);
    expect(await ipAddress(api, '10.96.0.21')).toBeUndefined();
  });

  test('node ports are allocated, honoured, refused when taken, and released on the way back to ClusterIP', async () => {
    const np = await create(api, 'np', {
      type: 'NodePort',
      ports: [
        { name: 'a', port: 80 },
        { name: 'b', port: 81, nodePort: 30080 },
      ],
    });
    const [auto, fixed] = np.spec.ports.map((p: { nodePort: number }) => p.nodePort);
    expect(fixed).toBe(30080);
    expect(auto).toBeGreaterThanOrEqual(30000);
    expect(auto).toBeLessThanOrEqual(32767);
    const clash = await api.post(SVC, service('np2', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    expect([clash.status, clash.body.message]).toEqual([
      422,
      'Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    ]);
    const back = await api.patch(`${SVC}/np`, { spec: { type: 'ClusterIP' } }, 'application/strategic-merge-patch+json');
    expectStatus(back, 200);
    expect(back.body.spec.ports.map((p: { nodePort?: number }) => p.nodePort)).toEqual([undefined, undefined]);
    expect(back.body.spec.externalTrafficPolicy).toBeUndefined();
    expect((await create(api, 'np2', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).spec.ports[0].nodePort).toBe(30080);
    const up = await api.patch(`${SVC}/np`, { spec: { type: 'NodePort' } }, 'application/strategic-merge-patch+json');
    expectStatus(up, 200);
    expect(up.body.spec.ports.every((p: { nodePort: number }) => p.nodePort >= 30000 && p.nodePort <= 32767)).toBe(true);
    expect(up.body.spec.clusterIP).toBe(np.spec.clusterIP);
  });

  test('LoadBalancer with externalTrafficPolicy Local gets a health check node port', async () => {
    const lb = await create(api, 'lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
    expect(lb.spec.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(lb.spec.ports[0].nodePort).not.toBe(lb.spec.healthCheckNodePort);
    const noPorts = await create(api, 'lb-noports', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false });
    expect(noPorts.spec.ports[0].nodePort).toBeUndefined();
  });

  test('headless and ExternalName Services get no address; ExternalName releases it, and leaving it allocates one', async () => {
    const headless = await create(api, 'headless', { clusterIP: 'None' });
    expect([headless.spec.clusterIP, headless.spec.clusterIPs]).toEqual(['None', ['None']]);
    const ext = await create(api, 'ext', { type: 'ExternalName', externalName: 'example.com', selector: undefined });
    expect(ext.spec.clusterIP).toBeUndefined();
    const web = await create(api, 'to-ext');
    const toExt = await api.patch(`${SVC}/to-ext`, { spec: { type: 'ExternalName', externalName: 'example.org' } }, 'application/strategic-merge-patch+json');
    expectStatus(toExt, 200);
    expect(toExt.body.spec.clusterIP).toBeUndefined();
    expect(await ipAddress(api, web.spec.clusterIP)).toBeUndefined();
    const fromExt = await api.patch(`${SVC}/ext`, { spec: { type: 'ClusterIP', externalName: null } }, 'application/merge-patch+json');
    expectStatus(fromExt, 200);
    expect(fromExt.body.spec.clusterIP).toMatch(IPV4);
    expect((await ipAddress(api, fromExt.body.spec.clusterIP)).spec.parentRef.name).toBe('ext');
  });

  test('a dry run allocates nothing', async () => {
    const before = (await api.get(IPS)).body.items.length;
    const dry = await create(api, 'dry', { type: 'NodePort' }, '?dryRun=All');
    expect(dry.spec.clusterIP).toBe('10.96.0.0');
    expect(dry.spec.ports[0].nodePort).toBe(32769);
    const dryFixed = await create(api, 'dry', { clusterIP: '10.96.0.30' }, '?dryRun=All');
    expect(dryFixed.spec.clusterIP).toBe('10.96.0.30');
    expect((await api.get(IPS)).body.items.length).toBe(before);
    expect(await ipAddress(api, '10.96.0.30')).toBeUndefined();
    const clash = await api.post(`${SVC}?dryRun=All`, service('dry', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    expect(clash.status).toBe(422);
  });

  test('a second apiserver on the same database never hands out an address twice; a restart keeps and repairs allocations', async () => {
    const b = await startTestApiServer({ database: db });
    try {
      const race = await Promise.all([a.api, b.api].map((c, i) => c.post(SVC, service(`race-${i}`, { clusterIP: '10.96.0.40' }))));
      expect(race.map((r) => r.status).sort()).toEqual([201, 422]);
      const both = await Promise.all(Array.from({ length: 40 }, (_, i) => create(i % 2 ? b.api : a.api, `pair-${i}`)));
      expect(new Set(both.map((s) => s.spec.clusterIP)).size).toBe(40);
      const ports = await Promise.all(
        Array.from({ length: 20 }, (_, i) => create(i % 2 ? b.api : a.api, `pair-np-${i}`, { type: 'NodePort' }).then((s) => s.spec.ports[0].nodePort)),
      );
      expect(new Set(ports).size).toBe(20);
    } finally {
      await b.stop();
    }
    const kept = (await api.get(`${SVC}/pair-0`)).body.spec.clusterIP;
    expectStatus(await api.delete(`${IPS}/${kept}`), 200);
    const c = await startTestApiServer({ database: db });
    try {
      expect((await ipAddress(c.api, kept)).spec.parentRef).toEqual({ resource: 'services', namespace: NS, name: 'pair-0' });
      const again = await c.api.post(SVC, service('pair-x', { clusterIP: kept }));
      expect(again.status).toBe(422);
      expect((await c.api.get(`${SVC}/pair-1`)).body.spec.clusterIP).toMatch(IPV4);
    } finally {
      await c.stop();
    }
  });
});
