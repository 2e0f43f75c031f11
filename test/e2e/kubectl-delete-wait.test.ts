// `kubectl delete --cascade=...` / `--wait=false` and `kubectl wait --for=condition|delete|jsonpath`.
// No garbage collector runs, so foreground and orphan deletes are checked through the object's
// finalizers and deletionTimestamp; conditions are set through the /status subresource.
import { deployment, expectStatus, pod } from 'test/support/apiserver';
import { getObject, ok, outcome, startCluster, type Cluster } from 'test/e2e/cli-harness';

const NS = 'e2e-delete';
let c: Cluster;

beforeAll(async () => {
  c = await startCluster([NS]);
});

afterAll(async () => {
  await c?.stop();
});

const k = (...args: string[]) => c.kubectl([...args, '-n', NS]);
const deployPath = (name: string) => `/apis/apps/v1/namespaces/${NS}/deployments/${name}`;
const podPath = (name: string) => `/api/v1/namespaces/${NS}/pods/${name}`;

async function createDeployment(name: string): Promise<void> {
  expectStatus(await c.api.post(`/apis/apps/v1/namespaces/${NS}/deployments`, deployment(name)), 201);
}

async function createPod(name: string): Promise<void> {
  expectStatus(await c.api.post(`/api/v1/namespaces/${NS}/pods`, pod(name)), 201);
}

/** Sets one condition through the status subresource, as a controller or kubelet would. */
async function setCondition(p: string, type: string, status: 'True' | 'False'): Promise<void> {
  const condition = { type, status, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), reason: 'Test', message: 'set by the test' };
  expectStatus(await c.api.patch(`${p}/status`, { status: { conditions: [condition] } }), 200);
}

describe('delete', () => {
  test('the default, kube-system and kube-public namespaces may not be deleted', async () => {
    for (const ns of ['default', 'kube-system', 'kube-public']) {
      expect(outcome(await c.kubectl(['delete', 'namespace', ns]))).toEqual({
        code: 1,
        stdout: '',
        stderr: `Error from server (Forbidden): namespaces "${ns}" is forbidden: this namespace may not be deleted\n`,
      });
      expect((await getObject(c.api, `/api/v1/namespaces/${ns}`)).metadata.deletionTimestamp).toBeUndefined();
    }
  });

  test('--cascade=background (the default) removes the object and waits for it to be gone', async () => {
    expect(ok(await k('create', 'configmap', 'bg'))).toBe('configmap/bg created\n');
    expect(outcome(await k('delete', 'cm', 'bg', '--cascade=background'))).toEqual({
      code: 0,
      stdout: `configmap "bg" deleted from ${NS} namespace\n`,
      stderr: '',
    });
    expect((await c.api.get(`/api/v1/namespaces/${NS}/configmaps/bg`)).status).toBe(404);
  });

  test('--cascade=foreground --wait=false leaves the object with the foregroundDeletion finalizer', async () => {
    await createDeployment('fg');
    expect(outcome(await k('delete', 'deploy', 'fg', '--cascade=foreground', '--wait=false'))).toEqual({
      code: 0,
      stdout: `deployment.apps "fg" deleted from ${NS} namespace\n`,
      stderr: '',
    });
    const obj = await getObject(c.api, deployPath('fg'));
    expect(obj.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(obj.metadata.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(obj.metadata.deletionGracePeriodSeconds).toBe(0);
    // A terminating Deployment is still listed.
    expect(ok(await k('get', 'deploy', 'fg', '-o', 'name'))).toBe('deployment.apps/fg\n');
  });

  test('--cascade=orphan --wait=false leaves the object with the orphan finalizer', async () => {
    await createDeployment('or');
    expect(outcome(await k('delete', 'deploy', 'or', '--cascade=orphan', '--wait=false'))).toEqual({
      code: 0,
      stdout: `deployment.apps "or" deleted from ${NS} namespace\n`,
      stderr: '',
    });
    const obj = await getObject(c.api, deployPath('or'));
    expect(obj.metadata.finalizers).toEqual(['orphan']);
    expect(obj.metadata.deletionTimestamp).toBeDefined();
  });

  test('--wait=false of an object without finalizers: gone at once', async () => {
    expect(ok(await k('create', 'configmap', 'nowait'))).toBe('configmap/nowait created\n');
    expect(outcome(await k('delete', 'cm', 'nowait', '--wait=false'))).toEqual({
      code: 0,
      stdout: `configmap "nowait" deleted from ${NS} namespace\n`,
      stderr: '',
    });
    expect((await c.api.get(`/api/v1/namespaces/${NS}/configmaps/nowait`)).status).toBe(404);
  });

  test('deleting a missing object is NotFound, exit 1', async () => {
    expect(outcome(await k('delete', 'cm', 'missing'))).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): configmaps "missing" not found\n',
    });
  });

  test('delete -l deletes every match', async () => {
    for (const name of ['sel-a', 'sel-b']) {
      expect(ok(await k('create', 'configmap', name))).toBe(`configmap/${name} created\n`);
      expect(ok(await k('label', 'cm', name, 'batch=x'))).toBe(`configmap/${name} labeled\n`);
    }
    expect(outcome(await k('delete', 'cm', '-l', 'batch=x'))).toEqual({
      code: 0,
      stdout: `configmap "sel-a" deleted from ${NS} namespace\nconfigmap "sel-b" deleted from ${NS} namespace\n`,
      stderr: '',
    });
  });
});

describe('wait', () => {
  test('--for=condition times out while the condition is absent, then succeeds once /status sets it', async () => {
    await createPod('ready');
    expect(outcome(await k('wait', '--for=condition=Ready', 'pod/ready', '--timeout=1s'))).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: timed out waiting for the condition on pods/ready\n',
    });
    await setCondition(podPath('ready'), 'Ready', 'True');
    expect(outcome(await k('wait', '--for=condition=Ready', 'pod/ready', '--timeout=20s'))).toEqual({
      code: 0,
      stdout: 'pod/ready condition met\n',
      stderr: '',
    });
    expect(outcome(await k('wait', '--for=condition=Ready=true', 'pod/ready', '--timeout=20s'))).toEqual({
      code: 0,
      stdout: 'pod/ready condition met\n',
      stderr: '',
    });
  });

  test('--for=condition sees a condition set while it is waiting (watch delivery)', async () => {
    await createDeployment('avail');
    const waiting = k('wait', '--for=condition=Available', 'deploy/avail', '--timeout=30s');
    // Give kubectl a moment to start watching; the result does not depend on it.
    await new Promise((r) => setTimeout(r, 500));
    await setCondition(deployPath('avail'), 'Available', 'True');
    expect(outcome(await waiting)).toEqual({ code: 0, stdout: 'deployment.apps/avail condition met\n', stderr: '' });
  });

  test('--for=jsonpath compares a field with a value', async () => {
    await createPod('jp');
    expect(outcome(await k('wait', '--for=jsonpath={.status.phase}=Pending', 'pod/jp', '--timeout=20s'))).toEqual({
      code: 0,
      stdout: 'pod/jp condition met\n',
      stderr: '',
    });
    expect(outcome(await k('wait', '--for=jsonpath={.spec.containers[0].image}=busybox', 'pod/jp', '--timeout=20s'))).toEqual({
      code: 0,
      stdout: 'pod/jp condition met\n',
      stderr: '',
    });
    const res = await k('wait', '--for=jsonpath={.status.phase}=Running', 'pod/jp', '--timeout=1s');
    expect(outcome(res)).toEqual({ code: 1, stdout: '', stderr: 'error: timed out waiting for the condition on pods/jp\n' });
  });

  test('--for=delete returns once the object is deleted', async () => {
    await createPod('doomed');
    const waiting = k('wait', '--for=delete', 'pod/doomed', '--timeout=30s');
    await new Promise((r) => setTimeout(r, 500));
    expectStatus(await c.api.delete(podPath('doomed')), 200);
    expect(outcome(await waiting)).toEqual({ code: 0, stdout: 'pod/doomed condition met\n', stderr: '' });
  });
});
