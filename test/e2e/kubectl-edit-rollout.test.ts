// `kubectl edit` (through KUBE_EDITOR / EDITOR set to a sed script) and `kubectl rollout
// restart|pause|resume`: output as against kube-apiserver, and what the API then holds. No
// controller runs, so only the API side of the rollout commands is checked.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deployment, expectStatus } from 'test/support/apiserver';
import { FIXTURES, getObject, ok, outcome, startCluster, type Cluster } from 'test/e2e/cli-harness';

const NS = 'e2e-edit';
const EDITOR = `sh ${path.join(FIXTURES, 'kubectl-editor.sh')}`;
let c: Cluster;

beforeAll(async () => {
  c = await startCluster([NS]);
});

afterAll(async () => {
  await c?.stop();
});

const deployPath = (name: string) => `/apis/apps/v1/namespaces/${NS}/deployments/${name}`;

/** Runs `kubectl edit` with KUBE_EDITOR applying the sed expression. */
function edit(sed: string, ...args: string[]) {
  return c.kubectl(['edit', ...args, '-n', NS], { env: { KUBE_EDITOR: EDITOR, KUBEPG_TEST_SED: sed } });
}

describe('edit', () => {
  beforeAll(async () => {
    expect(ok(await c.kubectl(['create', 'deployment', 'ed', '--image=nginx:1.27', '-n', NS]))).toBe('deployment.apps/ed created\n');
  });

  test('a change made in the editor is saved as a patch', async () => {
    expect(outcome(await edit('s/^  replicas: 1$/  replicas: 4/', 'deploy', 'ed'))).toEqual({ code: 0, stdout: 'deployment.apps/ed edited\n', stderr: '' });
    const obj = await getObject(c.api, deployPath('ed'));
    expect([obj.spec.replicas, obj.metadata.generation]).toEqual([4, 2]);
    expect(obj.metadata.managedFields.map((m: any) => [m.manager, m.operation])).toContainEqual(['kubectl-edit', 'Update']);
  });

  test('an unchanged file cancels the edit without a write', async () => {
    const before = (await getObject(c.api, deployPath('ed'))).metadata.resourceVersion;
    expect(outcome(await edit('s/^this line does not exist$//', 'deploy', 'ed'))).toEqual({
      code: 0,
      stdout: '',
      stderr: 'Edit cancelled, no changes made.\n',
    });
    expect((await getObject(c.api, deployPath('ed'))).metadata.resourceVersion).toBe(before);
  });

  test('an invalid change is refused with the server validation message in the saved copy', async () => {
    const res = await edit('s/^  replicas: 4$/  replicas: -1/', 'deploy', 'ed');
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    const lines = res.stderr.split('\n');
    expect(lines[0]).toBe('error: deployments.apps "ed" is invalid');
    const copy = /^A copy of your changes has been stored to "(.+)"$/.exec(lines[1])?.[1];
    expect(copy).toBeDefined();
    expect(lines.slice(2)).toEqual(['error: Edit cancelled, no valid changes were saved.', '']);
    const saved = fs.readFileSync(copy!, 'utf8');
    expect(saved).toContain('# deployments.apps "ed" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\n');
    expect((await getObject(c.api, deployPath('ed'))).spec.replicas).toBe(4);
  });

  test('EDITOR is used when KUBE_EDITOR is not set', async () => {
    expect(ok(await c.kubectl(['create', 'configmap', 'ed-cm', '--from-literal=greeting=hello', '-n', NS]))).toBe('configmap/ed-cm created\n');
    const res = await c.kubectl(['edit', 'cm', 'ed-cm', '-n', NS], { env: { KUBE_EDITOR: '', EDITOR, KUBEPG_TEST_SED: 's/greeting: hello/greeting: bye/' } });
    expect(outcome(res)).toEqual({ code: 0, stdout: 'configmap/ed-cm edited\n', stderr: '' });
    expect((await getObject(c.api, `/api/v1/namespaces/${NS}/configmaps/ed-cm`)).data).toEqual({ greeting: 'bye' });
  });
});

describe('rollout restart | pause | resume', () => {
  beforeAll(async () => {
    expectStatus(await c.api.post(`/apis/apps/v1/namespaces/${NS}/deployments`, deployment('ro', 1)), 201);
  });

  const k = (...args: string[]) => c.kubectl([...args, '-n', NS]);

  test('restart stamps the pod template with kubectl.kubernetes.io/restartedAt', async () => {
    expect(outcome(await k('rollout', 'restart', 'deploy/ro'))).toEqual({ code: 0, stdout: 'deployment.apps/ro restarted\n', stderr: '' });
    const obj = await getObject(c.api, deployPath('ro'));
    expect(Object.keys(obj.spec.template.metadata.annotations)).toEqual(['kubectl.kubernetes.io/restartedAt']);
    expect(obj.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(obj.metadata.generation).toBe(2);
  });

  test('pause sets spec.paused; a second pause and a restart while paused fail', async () => {
    expect(outcome(await k('rollout', 'pause', 'deploy/ro'))).toEqual({ code: 0, stdout: 'deployment.apps/ro paused\n', stderr: '' });
    expect((await getObject(c.api, deployPath('ro'))).spec.paused).toBe(true);
    expect(outcome(await k('rollout', 'pause', 'deploy/ro'))).toEqual({ code: 1, stdout: '', stderr: 'error: deployments.apps "ro" is already paused\n' });
    expect(outcome(await k('rollout', 'restart', 'deploy/ro'))).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: deployments.apps "ro" can\'t restart paused deployment (run rollout resume first)\n',
    });
  });

  test('resume clears spec.paused; a second resume fails', async () => {
    expect(outcome(await k('rollout', 'resume', 'deploy/ro'))).toEqual({ code: 0, stdout: 'deployment.apps/ro resumed\n', stderr: '' });
    const obj = await getObject(c.api, deployPath('ro'));
    expect(obj.spec).not.toHaveProperty('paused');
    expect(obj.metadata.generation).toBe(4);
    expect(outcome(await k('rollout', 'resume', 'deploy/ro'))).toEqual({ code: 1, stdout: '', stderr: 'error: deployments.apps "ro" is not paused\n' });
  });
});
