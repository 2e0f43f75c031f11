// pods/binding and the bindings resource, as a scheduler uses them: the Binding sets spec.nodeName
// and PodScheduled in one atomic write that watchers see as MODIFIED; a second binding, a pod
// being deleted, scheduling gates and stale preconditions are refused as kube-apiserver does.
import { encodeObject } from 'src/apiserver/protobuf/codec';
import { createNamespace, expectStatus, pod, startTestApiServer, type ApiClient, type TestApiServer } from 'test/support/apiserver';

const NS = 'binding';
const PODS = `/api/v1/namespaces/${NS}/pods`;
const SUCCESS = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

function binding(name: string, node: string, meta: Record<string, unknown> = {}, kind = 'Node'): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Binding', metadata: { name, ...meta }, target: { kind, name: node } };
}

describe('binding pods to nodes', () => {
  let server: TestApiServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestApiServer();
    api = server.api;
    await createNamespace(api, NS);
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function createPod(name: string, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): Promise<any> {
    const res = await api.post(PODS, pod(name, spec, meta));
    expectStatus(res, 201);
    return res.body;
  }

  test('a binding sets nodeName and PodScheduled atomically, keeps the generation, and watchers see one MODIFIED', async () => {
    const created = await createPod('web', {}, { annotations: { keep: 'me' } });
    const watch = api.watch(`${PODS}?watch=1&resourceVersion=${created.metadata.resourceVersion}&fieldSelector=metadata.name%3Dweb`);
    try {
      const res = await api.post(`${PODS}/web/binding`, binding('web', 'node-1', { annotations: { 'scheduler.example/by': 'test' } }));
      expect([res.status, res.body]).toEqual([201, SUCCESS]);
      const [event] = await watch.take(1);
      expect(event.type).toBe('MODIFIED');
      expect(event.object.spec.nodeName).toBe('node-1');
    } finally {
      watch.close();
    }
    const bound = (await api.get(`${PODS}/web`)).body;
    expect(bound.spec.nodeName).toBe('node-1');
    expect(bound.metadata.annotations).toEqual({ keep: 'me', 'scheduler.example/by': 'test' });
    expect(bound.metadata.generation).toBe(created.metadata.generation);
    expect(bound.status.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: expect.any(String) }]);
    expect(Number(bound.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
  });

  test('a second binding is a Conflict on pods/binding and changes nothing', async () => {
    const before = (await api.get(`${PODS}/web`)).body;
    const res = await api.post(`${PODS}/web/binding`, binding('web', 'node-2'));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "node-1"',
      details: { name: 'web', kind: 'pods/binding' },
    });
    expect((await api.get(`${PODS}/web`)).body.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  test('a pod being deleted, a gated pod and a stale uid are refused', async () => {
    await createPod('going', {}, { finalizers: ['example.com/hold'] });
    expectStatus(await api.delete(`${PODS}/going`), 200);
    const deleting = await api.post(`${PODS}/going/binding`, binding('going', 'node-1'));
    expect([deleting.status, deleting.body.message]).toEqual([
      409,
      'Operation cannot be fulfilled on pods/binding "going": pod going is being deleted, cannot be assigned to a host',
    ]);
    expectStatus(await api.patch(`${PODS}/going`, { metadata: { finalizers: null } }), 200);

    await createPod('gated', { schedulingGates: [{ name: 'example.com/wait' }] });
    const gated = await api.post(`${PODS}/gated/binding`, binding('gated', 'node-1'));
    expect([gated.status, gated.body.message]).toEqual([
      409,
      'Operation cannot be fulfilled on pods/binding "gated": pod gated has non-empty .spec.schedulingGates',
    ]);

    const free = await createPod('free');
    const stale = await api.post(`${PODS}/free/binding`, binding('free', 'node-1', { uid: 'not-the-uid' }));
    expect(stale.status).toBe(409);
    expect(stale.body.message).toBe(
      `Operation cannot be fulfilled on pods "free": StorageError: invalid object, Code: 4, Key: /registry/pods/${NS}/free, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: not-the-uid, UID in object meta: ${free.metadata.uid}`,
    );
    const ok = await api.post(`${PODS}/free/binding`, binding('free', 'node-1', { uid: free.metadata.uid, resourceVersion: free.metadata.resourceVersion }));
    expect(ok.status).toBe(201);
  });

  test('malformed bindings: wrong target kind, another name, a missing pod', async () => {
    await createPod('odd');
    const kind = await api.post(`${PODS}/odd/binding`, binding('odd', 'node-1', {}, 'Pod'));
    expect([kind.status, kind.body.message]).toEqual([500, 'target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"']);
    const name = await api.post(`${PODS}/odd/binding`, binding('other', 'node-1'));
    expect([name.status, name.body.message]).toEqual([400, 'name in URL does not match name in Binding object']);
    const missing = await api.post(`${PODS}/nobody/binding`, binding('nobody', 'node-1'));
    expect([missing.status, missing.body.message]).toEqual([404, 'pods "nobody" not found']);
    const dry = await api.post(`${PODS}/odd/binding?dryRun=All`, binding('odd', 'node-1'));
    expect(dry.status).toBe(201);
    expect((await api.get(`${PODS}/odd`)).body.spec.nodeName).toBeUndefined();
  });

  test('a protobuf Binding body binds as the JSON one does', async () => {
    await createPod('pb');
    const body = encodeObject(binding('pb', 'node-3'));
    const res = await api.request('POST', `${PODS}/pb/binding`, { body, headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf' } });
    expect([res.status, res.body]).toEqual([201, SUCCESS]);
    expect((await api.get(`${PODS}/pb`)).body.spec.nodeName).toBe('node-3');
  });

  test('POST bindings binds the pod the Binding names, and discovery lists bindings with create only', async () => {
    const entry = (await api.get('/api/v1')).body.resources.find((r: { name: string }) => r.name === 'bindings');
    expect(entry).toEqual({ name: 'bindings', singularName: 'binding', namespaced: true, kind: 'Binding', verbs: ['create'] });
    await createPod('legacy');
    const res = await api.post(`/api/v1/namespaces/${NS}/bindings`, binding('legacy', 'node-4'));
    expect([res.status, res.body]).toEqual([201, SUCCESS]);
    expect((await api.get(`${PODS}/legacy`)).body.spec.nodeName).toBe('node-4');
  });
});
