// kubectl's everyday write commands (label, annotate, patch, replace, scale, set image) against
// the apiserver: exit code and output exactly as kubectl prints them against kube-apiserver, and
// the stored object read back through the API.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deployment, expectStatus } from 'test/support/apiserver';
import { FIXTURES, getObject, ok, outcome, startCluster, type Cluster } from 'test/e2e/cli-harness';

const NS = 'e2e-write';
let c: Cluster;

beforeAll(async () => {
  c = await startCluster([NS]);
});

afterAll(async () => {
  await c?.stop();
});

/** Creates a Deployment (app=<name>, one container "web" running nginx:1.27) through the API. */
async function createDeployment(name: string, replicas = 1): Promise<void> {
  expectStatus(await c.api.post(`/apis/apps/v1/namespaces/${NS}/deployments`, deployment(name, replicas)), 201);
}

const deployPath = (name: string) => `/apis/apps/v1/namespaces/${NS}/deployments/${name}`;
const k = (...args: string[]) => c.kubectl([...args, '-n', NS]);

describe('label', () => {
  test('adds, refuses to overwrite without --overwrite, overwrites, removes with key-', async () => {
    await createDeployment('lbl');
    expect(outcome(await k('label', 'deploy', 'lbl', 'tier=frontend'))).toEqual({ code: 0, stdout: 'deployment.apps/lbl labeled\n', stderr: '' });
    expect(outcome(await k('label', 'deploy', 'lbl', 'tier=backend'))).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: 'tier' already has a value (frontend), and --overwrite is false\n",
    });
    expect((await getObject(c.api, deployPath('lbl'))).metadata.labels).toEqual({ app: 'lbl', tier: 'frontend' });

    expect(outcome(await k('label', 'deploy', 'lbl', 'tier=backend', '--overwrite'))).toEqual({ code: 0, stdout: 'deployment.apps/lbl labeled\n', stderr: '' });
    expect((await getObject(c.api, deployPath('lbl'))).metadata.labels).toEqual({ app: 'lbl', tier: 'backend' });

    expect(outcome(await k('label', 'deploy', 'lbl', 'tier-'))).toEqual({ code: 0, stdout: 'deployment.apps/lbl unlabeled\n', stderr: '' });
    const after = await getObject(c.api, deployPath('lbl'));
    expect(after.metadata.labels).toEqual({ app: 'lbl' });
    // Label changes are metadata only: a Deployment's generation moves with spec and annotations, not labels.
    expect(after.metadata.generation).toBe(1);
  });

  test('removing the last label leaves no labels map behind (Go omits an empty map)', async () => {
    expect(ok(await k('create', 'configmap', 'one-label'))).toBe('configmap/one-label created\n');
    expect(ok(await k('label', 'cm', 'one-label', 'only=me'))).toBe('configmap/one-label labeled\n');
    expect(ok(await k('label', 'cm', 'one-label', 'only-'))).toBe('configmap/one-label unlabeled\n');
    const cm = await getObject(c.api, `/api/v1/namespaces/${NS}/configmaps/one-label`);
    expect(cm.metadata).not.toHaveProperty('labels');
    expect(ok(await k('get', 'cm', 'one-label', '-o', 'jsonpath={.metadata.labels}'))).toBe('');
  });
});

describe('annotate', () => {
  test('adds, refuses to overwrite, overwrites and removes; each change bumps a Deployment generation', async () => {
    await createDeployment('ann');
    expect(outcome(await k('annotate', 'deploy', 'ann', 'note=hi'))).toEqual({ code: 0, stdout: 'deployment.apps/ann annotated\n', stderr: '' });
    expect(outcome(await k('annotate', 'deploy', 'ann', 'note=ho'))).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hi)\n",
    });
    expect(outcome(await k('annotate', 'deploy', 'ann', 'note=ho', '--overwrite'))).toEqual({ code: 0, stdout: 'deployment.apps/ann annotated\n', stderr: '' });
    let obj = await getObject(c.api, deployPath('ann'));
    expect(obj.metadata.annotations).toEqual({ note: 'ho' });
    // Semantics: registry/apps/deployment/strategy.go PrepareForUpdate bumps generation on annotation changes.
    expect(obj.metadata.generation).toBe(3);

    expect(outcome(await k('annotate', 'deploy', 'ann', 'note-'))).toEqual({ code: 0, stdout: 'deployment.apps/ann annotated\n', stderr: '' });
    obj = await getObject(c.api, deployPath('ann'));
    expect(obj.metadata.generation).toBe(4);
    expect(obj.metadata).not.toHaveProperty('annotations');
  });
});

describe('patch', () => {
  test('--type json, --type merge and the default strategic merge patch', async () => {
    await createDeployment('pat');
    expect(outcome(await k('patch', 'deploy', 'pat', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/replicas","value":3}]'))).toEqual({
      code: 0,
      stdout: 'deployment.apps/pat patched\n',
      stderr: '',
    });
    expect(ok(await k('patch', 'deploy', 'pat', '--type', 'merge', '-p', '{"spec":{"minReadySeconds":5}}'))).toBe('deployment.apps/pat patched\n');
    const side = '{"spec":{"template":{"spec":{"containers":[{"name":"side","image":"busybox:1.36"}]}}}}';
    expect(ok(await k('patch', 'deploy', 'pat', '-p', side))).toBe('deployment.apps/pat patched\n');
    expect(ok(await k('patch', 'deploy', 'pat', '-p', side))).toBe('deployment.apps/pat patched (no change)\n');

    let obj = await getObject(c.api, deployPath('pat'));
    expect(obj.spec.replicas).toBe(3);
    expect(obj.spec.minReadySeconds).toBe(5);
    // Containers merge by name; a new element goes before the server-only ones (strategicpatch normalizeElementOrder).
    expect(obj.spec.template.spec.containers.map((x: any) => [x.name, x.image, x.imagePullPolicy])).toEqual([
      ['side', 'busybox:1.36', 'IfNotPresent'],
      ['web', 'nginx:1.27', 'IfNotPresent'],
    ]);
    expect(obj.metadata.generation).toBe(4);

    expect(ok(await k('patch', 'deploy', 'pat', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"side","$patch":"delete"}]}}}}'))).toBe(
      'deployment.apps/pat patched\n',
    );
    obj = await getObject(c.api, deployPath('pat'));
    expect(obj.spec.template.spec.containers.map((x: any) => x.name)).toEqual(['web']);
  });

  test('errors: a missing object and an invalid result', async () => {
    expect(outcome(await k('patch', 'deploy', 'nope', '--type', 'merge', '-p', '{"spec":{"replicas":2}}'))).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n',
    });
    await createDeployment('pat-bad');
    expect(outcome(await k('patch', 'deploy', 'pat-bad', '--type', 'merge', '-p', '{"spec":{"replicas":-1}}'))).toEqual({
      code: 1,
      stdout: '',
      stderr: 'The Deployment "pat-bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    });
  });
});

describe('replace', () => {
  test('replace -f of an edited copy, a stale copy (Conflict) and a file without resourceVersion', async () => {
    const fixture = path.join(FIXTURES, 'web-deployment.yaml');
    expect(ok(await k('create', '-f', fixture))).toBe('deployment.apps/web created\n');
    const live = ok(await k('get', 'deploy', 'web', '-o', 'yaml'));
    const edited = path.join(c.tmp, 'web-edited.yaml');
    fs.writeFileSync(edited, live.replace(/^ {2}replicas: 2$/m, '  replicas: 4'));
    const uid = (await getObject(c.api, deployPath('web'))).metadata.uid;

    expect(outcome(await k('replace', '-f', edited))).toEqual({ code: 0, stdout: 'deployment.apps/web replaced\n', stderr: '' });
    expect((await getObject(c.api, deployPath('web'))).spec.replicas).toBe(4);

    // The copy still carries the old resourceVersion.
    expect(outcome(await k('replace', '-f', edited))).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error from server (Conflict): error when replacing "${edited}": Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again\n`,
    });

    // Without a resourceVersion in the file kubectl inserts the live one.
    expect(ok(await k('replace', '-f', fixture))).toBe('deployment.apps/web replaced\n');
    const after = await getObject(c.api, deployPath('web'));
    expect([after.metadata.uid, after.spec.replicas, after.metadata.generation]).toEqual([uid, 2, 3]);
  });

  test('replace --force deletes and recreates the object', async () => {
    const fixture = path.join(FIXTURES, 'web-deployment.yaml');
    const before = await getObject(c.api, deployPath('web'));
    expect(outcome(await k('replace', '--force', '-f', fixture))).toEqual({
      code: 0,
      stdout: `deployment.apps "web" deleted from ${NS} namespace\ndeployment.apps/web replaced\n`,
      stderr: '',
    });
    const after = await getObject(c.api, deployPath('web'));
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect([after.metadata.generation, after.spec.replicas]).toEqual([1, 2]);
  });
});

describe('scale', () => {
  test('scale goes through the scale subresource; --current-replicas is a precondition', async () => {
    await createDeployment('sc', 2);
    expect(outcome(await k('scale', 'deploy', 'sc', '--replicas=5'))).toEqual({ code: 0, stdout: 'deployment.apps/sc scaled\n', stderr: '' });
    const obj = await getObject(c.api, deployPath('sc'));
    expect([obj.spec.replicas, obj.metadata.generation]).toEqual([5, 2]);

    const scale = await getObject(c.api, `${deployPath('sc')}/scale`);
    expect(scale).toEqual({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: 'sc',
        namespace: NS,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        creationTimestamp: obj.metadata.creationTimestamp,
      },
      spec: { replicas: 5 },
      status: { replicas: 0, selector: 'app=sc' },
    });

    expect(outcome(await k('scale', 'deploy', 'sc', '--replicas=6', '--current-replicas=2'))).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: Expected replicas to be 2, was 5\n',
    });
    expect(ok(await k('scale', 'deploy', 'sc', '--replicas=6', '--current-replicas=5'))).toBe('deployment.apps/sc scaled\n');
    expect((await getObject(c.api, deployPath('sc'))).spec.replicas).toBe(6);
    expect(ok(await k('get', 'deploy', 'sc', '-o', 'jsonpath={.spec.replicas}'))).toBe('6');
  });
});

describe('set image', () => {
  test('updates the named container, rejects an unknown one, prints nothing when nothing changes', async () => {
    await createDeployment('img');
    expect(outcome(await k('set', 'image', 'deploy/img', 'web=nginx:1.28'))).toEqual({ code: 0, stdout: 'deployment.apps/img image updated\n', stderr: '' });
    const obj = await getObject(c.api, deployPath('img'));
    expect([obj.spec.template.spec.containers[0].image, obj.metadata.generation]).toEqual(['nginx:1.28', 2]);

    expect(outcome(await k('set', 'image', 'deploy/img', 'nope=nginx:1.28'))).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: unable to find container named "nope"\n',
    });
    expect(outcome(await k('set', 'image', 'deploy/img', 'web=nginx:1.28'))).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await getObject(c.api, deployPath('img'))).metadata.resourceVersion).toBe(obj.metadata.resourceVersion);
  });
});
