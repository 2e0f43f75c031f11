// kube-apiserver REST semantics that kubectl, client-go and client-node depend on, checked
// over HTTPS against the real apiserver on a real Postgres. Expected values are upstream's.
import {
  ApiClient,
  configMap,
  createNamespace,
  deployment,
  expectStatus,
  pod,
  rvNum,
  startTestApiServer,
  waitFor,
  type TestApiServer,
} from 'test/support/apiserver';

const cms = (ns: string, name?: string) => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ''}`;
const pods = (ns: string, name?: string) => `/api/v1/namespaces/${ns}/pods${name ? `/${name}` : ''}`;
const deploys = (ns: string, name?: string) => `/apis/apps/v1/namespaces/${ns}/deployments${name ? `/${name}` : ''}`;
const names = (list: any) => (list.items as any[]).map((o) => o.metadata.name).sort();

let server: TestApiServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestApiServer();
  api = server.api;
  for (const ns of ['labels', 'fields', 'paging', 'gen', 'status', 'final', 'dc', 'watch']) {
    await createNamespace(api, ns);
  }
});

afterAll(async () => {
  await server?.stop();
});

describe('label selectors', () => {
  beforeAll(async () => {
    const objects: [string, Record<string, string>][] = [
      ['a', { app: 'web', tier: 'fe' }],
      ['b', { app: 'web', tier: 'be' }],
      ['c', { app: 'db' }],
      ['d', {}],
    ];
    for (const [name, labels] of objects) {
      expectStatus(await api.post(cms('labels'), configMap(name, {}, { labels })), 201);
    }
  });

  test.each([
    ['app=web', ['a', 'b']],
    ['app==web', ['a', 'b']],
    ['app!=web', ['c', 'd']],
    ['app in (web,db)', ['a', 'b', 'c']],
    ['tier notin (fe)', ['b', 'c', 'd']],
    ['tier', ['a', 'b']],
    ['!tier', ['c', 'd']],
    ['app=web,tier=fe', ['a']],
    ['app=web,!tier', []],
  ])('labelSelector=%s', async (selector, expected) => {
    const res = await api.get(`${cms('labels')}?labelSelector=${encodeURIComponent(selector)}`);
    expectStatus(res, 200);
    expect(names(res.body)).toEqual(expected);
  });

  test('an unparsable label selector is 400 BadRequest', async () => {
    const res = await api.get(`${cms('labels')}?labelSelector=${encodeURIComponent('app=(web')}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
  });
});

describe('field selectors', () => {
  beforeAll(async () => {
    for (const name of ['a', 'b', 'c']) {
      expectStatus(await api.post(cms('fields'), configMap(name)), 201);
    }
    expectStatus(await api.post(pods('fields'), pod('p1', { nodeName: 'node-1' })), 201);
    expectStatus(await api.post(pods('fields'), pod('p2', { nodeName: 'node-2' })), 201);
    expectStatus(await api.post(pods('fields'), pod('p3')), 201);
    for (const [name, phase] of [
      ['p1', 'Running'],
      ['p2', 'Succeeded'],
    ]) {
      const current = (await api.get(pods('fields', name))).body;
      expectStatus(await api.put(`${pods('fields', name)}/status`, { ...current, status: { ...current.status, phase } }), 200);
    }
  });

  test.each([
    ['metadata.name=b', ['b']],
    ['metadata.name!=b', ['a', 'c']],
    ['metadata.namespace=fields', ['a', 'b', 'c']],
    ['metadata.namespace=elsewhere', []],
  ])('configmaps fieldSelector=%s', async (selector, expected) => {
    const res = await api.get(`${cms('fields')}?fieldSelector=${encodeURIComponent(selector)}`);
    expectStatus(res, 200);
    expect(names(res.body)).toEqual(expected);
  });

  test('a new pod is Pending', async () => {
    expect((await api.get(pods('fields', 'p3'))).body.status.phase).toBe('Pending');
  });

  test.each([
    ['spec.nodeName=node-1', ['p1']],
    ['spec.nodeName=', ['p3']],
    ['status.phase=Pending', ['p3']],
    ['status.phase!=Succeeded,status.phase!=Failed', ['p1', 'p3']],
    ['spec.nodeName=node-1,status.phase=Running', ['p1']],
  ])('pods fieldSelector=%s', async (selector, expected) => {
    const res = await api.get(`${pods('fields')}?fieldSelector=${encodeURIComponent(selector)}`);
    expectStatus(res, 200);
    expect(names(res.body)).toEqual(expected);
  });

  test('the cluster-wide pod list filters by spec.nodeName too', async () => {
    const res = await api.get(`/api/v1/pods?fieldSelector=${encodeURIComponent('spec.nodeName=node-2')}`);
    expectStatus(res, 200);
    expect(res.body.items.map((p: any) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(['fields/p2']);
  });

  test('an unsupported field label is 400 BadRequest', async () => {
    const res = await api.get(`${pods('fields')}?fieldSelector=${encodeURIComponent('spec.foo=bar')}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    expect(res.body.message).toContain('field label not supported: spec.foo');
  });
});

describe('limit and continue', () => {
  const pad = (i: number) => `page-${String(i).padStart(2, '0')}`;

  beforeAll(async () => {
    for (let i = 0; i < 25; i++) {
      expectStatus(await api.post(cms('paging'), configMap(pad(i), { v: 'old' }, { labels: { parity: i % 2 ? 'odd' : 'even' } })), 201);
    }
  });

  test('pages come from one snapshot: later creates, updates and deletes do not show up', async () => {
    const first = await api.get(`${cms('paging')}?limit=10`);
    expectStatus(first, 200);
    expect(first.body.kind).toBe('ConfigMapList');
    expect(first.body.items.map((o: any) => o.metadata.name)).toEqual(Array.from({ length: 10 }, (_, i) => pad(i)));
    const snapshotRv = first.body.metadata.resourceVersion;
    expect(first.body.metadata.continue).toEqual(expect.any(String));

    expectStatus(await api.post(cms('paging'), configMap('page-05a')), 201);
    expectStatus(await api.post(cms('paging'), configMap('page-99')), 201);
    expectStatus(await api.delete(cms('paging', 'page-15')), 200);
    expectStatus(await api.patch(cms('paging', 'page-20'), { data: { v: 'new' } }), 200);

    const rest: any[] = [];
    let token: string | undefined = first.body.metadata.continue;
    while (token) {
      const page = await api.get(`${cms('paging')}?limit=10&continue=${encodeURIComponent(token)}`);
      expectStatus(page, 200);
      expect(page.body.metadata.resourceVersion).toBe(snapshotRv);
      expect(page.body.items.length).toBeLessThanOrEqual(10);
      rest.push(...page.body.items);
      token = page.body.metadata.continue || undefined;
    }
    expect(rest.map((o) => o.metadata.name)).toEqual(Array.from({ length: 15 }, (_, i) => pad(i + 10)));
    expect(rest.find((o) => o.metadata.name === 'page-20').data).toEqual({ v: 'old' });

    const now = await api.get(cms('paging'));
    expect(now.body.items).toHaveLength(26);
    expect(now.body.items.find((o: any) => o.metadata.name === 'page-20').data).toEqual({ v: 'new' });
  });

  test('limit with a label selector pages through the matching objects only', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await api.get(`${cms('paging')}?limit=3&labelSelector=parity%3Deven${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
      expectStatus(page, 200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((o: any) => o.metadata.name));
      token = page.body.metadata.continue || undefined;
    } while (token);
    expect(seen).toEqual(Array.from({ length: 13 }, (_, i) => pad(i * 2)));
  });

  test('a malformed continue token is 400 BadRequest', async () => {
    const res = await api.get(`${cms('paging')}?limit=3&continue=not-a-token`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
  });
});

describe('resourceVersion on lists', () => {
  test('resourceVersion=0 is served (from the cache) and catches up with acknowledged writes', async () => {
    const created = await api.post(cms('gen'), configMap('rv0'));
    expectStatus(created, 201);
    const res = await waitFor(async () => {
      const r = await api.get(`${cms('gen')}?resourceVersion=0`);
      expectStatus(r, 200);
      return names(r.body).includes('rv0') ? r : undefined;
    }, 'a resourceVersion=0 list showing the new object');
    expect(res.body).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1' });
    expect(rvNum(res.body.metadata.resourceVersion)).toBeGreaterThanOrEqual(rvNum(created.body.metadata.resourceVersion));
  });

  test('resourceVersionMatch=NotOlderThan includes a write at that RV; Exact shows the state at an older RV', async () => {
    const created = await api.post(cms('gen'), configMap('exact', { v: '1' }));
    expectStatus(created, 201);
    const rv1 = created.body.metadata.resourceVersion;
    const notOlder = await api.get(`${cms('gen')}?resourceVersion=${rv1}&resourceVersionMatch=NotOlderThan`);
    expectStatus(notOlder, 200);
    expect(notOlder.body.items.find((o: any) => o.metadata.name === 'exact')?.data).toEqual({ v: '1' });
    expect(rvNum(notOlder.body.metadata.resourceVersion)).toBeGreaterThanOrEqual(rvNum(rv1));

    expectStatus(await api.patch(cms('gen', 'exact'), { data: { v: '2' } }), 200);
    const exact = await api.get(`${cms('gen')}?resourceVersion=${rv1}&resourceVersionMatch=Exact`);
    expectStatus(exact, 200);
    expect(exact.body.metadata.resourceVersion).toBe(rv1);
    const old = exact.body.items.find((o: any) => o.metadata.name === 'exact');
    expect([old?.data, old?.metadata.resourceVersion]).toEqual([{ v: '1' }, rv1]);
  });
});

describe('server-set metadata', () => {
  test('generateName makes distinct names with a 5-character random suffix', async () => {
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } };
    const [a, b] = await Promise.all([api.post(cms('gen'), body), api.post(cms('gen'), body)]);
    expectStatus(a, 201);
    expectStatus(b, 201);
    expect(a.body.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(b.body.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(a.body.metadata.name).not.toBe(b.body.metadata.name);
    expect(a.body.metadata.generateName).toBe('gen-');
    expectStatus(await api.get(cms('gen', a.body.metadata.name)), 200);
  });

  test('uid and creationTimestamp are set by the server on create and kept on update', async () => {
    const res = await api.post(
      cms('gen'),
      configMap('meta', { v: '1' }, { uid: '11111111-1111-1111-1111-111111111111', creationTimestamp: '2000-01-01T00:00:00Z' }),
    );
    expectStatus(res, 201);
    const { uid, creationTimestamp, namespace } = res.body.metadata;
    expect(uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(uid).not.toBe('11111111-1111-1111-1111-111111111111');
    expect(creationTimestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(creationTimestamp).not.toBe('2000-01-01T00:00:00Z');
    expect(namespace).toBe('gen');

    const { uid: _u, creationTimestamp: _c, ...rest } = res.body.metadata;
    const updated = await api.put(cms('gen', 'meta'), { ...res.body, metadata: rest, data: { v: '2' } });
    expectStatus(updated, 200);
    expect([updated.body.metadata.uid, updated.body.metadata.creationTimestamp]).toEqual([uid, creationTimestamp]);
  });

  test('a Deployment bumps metadata.generation on spec changes only', async () => {
    const created = await api.post(deploys('gen'), deployment('gen-web'));
    expectStatus(created, 201);
    expect(created.body.metadata.generation).toBe(1);

    const labelled = await api.put(deploys('gen', 'gen-web'), {
      ...created.body,
      metadata: { ...created.body.metadata, labels: { app: 'gen-web', extra: 'yes' } },
    });
    expectStatus(labelled, 200);
    expect(labelled.body.metadata.generation).toBe(1);

    const scaled = await api.put(deploys('gen', 'gen-web'), { ...labelled.body, spec: { ...labelled.body.spec, replicas: 3 } });
    expectStatus(scaled, 200);
    expect(scaled.body.metadata.generation).toBe(2);

    const status = await api.put(`${deploys('gen', 'gen-web')}/status`, { ...scaled.body, status: { observedGeneration: 2, replicas: 3 } });
    expectStatus(status, 200);
    expect(status.body.metadata.generation).toBe(2);
  });
});

describe('status subresource', () => {
  test('the main resource never writes status; /status writes only status', async () => {
    const body = deployment('iso');
    body.status = { replicas: 7, observedGeneration: 9 };
    const created = await api.post(deploys('status'), body);
    expectStatus(created, 201);
    expect(created.body.status?.replicas).toBeUndefined();
    expect(created.body.status?.observedGeneration).toBeUndefined();

    const viaStatus = await api.put(`${deploys('status', 'iso')}/status`, {
      ...created.body,
      spec: { ...created.body.spec, replicas: 10 },
      status: { replicas: 3, observedGeneration: 1 },
    });
    expectStatus(viaStatus, 200);
    expect(viaStatus.body.status).toMatchObject({ replicas: 3, observedGeneration: 1 });
    expect(viaStatus.body.spec.replicas).toBe(1);

    const viaMain = await api.put(deploys('status', 'iso'), {
      ...viaStatus.body,
      spec: { ...viaStatus.body.spec, replicas: 2 },
      status: { replicas: 99, observedGeneration: 99 },
    });
    expectStatus(viaMain, 200);
    expect(viaMain.body.spec.replicas).toBe(2);
    expect(viaMain.body.status).toMatchObject({ replicas: 3, observedGeneration: 1 });

    const patchedMain = await api.patch(deploys('status', 'iso'), { status: { replicas: 42 } });
    expectStatus(patchedMain, 200);
    expect(patchedMain.body.status.replicas).toBe(3);

    const patchedStatus = await api.patch(`${deploys('status', 'iso')}/status`, { spec: { replicas: 8 }, status: { readyReplicas: 2 } });
    expectStatus(patchedStatus, 200);
    expect(patchedStatus.body.status).toMatchObject({ replicas: 3, readyReplicas: 2 });
    expect(patchedStatus.body.spec.replicas).toBe(2);

    const stored = (await api.get(deploys('status', 'iso'))).body;
    expect([stored.spec.replicas, stored.status.replicas, stored.status.readyReplicas]).toEqual([2, 3, 2]);
  });
});

describe('deletion', () => {
  test('finalizers keep a deleted object, with deletionTimestamp, until they are removed', async () => {
    const created = await api.post(cms('final'), configMap('held', { v: '1' }, { finalizers: ['example.com/hold'] }));
    expectStatus(created, 201);
    const watch = api.watch(`${cms('final')}?watch=true&resourceVersion=${created.body.metadata.resourceVersion}`);
    expect(await watch.status).toBe(200);

    const del = await api.delete(cms('final', 'held'));
    expectStatus(del, 200);
    expect(del.body.metadata.deletionTimestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(del.body.metadata.finalizers).toEqual(['example.com/hold']);

    const held = await api.get(cms('final', 'held'));
    expectStatus(held, 200);
    expect(held.body.metadata.deletionTimestamp).toBe(del.body.metadata.deletionTimestamp);
    const marked = await watch.next();
    expect([marked.type, marked.object.metadata.deletionTimestamp]).toEqual(['MODIFIED', del.body.metadata.deletionTimestamp]);

    // Other updates are allowed, and cannot take the deletionTimestamp away.
    const { deletionTimestamp: _d, ...meta } = held.body.metadata;
    const relabelled = await api.put(cms('final', 'held'), { ...held.body, metadata: { ...meta, labels: { still: 'here' } } });
    expectStatus(relabelled, 200);
    expect(relabelled.body.metadata.deletionTimestamp).toBe(del.body.metadata.deletionTimestamp);
    expect((await watch.next()).type).toBe('MODIFIED');

    // No new finalizers once deletion has started.
    const late = await api.put(cms('final', 'held'), {
      ...relabelled.body,
      metadata: { ...relabelled.body.metadata, finalizers: ['example.com/hold', 'example.com/late'] },
    });
    expect(late.status).toBe(422);
    expect(late.body.reason).toBe('Invalid');
    expect(late.body.message).toContain('no new finalizers can be added if the object is being deleted');

    const released = await api.patch(cms('final', 'held'), { metadata: { finalizers: null } });
    expectStatus(released, 200);
    expect((await api.get(cms('final', 'held'))).status).toBe(404);
    const gone = await watch.next();
    expect([gone.type, gone.object.metadata.name]).toEqual(['DELETED', 'held']);
    watch.close();
  });

  test('DELETE of a ConfigMap answers a Success Status naming it', async () => {
    const created = await api.post(cms('final'), configMap('plain'));
    expectStatus(created, 201);
    const res = await api.delete(cms('final', 'plain'));
    expectStatus(res, 200);
    expect(res.body).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Success',
      details: { name: 'plain', kind: 'configmaps', uid: created.body.metadata.uid },
    });
    expect((await api.get(cms('final', 'plain'))).status).toBe(404);
  });

  test('DELETE with a uid precondition that does not match is 409 Conflict', async () => {
    const created = await api.post(cms('final'), configMap('uid-guard'));
    expectStatus(created, 201);
    const wrong = '00000000-0000-0000-0000-000000000000';
    const res = await api.delete(cms('final', 'uid-guard'), { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: wrong } });
    expect(res.status).toBe(409);
    expect(res.body.reason).toBe('Conflict');
    expect(res.body.message).toContain(`the UID in the precondition (${wrong}) does not match the UID in record (${created.body.metadata.uid})`);
    expectStatus(await api.get(cms('final', 'uid-guard')), 200);
    expectStatus(await api.delete(cms('final', 'uid-guard'), { preconditions: { uid: created.body.metadata.uid } }), 200);
  });

  test('deletecollection deletes exactly the selected objects and returns them', async () => {
    for (const [name, labels] of [
      ['x1', { sweep: 'yes' }],
      ['x2', { sweep: 'yes' }],
      ['x3', { sweep: 'no' }],
    ] as const) {
      expectStatus(await api.post(cms('dc'), configMap(name, {}, { labels })), 201);
    }
    const res = await api.delete(`${cms('dc')}?labelSelector=sweep%3Dyes`);
    expectStatus(res, 200);
    expect(res.body.kind).toBe('ConfigMapList');
    expect(names(res.body)).toEqual(['x1', 'x2']);
    expect(names((await api.get(cms('dc'))).body)).toEqual(['x3']);
  });

  test('deleting a missing object is 404 NotFound', async () => {
    const res = await api.delete(cms('dc', 'nope'));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ reason: 'NotFound', message: 'configmaps "nope" not found', details: { name: 'nope', kind: 'configmaps' } });
  });
});

describe('request errors', () => {
  test('creating into a missing namespace is 404 NotFound for the namespace', async () => {
    const res = await api.post(cms('missing-ns'), configMap('x'));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      message: 'namespaces "missing-ns" not found',
      details: { name: 'missing-ns', kind: 'namespaces' },
    });
  });

  test('GET of a missing object is 404 with the qualified resource name', async () => {
    const cm = await api.get(cms('gen', 'nope'));
    expect([cm.status, cm.body.message]).toEqual([404, 'configmaps "nope" not found']);
    const dep = await api.get(deploys('gen', 'nope'));
    expect([dep.status, dep.body.message, dep.body.details]).toEqual([
      404,
      'deployments.apps "nope" not found',
      { name: 'nope', group: 'apps', kind: 'deployments' },
    ]);
  });

  test('malformed JSON is 400 BadRequest', async () => {
    const res = await api.request('POST', cms('gen'), {
      body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400 });
  });

  test('a body over 3 MiB is 413 RequestEntityTooLarge', async () => {
    const huge = configMap('huge', { blob: 'x'.repeat(3 * 1024 * 1024 + 1024) });
    const res = await api.post(cms('gen'), huge);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge', code: 413 });
    expect((await api.get(cms('gen', 'huge'))).status).toBe(404);
  });

  test('no token, or a wrong token, is 401 Unauthorized', async () => {
    for (const token of [null, 'not-the-token']) {
      const res = await api.get('/api/v1/namespaces', { token });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
    }
    const anonymous = new ApiClient(server.url, null);
    try {
      expect((await anonymous.post(cms('gen'), configMap('sneaky'))).status).toBe(401);
    } finally {
      anonymous.close();
    }
    expect((await api.get(cms('gen', 'sneaky'))).status).toBe(404);
  });
});

describe('watch protocol', () => {
  test('sendInitialEvents=true: ADDED for current objects, then a BOOKMARK marked k8s.io/initial-events-end, then live events', async () => {
    const rvs: number[] = [];
    for (const name of ['w1', 'w2', 'w3']) {
      const res = await api.post(cms('watch'), configMap(name));
      expectStatus(res, 201);
      rvs.push(rvNum(res.body.metadata.resourceVersion));
    }
    const watch = api.watch(`${cms('watch')}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`);
    expect(await watch.status).toBe(200);
    const initial = await watch.until((e) => e.type === 'BOOKMARK' && e.object.metadata?.annotations?.['k8s.io/initial-events-end'] === 'true');
    const bookmark = initial.pop()!;
    expect(initial.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'ADDED']);
    expect(initial.map((e) => e.object.metadata.name).sort()).toEqual(['w1', 'w2', 'w3']);
    expect(bookmark.object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } });
    expect(rvNum(bookmark.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Math.max(...rvs));

    const live = await api.post(cms('watch'), configMap('w4'));
    expectStatus(live, 201);
    const next = await watch.until((e) => e.type !== 'BOOKMARK');
    expect(next.filter((e) => e.type !== 'BOOKMARK').map((e) => [e.type, e.object.metadata.name, e.object.metadata.resourceVersion])).toEqual([
      ['ADDED', 'w4', live.body.metadata.resourceVersion],
    ]);
    watch.close();
  });

  test('sendInitialEvents with a name field selector, as kubectl wait sends it', async () => {
    const watch = api.watch(
      `${cms('watch')}?allowWatchBookmarks=true&fieldSelector=metadata.name%3Dw2&resourceVersionMatch=NotOlderThan&sendInitialEvents=true&timeoutSeconds=30&watch=true`,
    );
    expect(await watch.status).toBe(200);
    const initial = await watch.until((e) => e.type === 'BOOKMARK' && e.object.metadata?.annotations?.['k8s.io/initial-events-end'] === 'true');
    expect(initial.slice(0, -1).map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'w2']]);
    watch.close();
  });

  test('timeoutSeconds makes the server end the watch', async () => {
    const watch = api.watch(`${cms('watch')}?watch=true&timeoutSeconds=1`);
    expect(await watch.status).toBe(200);
    expect(await watch.waitClosed(20_000)).toBe('end');
  });

  test('the legacy /api/v1/watch/ paths stream events for a collection and for one object', async () => {
    const list = await api.get(cms('watch'));
    const rv = list.body.metadata.resourceVersion;
    const all = api.watch(`/api/v1/watch/namespaces/watch/configmaps?resourceVersion=${rv}`);
    const one = api.watch(`/api/v1/watch/namespaces/watch/configmaps/legacy-2?resourceVersion=${rv}`);
    expect(await all.status).toBe(200);
    expect(await one.status).toBe(200);
    const a = await api.post(cms('watch'), configMap('legacy-1'));
    const b = await api.post(cms('watch'), configMap('legacy-2'));
    expectStatus(a, 201);
    expectStatus(b, 201);
    const events = await all.take(2);
    expect(events.map((e) => [e.type, e.object.metadata.name, e.object.metadata.resourceVersion])).toEqual([
      ['ADDED', 'legacy-1', a.body.metadata.resourceVersion],
      ['ADDED', 'legacy-2', b.body.metadata.resourceVersion],
    ]);
    const single = await one.next();
    expect([single.type, single.object.metadata.name]).toEqual(['ADDED', 'legacy-2']);
    all.close();
    one.close();
  });

  test('watch events carry the object with kind and apiVersion; framing is one JSON object per line', async () => {
    const list = await api.get(deploys('watch'));
    const watch = api.watch(`${deploys('watch')}?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`);
    expect(await watch.status).toBe(200);
    expectStatus(await api.post(deploys('watch'), deployment('framed')), 201);
    const event = await watch.next();
    expect(event).toMatchObject({ type: 'ADDED', object: { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'framed', namespace: 'watch' } } });
    watch.close();
  });
});

describe('TLS', () => {
  it('prefers AES-128-GCM, as Go clients do, even when a Node client offers AES-256-GCM first', async () => {
    const tls = await import('node:tls');
    const url = new URL(server.url);
    const cipher = await new Promise<string>((resolve, reject) => {
      const socket = tls.connect({ host: url.hostname, port: Number(url.port), rejectUnauthorized: false }, () => {
        resolve(socket.getCipher().name);
        socket.end();
      });
      socket.on('error', reject);
    });
    expect(tls.DEFAULT_CIPHERS.startsWith('TLS_AES_256_GCM_SHA384')).toBe(true);
    expect(cipher).toBe('TLS_AES_128_GCM_SHA256');
  });
});
