// @kubernetes/client-node 1.4 against the apiserver: typed CRUD, the Watch class, and informers
// (makeInformer) that must stay equal to a fresh LIST while objects churn, and across a kill -9
// and restart of the apiserver.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import {
  ApiClient,
  clientNode,
  configMap,
  createNamespace,
  deployment,
  expectStatus,
  freePort,
  startApiServerProcess,
  startTestApiServer,
  waitFor,
  type ApiServerProcess,
  type TestApiServer,
} from 'test/support/apiserver';
import { createTestDatabase, type TestDatabase } from 'test/support/postgres';

const UID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('typed APIs and Watch (in-process apiserver)', () => {
  const NS = 'client-node';
  let server: TestApiServer;
  let core: k8s.CoreV1Api;
  let apps: k8s.AppsV1Api;

  beforeAll(async () => {
    server = await startTestApiServer();
    await createNamespace(server.api, NS);
    const { CoreV1Api, AppsV1Api } = clientNode();
    core = server.kc.makeApiClient(CoreV1Api);
    apps = server.kc.makeApiClient(AppsV1Api);
  });

  afterAll(async () => {
    await server?.stop();
  });

  test('CoreV1Api: create, read, list, replace, json-patch, delete a ConfigMap; 404 and 409 reject with ApiException', async () => {
    const created = await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'cn-cm', labels: { suite: 'cn' } }, data: { a: '1' } } });
    expect(created.metadata?.uid).toMatch(UID);
    expect(created.metadata?.namespace).toBe(NS);

    const read = await core.readNamespacedConfigMap({ name: 'cn-cm', namespace: NS });
    expect([read.data, read.metadata?.resourceVersion]).toEqual([{ a: '1' }, created.metadata?.resourceVersion]);

    const listed = await core.listNamespacedConfigMap({ namespace: NS, labelSelector: 'suite=cn' });
    expect(listed.items.map((c) => c.metadata?.name)).toEqual(['cn-cm']);

    const replaced = await core.replaceNamespacedConfigMap({ name: 'cn-cm', namespace: NS, body: { ...read, data: { a: '2' } } });
    expect(replaced.data).toEqual({ a: '2' });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(Number(read.metadata?.resourceVersion));

    const patched = await core.patchNamespacedConfigMap({ name: 'cn-cm', namespace: NS, body: [{ op: 'replace', path: '/data/a', value: '3' }] });
    expect(patched.data).toEqual({ a: '3' });

    await expect(core.replaceNamespacedConfigMap({ name: 'cn-cm', namespace: NS, body: { ...read, data: { a: 'stale' } } })).rejects.toMatchObject({
      code: 409,
    });

    await core.deleteNamespacedConfigMap({ name: 'cn-cm', namespace: NS });
    const missing = await core.readNamespacedConfigMap({ name: 'cn-cm', namespace: NS }).then(
      () => undefined,
      (err: { code: number; body: string }) => err,
    );
    expect(missing?.code).toBe(404);
    expect(JSON.parse(missing!.body)).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'configmaps "cn-cm" not found' });
  });

  test('CoreV1Api lists namespaces; AppsV1Api creates, patches, lists and deletes a Deployment', async () => {
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(['default', 'kube-system', NS]));

    const created = await apps.createNamespacedDeployment({ namespace: NS, body: deployment('cn-web', 1) as k8s.V1Deployment });
    expect([created.metadata?.generation, created.spec?.replicas]).toEqual([1, 1]);
    const patched = await apps.patchNamespacedDeployment({ name: 'cn-web', namespace: NS, body: [{ op: 'replace', path: '/spec/replicas', value: 3 }] });
    expect([patched.metadata?.generation, patched.spec?.replicas]).toEqual([2, 3]);
    const all = await apps.listDeploymentForAllNamespaces();
    expect(all.items.map((d) => `${d.metadata?.namespace}/${d.metadata?.name}`)).toContain(`${NS}/cn-web`);
    await apps.deleteNamespacedDeployment({ name: 'cn-web', namespace: NS });
    await expect(apps.readNamespacedDeployment({ name: 'cn-web', namespace: NS })).rejects.toMatchObject({ code: 404 });
  });

  test('Watch delivers ADDED, MODIFIED and DELETED in order, and calls done(null) when the server ends the watch', async () => {
    const { Watch } = clientNode();
    const list = await core.listNamespacedConfigMap({ namespace: NS });
    const events: [string, string | undefined][] = [];
    const watch = new Watch(server.kc);
    const controller = await watch.watch(
      `/api/v1/namespaces/${NS}/configmaps`,
      { resourceVersion: list.metadata?.resourceVersion, timeoutSeconds: 20 },
      (type: string, obj: k8s.V1ConfigMap) => events.push([type, obj.metadata?.name]),
      () => undefined,
    );
    try {
      for (const name of ['wa', 'wb', 'wc']) {
        await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name }, data: { v: '1' } } });
      }
      await core.patchNamespacedConfigMap({ name: 'wb', namespace: NS, body: [{ op: 'replace', path: '/data/v', value: '2' }] });
      await core.deleteNamespacedConfigMap({ name: 'wa', namespace: NS });
      await waitFor(() => events.length >= 5, 'five watch events');
      expect(events).toEqual([
        ['ADDED', 'wa'],
        ['ADDED', 'wb'],
        ['ADDED', 'wc'],
        ['MODIFIED', 'wb'],
        ['DELETED', 'wa'],
      ]);
    } finally {
      controller.abort();
    }

    let closedBy: unknown = 'not called';
    await watch.watch(
      `/api/v1/namespaces/${NS}/configmaps`,
      { timeoutSeconds: 1 },
      () => undefined,
      (err: unknown) => (closedBy = err),
    );
    await waitFor(() => closedBy !== 'not called', 'done() after the server-side timeout', 20_000);
    expect(closedBy).toBeNull();
  });
});

/** An informer over one namespace's ConfigMaps that restarts itself after errors, as applications do. */
function startInformer(kc: k8s.KubeConfig, ns: string) {
  const { CoreV1Api, makeInformer } = clientNode();
  const core = kc.makeApiClient(CoreV1Api);
  const counts = { add: 0, update: 0, delete: 0, connect: 0, lists: 0, errors: 0 };
  const informer = makeInformer<k8s.V1ConfigMap>(kc, `/api/v1/namespaces/${ns}/configmaps`, () => {
    counts.lists += 1;
    return core.listNamespacedConfigMap({ namespace: ns });
  });
  let stopped = false;
  informer.on('add', () => void (counts.add += 1));
  informer.on('update', () => void (counts.update += 1));
  informer.on('delete', () => void (counts.delete += 1));
  informer.on('connect', () => void (counts.connect += 1));
  informer.on('error', () => {
    counts.errors += 1;
    if (!stopped) {
      setTimeout(() => {
        if (!stopped) {
          informer.start().catch(() => undefined);
        }
      }, 200);
    }
  });
  return {
    informer,
    counts,
    start: () => informer.start(),
    stop: async () => {
      stopped = true;
      await informer.stop();
    },
    /** name -> resourceVersion of what the informer holds. */
    cache: () => Object.fromEntries(informer.list(ns).map((o) => [o.metadata!.name!, o.metadata!.resourceVersion!])),
  };
}

/** Whether two name -> resourceVersion maps are equal. */
function same(a: Record<string, string>, b: Record<string, string>): boolean {
  const sorted = (m: Record<string, string>) => JSON.stringify(Object.entries(m).sort(([x], [y]) => (x < y ? -1 : 1)));
  return sorted(a) === sorted(b);
}

/** name -> resourceVersion from a fresh LIST. */
async function listed(api: ApiClient, ns: string): Promise<Record<string, string>> {
  const res = await api.get(`/api/v1/namespaces/${ns}/configmaps`);
  expectStatus(res, 200);
  return Object.fromEntries(res.body.items.map((o: any) => [o.metadata.name, o.metadata.resourceVersion]));
}

/** Runs fn over items with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
        await fn(item);
      }
    }),
  );
}

/** Creates `names`, updates `updates` of them (in order, repeats allowed), deletes `deletes`; returns the op counts. */
async function churn(api: ApiClient, ns: string, names: string[], updates: string[], deletes: string[]): Promise<void> {
  const base = `/api/v1/namespaces/${ns}/configmaps`;
  await pool(names, 8, async (name) => expectStatus(await api.post(base, configMap(name, { v: '0' })), 201));
  let n = 0;
  await pool(updates, 8, async (name) => expectStatus(await api.patch(`${base}/${name}`, { data: { v: String(++n) } }), 200));
  await pool(deletes, 8, async (name) => expectStatus(await api.delete(`${base}/${name}`), 200));
}

describe('makeInformer (apiserver as a child process, killed and restarted)', () => {
  let db: TestDatabase;
  let dataDir: string;
  let port: number;
  let proc: ApiServerProcess | undefined;
  let kc: k8s.KubeConfig;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubepg-informer-'));
    port = await freePort();
    proc = await startApiServerProcess(dataDir, db.url, port);
    kc = new (clientNode().KubeConfig)();
    kc.loadFromFile(proc.kubeconfigPath);
    await createNamespace(proc.api, 'churn');
    await createNamespace(proc.api, 'restart');
  });

  afterAll(async () => {
    proc?.api.close();
    await proc?.kill('SIGKILL');
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('the informer cache equals a fresh LIST after 200 objects churn, with every change seen once', async () => {
    const inf = startInformer(kc, 'churn');
    try {
      await inf.start();
      const names = Array.from({ length: 200 }, (_, i) => `c-${String(i).padStart(3, '0')}`);
      const updates = [...names.slice(0, 100), ...names.slice(50, 100)];
      const deletes = names.slice(130, 200);
      await churn(proc!.api, 'churn', names, updates, deletes);
      const truth = await listed(proc!.api, 'churn');
      expect(Object.keys(truth)).toHaveLength(130);
      await waitFor(() => same(inf.cache(), truth), 'the informer cache to match the LIST', 30_000).catch(() => undefined);
      expect(inf.cache()).toEqual(truth);
      expect({ add: inf.counts.add, update: inf.counts.update, delete: inf.counts.delete, lists: inf.counts.lists }).toEqual({
        add: 200,
        update: 150,
        delete: 70,
        lists: 1,
      });
    } finally {
      await inf.stop();
    }
  }, 120_000);

  test('after kill -9 and a restart the informer resumes from its RV (no relist) and converges again', async () => {
    // One client across the restart: the same address and token must keep working.
    const api = new ApiClient(proc!.url, proc!.token);
    const inf = startInformer(kc, 'restart');
    try {
      await inf.start();
      const before = Array.from({ length: 60 }, (_, i) => `r-${String(i).padStart(2, '0')}`);
      await churn(api, 'restart', before, before.slice(0, 30), before.slice(50));
      // Killed right after the last acknowledged write: some events may not have reached the informer yet.
      await proc!.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 300));
      proc = await startApiServerProcess(dataDir, db.url, port);
      const after = Array.from({ length: 40 }, (_, i) => `s-${String(i).padStart(2, '0')}`);
      await churn(api, 'restart', after, [...after.slice(0, 20), ...before.slice(0, 10)], [...after.slice(30), ...before.slice(40, 45)]);

      const truth = await listed(api, 'restart');
      expect(Object.keys(truth)).toHaveLength(50 - 5 + 30);
      await waitFor(() => same(inf.cache(), truth), 'the informer cache to match the LIST after the restart', 45_000).catch(() => undefined);
      expect(inf.cache()).toEqual(truth);
      expect(inf.counts.connect).toBeGreaterThanOrEqual(2);
      expect({ add: inf.counts.add, update: inf.counts.update, delete: inf.counts.delete, lists: inf.counts.lists }).toEqual({
        add: 100,
        update: 60,
        delete: 25,
        lists: 1,
      });
    } finally {
      await inf.stop();
      api.close();
    }
  }, 180_000);
});
