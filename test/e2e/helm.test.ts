// helm v4 against the apiserver: install of a chart made by `helm create` (offline), list, upgrade,
// history and uninstall — exit codes, output, the chart's objects and the release Secrets helm
// keeps (protobuf bodies, server-side apply of the chart objects, protobuf DeleteOptions).
import { getObject, ok, outcome, startCluster, type Cluster } from 'test/e2e/cli-harness';

const NS = 'e2e-helm';
let c: Cluster;

beforeAll(async () => {
  c = await startCluster([NS]);
  expect(outcome(await c.helm(['create', 'demo'], { cwd: c.tmp }))).toEqual({ code: 0, stdout: 'Creating demo\n', stderr: '' });
});

afterAll(async () => {
  await c?.stop();
});

const h = (...args: string[]) => c.helm([...args, '-n', NS], { cwd: c.tmp, timeoutMs: 60_000 });
const CHART_OBJECTS = [
  `/api/v1/namespaces/${NS}/serviceaccounts/shop-demo`,
  `/api/v1/namespaces/${NS}/services/shop-demo`,
  `/apis/apps/v1/namespaces/${NS}/deployments/shop-demo`,
];

/**
 * The release Secrets helm keeps, as [name, type, labels without their timestamp]. helm's secrets
 * driver labels a Secret `createdAt` when it creates it and replaces the labels with `modifiedAt`
 * when it updates it (the install itself updates the release to `deployed`).
 */
async function releaseSecrets(): Promise<[string, string, Record<string, string>][]> {
  const res = await c.api.get(`/api/v1/namespaces/${NS}/secrets?labelSelector=owner%3Dhelm`);
  expect(res.status).toBe(200);
  return res.body.items.map((s: any) => {
    const { createdAt, modifiedAt, ...labels } = s.metadata.labels;
    expect(createdAt ?? modifiedAt).toMatch(/^\d+$/);
    return [s.metadata.name, s.type, labels];
  });
}

/** `helm list` rows split on its tab-separated columns. */
function listRows(stdout: string): string[][] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((l) => l.split('\t').map((cell) => cell.trim()));
}

test('helm install: exit 0, release deployed, chart objects created, release Secret recorded', async () => {
  const res = await h('install', 'shop', './demo');
  expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: '' });
  const lines = res.stdout.split('\n');
  expect(lines.slice(0, 6)).toEqual([
    'NAME: shop',
    expect.stringMatching(/^LAST DEPLOYED: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/),
    `NAMESPACE: ${NS}`,
    'STATUS: deployed',
    'REVISION: 1',
    'DESCRIPTION: Install complete',
  ]);

  for (const p of CHART_OBJECTS) {
    const obj = await getObject(c.api, p);
    expect(obj.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'shop', 'helm.sh/chart': 'demo-0.1.0' });
    expect(obj.metadata.annotations).toMatchObject({ 'meta.helm.sh/release-name': 'shop', 'meta.helm.sh/release-namespace': NS });
    expect(obj.metadata.managedFields.map((m: any) => [m.manager, m.operation])).toEqual([['helm', 'Apply']]);
  }
  expect((await getObject(c.api, CHART_OBJECTS[2])).spec.replicas).toBe(1);
  expect(await releaseSecrets()).toEqual([
    ['sh.helm.release.v1.shop.v1', 'helm.sh/release.v1', { name: 'shop', owner: 'helm', status: 'deployed', version: '1' }],
  ]);
});

test('helm list shows the deployed release', async () => {
  const res = await h('list');
  expect(res.stderr).toBe('');
  expect(listRows(ok(res))).toEqual([
    ['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION'],
    ['shop', NS, '1', expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \+0000 UTC$/), 'deployed', 'demo-0.1.0', '1.16.0'],
  ]);
});

test('helm upgrade: revision 2, the change applied, the first release superseded', async () => {
  const res = await h('upgrade', 'shop', './demo', '--set', 'replicaCount=3');
  expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: '' });
  expect(res.stdout).toMatch(/^Release "shop" has been upgraded\. Happy Helming!\nNAME: shop\n/);
  expect(res.stdout).toContain('\nSTATUS: deployed\nREVISION: 2\n');
  expect((await getObject(c.api, CHART_OBJECTS[2])).spec.replicas).toBe(3);
  expect(await releaseSecrets()).toEqual([
    ['sh.helm.release.v1.shop.v1', 'helm.sh/release.v1', { name: 'shop', owner: 'helm', status: 'superseded', version: '1' }],
    ['sh.helm.release.v1.shop.v2', 'helm.sh/release.v1', { name: 'shop', owner: 'helm', status: 'deployed', version: '2' }],
  ]);
  const history = listRows(ok(await h('history', 'shop')));
  expect(history.map((r) => [r[0], r[2], r[3]])).toEqual([
    ['REVISION', 'STATUS', 'CHART'],
    ['1', 'superseded', 'demo-0.1.0'],
    ['2', 'deployed', 'demo-0.1.0'],
  ]);
});

test('helm uninstall removes the chart objects and every release Secret', async () => {
  expect(outcome(await h('uninstall', 'shop'))).toEqual({ code: 0, stdout: 'release "shop" uninstalled\n', stderr: '' });
  for (const p of CHART_OBJECTS) {
    expect([p, (await c.api.get(p)).status]).toEqual([p, 404]);
  }
  expect(await releaseSecrets()).toEqual([]);
  expect(listRows(ok(await h('list')))).toEqual([['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION']]);
});
