// A smaller round of everyday commands with kubectl v1.32 (/usr/bin/kubectl), which differs from
// v1.35 on the wire: LIST+WATCH instead of WatchList for wait/delete, `"creationTimestamp": null`
// in run/expose bodies, the delete message and the skew warning's capitalisation.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectStatus } from 'test/support/apiserver';
import { FIXTURES, KUBECTL_132, getObject, ok, outcome, startCluster, type Cluster } from 'test/e2e/cli-harness';

const NS = 'e2e-v132';

// Skipped where the machine has no /usr/bin/kubectl: kubectl v1.32 is not a project dependency
// (only the pinned v1.35 and helm are), so these tests run only where it is installed.
const describe132 = fs.existsSync(KUBECTL_132) ? describe : describe.skip;

describe132('kubectl v1.32', () => {
  let c: Cluster;
  const k = (...args: string[]) => c.kubectl(args, { bin: KUBECTL_132 });

  beforeAll(async () => {
    c = await startCluster([NS]);
  });

  afterAll(async () => {
    await c?.stop();
  });

  test('version prints the v1.32 skew warning and the server version', async () => {
    const res = await k('version');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Client Version: v1\.32\.\S+\nKustomize Version: \S+\nServer Version: v1\.35\.\S+\n$/);
    expect(res.stderr).toBe('WARNING: version difference between client (1.32) and server (1.35) exceeds the supported minor version skew of +/-1\n');
  });

  test('create configmap and deployment (protobuf), get, label, scale, delete', async () => {
    expect(outcome(await k('create', 'configmap', 'cm132', '--from-literal=a=b', '-n', NS))).toEqual({
      code: 0,
      stdout: 'configmap/cm132 created\n',
      stderr: '',
    });
    expect(ok(await k('create', 'deployment', 'web132', '--image=nginx:1.27', '--replicas=2', '-n', NS))).toBe('deployment.apps/web132 created\n');
    expect(ok(await k('get', 'deploy', 'web132', '-n', NS, '-o', 'jsonpath={.spec.replicas} {.spec.strategy.type}'))).toBe('2 RollingUpdate');
    expect(ok(await k('label', 'deploy', 'web132', 'tier=fe', '-n', NS))).toBe('deployment.apps/web132 labeled\n');
    expect(ok(await k('scale', 'deploy', 'web132', '--replicas=4', '-n', NS))).toBe('deployment.apps/web132 scaled\n');
    expect((await getObject(c.api, `/apis/apps/v1/namespaces/${NS}/deployments/web132`)).spec.replicas).toBe(4);
    // v1.32 does not name the namespace in the delete message.
    expect(outcome(await k('delete', 'cm', 'cm132', '-n', NS))).toEqual({ code: 0, stdout: 'configmap "cm132" deleted\n', stderr: '' });
  });

  test('run and expose send "creationTimestamp": null, which the server accepts', async () => {
    expect(ok(await k('run', 'pod132', '--image=nginx:1.27', '--port=80', '-n', NS))).toBe('pod/pod132 created\n');
    expect(ok(await k('expose', 'pod', 'pod132', '--port=8080', '--target-port=80', '-n', NS))).toBe('service/pod132 exposed\n');
    const svc = await getObject(c.api, `/api/v1/namespaces/${NS}/services/pod132`);
    expect(svc.spec.selector).toEqual({ run: 'pod132' });
    expect(svc.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test('apply -f <folder> twice: created, then unchanged', async () => {
    const app = path.join(FIXTURES, 'apply-app');
    expect(ok(await k('apply', '-f', app, '-n', NS))).toBe('configmap/settings created\ndeployment.apps/shop created\nservice/shop created\n');
    expect(ok(await k('apply', '-f', app, '-n', NS))).toBe('configmap/settings unchanged\ndeployment.apps/shop unchanged\nservice/shop unchanged\n');
  });

  test('wait --for=condition and --for=delete (LIST+WATCH in v1.32)', async () => {
    const podPath = `/api/v1/namespaces/${NS}/pods/pod132`;
    const waiting = k('wait', '--for=condition=Ready', 'pod/pod132', '-n', NS, '--timeout=30s');
    await new Promise((r) => setTimeout(r, 500));
    const condition = { type: 'Ready', status: 'True', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
    expectStatus(await c.api.patch(`${podPath}/status`, { status: { conditions: [condition] } }), 200);
    expect(outcome(await waiting)).toEqual({ code: 0, stdout: 'pod/pod132 condition met\n', stderr: '' });

    const gone = k('wait', '--for=delete', 'pod/pod132', '-n', NS, '--timeout=30s');
    await new Promise((r) => setTimeout(r, 500));
    expectStatus(await c.api.delete(podPath), 200);
    expect(outcome(await gone)).toEqual({ code: 0, stdout: 'pod/pod132 condition met\n', stderr: '' });
  });

  test('auth can-i and create token', async () => {
    expect(outcome(await k('auth', 'can-i', 'list', 'pods', '-n', NS))).toEqual({ code: 0, stdout: 'yes\n', stderr: '' });
    expect(ok(await k('create', 'serviceaccount', 'bot', '-n', NS))).toBe('serviceaccount/bot created\n');
    const token = ok(await k('create', 'token', 'bot', '-n', NS)).trim();
    const who = await k('--token', token, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}');
    expect(outcome(who)).toEqual({ code: 0, stdout: `system:serviceaccount:${NS}:bot`, stderr: '' });
  });
});
