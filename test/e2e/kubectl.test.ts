// The real kubectl v1.35 binary against the apiserver: discovery, Table output, create/delete -f,
// get -w and error messages must look exactly as they do against kube-apiserver.
import * as path from 'node:path';
import { createNamespace, expectStatus, pod, startTestApiServer, waitFor, type TestApiServer } from 'test/support/apiserver';
import { kubectl, spawnKubectl, type KubectlResult } from 'test/support/kubectl';

const NS = 'kubepg-e2e';
const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'app.yaml');

let server: TestApiServer;

/** Runs kubectl against the test server. */
function k(args: string[], input?: string): Promise<KubectlResult> {
  return kubectl(args, { kubeconfig: server.kubeconfigPath, input, timeoutMs: 60_000 });
}

/** Fails with kubectl's own output when it did not exit 0. */
function ok(res: KubectlResult): string {
  if (res.code !== 0) {
    throw new Error(`kubectl exited ${res.code}${res.timedOut ? ' (timed out)' : ''}\nstdout:\n${res.stdout}\nstderr:\n${res.stderr}`);
  }
  return res.stdout;
}

beforeAll(async () => {
  server = await startTestApiServer();
  await createNamespace(server.api, NS);
});

afterAll(async () => {
  await server?.stop();
});

test('kubectl version shows no client/server skew warning', async () => {
  const res = await k(['version']);
  ok(res);
  expect(res.stdout).toMatch(/^Server Version: v1\.\d+\.\d+/m);
  expect(res.stderr).not.toMatch(/version difference/i);
});

test('kubectl get ns lists the four system namespaces as Active', async () => {
  const out = ok(await k(['get', 'ns']));
  const lines = out.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^NAME\s+STATUS\s+AGE$/);
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${ns}\\s+Active\\s+\\S+$`)));
  }
});

test('kubectl api-resources lists resources with short names, groups and scope', async () => {
  const out = ok(await k(['api-resources']));
  expect(out).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/m);
  for (const row of [
    /^pods\s+po\s+v1\s+true\s+Pod$/m,
    /^configmaps\s+cm\s+v1\s+true\s+ConfigMap$/m,
    /^secrets\s+v1\s+true\s+Secret$/m,
    /^services\s+svc\s+v1\s+true\s+Service$/m,
    /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m,
    /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m,
    /^leases\s+coordination\.k8s\.io\/v1\s+true\s+Lease$/m,
    /^events\s+ev\s+events\.k8s\.io\/v1\s+true\s+Event$/m,
  ]) {
    expect(out).toMatch(row);
  }
});

test('kubectl get --raw prints discovery documents verbatim', async () => {
  const api = JSON.parse(ok(await k(['get', '--raw', '/api'])));
  expect(api).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
  const apis = JSON.parse(ok(await k(['get', '--raw', '/apis'])));
  expect(apis.kind).toBe('APIGroupList');
  expect(apis.groups.map((g: any) => g.name)).toEqual(expect.arrayContaining(['apps', 'coordination.k8s.io', 'events.k8s.io']));
  const ns = JSON.parse(ok(await k(['get', '--raw', '/api/v1/namespaces/default'])));
  expect(ns).toMatchObject({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'default' } });
});

describe('create -f, get, get all, delete -f', () => {
  test('kubectl create -f creates every document of a multi-document file', async () => {
    const out = ok(await k(['create', '-f', FIXTURE, '-n', NS]));
    expect(out.trimEnd().split('\n')).toEqual([
      'deployment.apps/web created',
      'service/web created',
      'configmap/web-config created',
      'secret/web-secret created',
    ]);

    const secret = await server.api.get(`/api/v1/namespaces/${NS}/secrets/web-secret`);
    expectStatus(secret, 200);
    expect(secret.body.data).toEqual({ password: 'czNjcjN0', username: Buffer.from('admin').toString('base64') });
    expect(secret.body.stringData).toBeUndefined();
    const svc = await server.api.get(`/api/v1/namespaces/${NS}/services/web`);
    expect(svc.body.spec.type).toBe('ClusterIP');
    const deploy = await server.api.get(`/apis/apps/v1/namespaces/${NS}/deployments/web`);
    expect([deploy.body.spec.replicas, deploy.body.metadata.generation, deploy.body.spec.strategy?.type]).toEqual([2, 1, 'RollingUpdate']);
  });

  test('kubectl get -o jsonpath / -o yaml read the created objects', async () => {
    expect(ok(await k(['get', 'cm', 'web-config', '-n', NS, '-o', 'jsonpath={.data.greeting}']))).toBe('hello');
    expect(ok(await k(['get', 'deploy', 'web', '-n', NS, '-o', 'jsonpath={.spec.replicas}']))).toBe('2');
    const yaml = ok(await k(['get', 'secret', 'web-secret', '-n', NS, '-o', 'yaml']));
    expect(yaml).toMatch(/^kind: Secret$/m);
    expect(yaml).toMatch(/^ {2}username: YWRtaW4=$/m);
  });

  test('a second create -f fails with AlreadyExists, as kube-apiserver words it', async () => {
    const res = await k(['create', '-f', FIXTURE, '-n', NS]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`Error from server (AlreadyExists): error when creating "${FIXTURE}": deployments.apps "web" already exists`);
    expect(res.stderr).toContain(`Error from server (AlreadyExists): error when creating "${FIXTURE}": configmaps "web-config" already exists`);
  });

  test('kubectl get all shows the category "all" resources with their columns, and not configmaps', async () => {
    const out = ok(await k(['get', 'all', '-n', NS]));
    expect(out).toMatch(/^service\/web\s+ClusterIP\s+\S+\s+<none>\s+80\/TCP\s+\S+$/m);
    expect(out).toMatch(/^deployment\.apps\/web\s+0\/2\s+0\s+0\s+\S+$/m);
    expect(out).not.toMatch(/configmap/);
  });

  test('kubectl get pods -w prints a row for each change while pods come and go', async () => {
    expectStatus(await server.api.post(`/api/v1/namespaces/${NS}/pods`, pod('watch-first')), 201);
    const watcher = spawnKubectl(['get', 'pods', '-n', NS, '-w'], { kubeconfig: server.kubeconfigPath });
    try {
      await watcher.waitForStdout((out) => /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m.test(out) && /^watch-first\s+0\/1\s+Pending\s+0\s+\S+$/m.test(out));
      expectStatus(await server.api.post(`/api/v1/namespaces/${NS}/pods`, pod('watch-second')), 201);
      await watcher.waitForStdout((out) => /^watch-second\s+0\/1\s+Pending\s+0\s+\S+$/m.test(out));
      expectStatus(await server.api.delete(`/api/v1/namespaces/${NS}/pods/watch-second`), 200);
      await watcher.waitForStdout((out) => (out.match(/^watch-second\s/gm) ?? []).length >= 2);
      expect(watcher.stderr()).toBe('');
    } finally {
      await watcher.kill();
    }
  });

  test('kubectl delete -f deletes every document and waits until they are gone', async () => {
    const out = ok(await k(['delete', '-f', FIXTURE, '-n', NS]));
    for (const line of [/deployment\.apps "web" deleted/, /service "web" deleted/, /configmap "web-config" deleted/, /secret "web-secret" deleted/]) {
      expect(out).toMatch(line);
    }
    const after = await k(['get', 'deploy,svc,cm,secret', '-n', NS]);
    ok(after);
    expect(after.stderr).toContain(`No resources found in ${NS} namespace.`);
    await waitFor(async () => (await server.api.get(`/apis/apps/v1/namespaces/${NS}/deployments/web`)).status === 404, 'the deployment to be gone');
  });
});

test('kubectl create configmap (a protobuf request body) works', async () => {
  const out = ok(await k(['create', 'configmap', 'proto', '--from-literal=a=b', '-n', NS]));
  expect(out.trim()).toBe('configmap/proto created');
  const cm = await server.api.get(`/api/v1/namespaces/${NS}/configmaps/proto`);
  expect(cm.body.data).toEqual({ a: 'b' });
});

test('kubectl prints the server NotFound Status as kube-apiserver words it', async () => {
  const cm = await k(['get', 'cm', 'nope']);
  expect(cm.code).toBe(1);
  expect(cm.stderr.trim()).toBe('Error from server (NotFound): configmaps "nope" not found');
  const deploy = await k(['get', 'deploy', 'nope', '-n', NS]);
  expect(deploy.code).toBe(1);
  expect(deploy.stderr.trim()).toBe('Error from server (NotFound): deployments.apps "nope" not found');
});
