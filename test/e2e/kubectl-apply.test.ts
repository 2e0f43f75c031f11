// Client-side `kubectl apply -f <folder>` (twice: the second run changes nothing), `kubectl diff`
// after editing the manifests, `apply --dry-run=server`, and server-side apply against a field
// another manager (`kubectl patch`) owns, with and without --force-conflicts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, getObject, ok, outcome, startCluster, type Cluster } from 'test/e2e/cli-harness';

const NS = 'e2e-apply';
const APP = path.join(FIXTURES, 'apply-app');
const OBJECTS = {
  settings: `/api/v1/namespaces/${NS}/configmaps/settings`,
  shop: `/apis/apps/v1/namespaces/${NS}/deployments/shop`,
  shopService: `/api/v1/namespaces/${NS}/services/shop`,
};
let c: Cluster;
let edited: string;

beforeAll(async () => {
  c = await startCluster([NS]);
  edited = path.join(c.tmp, 'apply-app-edited');
  fs.cpSync(APP, edited, { recursive: true });
  const sed = (file: string, from: string, to: string) =>
    fs.writeFileSync(path.join(edited, file), fs.readFileSync(path.join(edited, file), 'utf8').replace(from, to));
  sed('configmap.yaml', 'mode: fast', 'mode: slow');
  sed('deployment.yaml', 'replicas: 2', 'replicas: 3');
});

afterAll(async () => {
  await c?.stop();
});

const k = (...args: string[]) => c.kubectl([...args, '-n', NS]);

/** resourceVersion and generation of every object of the folder. */
async function versions(): Promise<Record<string, [string, number | undefined]>> {
  const out: Record<string, [string, number | undefined]> = {};
  for (const [key, p] of Object.entries(OBJECTS)) {
    const obj = await getObject(c.api, p);
    out[key] = [obj.metadata.resourceVersion, obj.metadata.generation];
  }
  return out;
}

describe('client-side apply', () => {
  test('apply -f <folder> creates every object with the last-applied annotation', async () => {
    expect(outcome(await k('apply', '-f', APP))).toEqual({
      code: 0,
      stdout: 'configmap/settings created\ndeployment.apps/shop created\nservice/shop created\n',
      stderr: '',
    });
    const cm = await getObject(c.api, OBJECTS.settings);
    expect(cm.metadata.annotations).toEqual({
      'kubectl.kubernetes.io/last-applied-configuration': `{"apiVersion":"v1","data":{"mode":"fast","retries":"3"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"settings","namespace":"${NS}"}}\n`,
    });
    expect(cm.metadata.managedFields.map((m: any) => [m.manager, m.operation])).toEqual([['kubectl-client-side-apply', 'Update']]);
  });

  test('a second apply of the same folder prints unchanged and writes nothing', async () => {
    const before = await versions();
    expect(outcome(await k('apply', '-f', APP))).toEqual({
      code: 0,
      stdout: 'configmap/settings unchanged\ndeployment.apps/shop unchanged\nservice/shop unchanged\n',
      stderr: '',
    });
    expect(await versions()).toEqual(before);
  });

  test('diff of the unchanged folder: exit 0, no output', async () => {
    expect(outcome(await k('diff', '-f', APP))).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('diff after editing the manifests: exit 1 with the changes, nothing persisted', async () => {
    const before = await versions();
    const res = await k('diff', '-f', edited);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('');
    const headers = res.stdout.split('\n').filter((l) => l.startsWith('diff '));
    expect(headers).toEqual([
      expect.stringMatching(
        new RegExp(`^diff -u -N \\S+/LIVE-\\d+/apps\\.v1\\.Deployment\\.${NS}\\.shop \\S+/MERGED-\\d+/apps\\.v1\\.Deployment\\.${NS}\\.shop$`),
      ),
      expect.stringMatching(new RegExp(`^diff -u -N \\S+/LIVE-\\d+/v1\\.ConfigMap\\.${NS}\\.settings \\S+/MERGED-\\d+/v1\\.ConfigMap\\.${NS}\\.settings$`)),
    ]);
    const changes = res.stdout.split('\n').filter((l) => /^[-+](?![-+]{2} )/.test(l));
    // The dry-run patch goes through the Deployment strategy, so the merged object has generation 2.
    expect(changes).toEqual(['-  generation: 1', '+  generation: 2', '-  replicas: 2', '+  replicas: 3', '-  mode: fast', '+  mode: slow']);
    expect(await versions()).toEqual(before);
  });

  test('apply --dry-run=server reports configured without writing', async () => {
    const before = await versions();
    expect(outcome(await k('apply', '-f', edited, '--dry-run=server'))).toEqual({
      code: 0,
      stdout: 'configmap/settings configured (server dry run)\ndeployment.apps/shop configured (server dry run)\nservice/shop unchanged (server dry run)\n',
      stderr: '',
    });
    expect(await versions()).toEqual(before);
  });

  test('apply of the edited folder configures what changed', async () => {
    const before = await versions();
    expect(outcome(await k('apply', '-f', edited))).toEqual({
      code: 0,
      stdout: 'configmap/settings configured\ndeployment.apps/shop configured\nservice/shop unchanged\n',
      stderr: '',
    });
    const after = await versions();
    expect(after.shopService).toEqual(before.shopService);
    expect(after.shop[1]).toBe(2);
    expect((await getObject(c.api, OBJECTS.settings)).data).toEqual({ mode: 'slow', retries: '3' });
    expect((await getObject(c.api, OBJECTS.shop)).spec.replicas).toBe(3);
  });
});

describe('server-side apply', () => {
  const manifest = path.join(FIXTURES, 'ssa-configmap.yaml');
  const cmPath = `/api/v1/namespaces/${NS}/configmaps/tuning`;
  const managers = async () => (await getObject(c.api, cmPath)).metadata.managedFields.map((m: any) => [m.manager, m.operation, m.fieldsV1]);

  test('apply --server-side creates the object, owned by the kubectl manager', async () => {
    expect(outcome(await k('apply', '--server-side', '-f', manifest))).toEqual({ code: 0, stdout: 'configmap/tuning serverside-applied\n', stderr: '' });
    expect(await managers()).toEqual([['kubectl', 'Apply', { 'f:data': { 'f:level': {}, 'f:mode': {} } }]]);
  });

  test('a field changed by kubectl patch conflicts on the next apply (409 with the manager named)', async () => {
    expect(ok(await k('patch', 'cm', 'tuning', '--type', 'merge', '-p', '{"data":{"mode":"patched"}}'))).toBe('configmap/tuning patched\n');
    expect(await managers()).toEqual([
      ['kubectl', 'Apply', { 'f:data': { 'f:level': {} } }],
      ['kubectl-patch', 'Update', { 'f:data': { 'f:mode': {} } }],
    ]);
    expect(outcome(await k('apply', '--server-side', '-f', manifest))).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: Apply failed with 1 conflict: conflict with "kubectl-patch" using v1: .data.mode
Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
`,
    });
    expect((await getObject(c.api, cmPath)).data.mode).toBe('patched');

    // The Status behind that message, as kube-apiserver sends it.
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tuning' }, data: { mode: 'fast', level: '1' } };
    const res = await c.api.patch(`${cmPath}?fieldManager=kubectl&force=false`, body, 'application/apply-patch+yaml');
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-patch" using v1: .data.mode',
      reason: 'Conflict',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-patch" using v1', field: '.data.mode' }] },
      code: 409,
    });
  });

  test('--force-conflicts takes the field over', async () => {
    expect(outcome(await k('apply', '--server-side', '--force-conflicts', '-f', manifest))).toEqual({
      code: 0,
      stdout: 'configmap/tuning serverside-applied\n',
      stderr: '',
    });
    expect((await getObject(c.api, cmPath)).data).toEqual({ mode: 'fast', level: '1' });
    expect(await managers()).toEqual([['kubectl', 'Apply', { 'f:data': { 'f:level': {}, 'f:mode': {} } }]]);
  });
});
