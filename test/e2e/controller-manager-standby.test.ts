// Two controller-managers on one cluster: only the holder of the kube-system/kube-controller-manager
// Lease reconciles; the other waits, and takes over once the first stops and releases the Lease.
import type { ChildProcess } from 'node:child_process';
import { ok } from 'test/e2e/cli-harness';
import { startUp, type UpCluster } from 'test/e2e/up-harness';
import { sleep, waitFor } from 'test/support/apiserver';

jest.setTimeout(120_000);

describe('a second controller-manager stays on standby', () => {
  let c: UpCluster;

  beforeAll(async () => {
    c = await startUp(['--nodes', '1', '--disable', 'controller-manager']);
  }, 90_000);

  afterAll(async () => {
    await c?.stop();
  });

  const holder = async (): Promise<string | undefined> => (await c.api.get('/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager')).body?.spec?.holderIdentity;
  const replicaSets = async (): Promise<any[]> => (await c.api.get('/apis/apps/v1/namespaces/default/replicasets')).body.items;
  const exited = (p: ChildProcess) => new Promise<void>((resolve) => (p.exitCode !== null ? resolve() : p.once('exit', () => resolve())));

  it('only the leader acts; the standby takes over when the leader stops', async () => {
    const first = c.spawn(['controller-manager']);
    const firstHolder = await waitFor(holder, 'a leader', 30_000);
    const second = c.spawn(['controller-manager']);
    await sleep(4000);
    expect(await holder()).toBe(firstHolder);

    ok(await c.kubectl(['create', 'deployment', 'one', '--image=nginx']));
    await waitFor(async () => ((await replicaSets()).length === 1 ? true : undefined), 'the leader to create the ReplicaSet', 30_000);

    first.kill('SIGTERM');
    await exited(first);
    const secondHolder = await waitFor(async () => {
      const h = await holder();
      return h && h !== firstHolder ? h : undefined;
    }, 'the standby to take the Lease', 30_000);
    expect(secondHolder).not.toBe(firstHolder);
    const lease = (await c.api.get('/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager')).body;
    expect(lease.spec.leaseTransitions).toBeGreaterThanOrEqual(1);

    ok(await c.kubectl(['create', 'deployment', 'two', '--image=nginx']));
    await waitFor(async () => ((await replicaSets()).length === 2 ? true : undefined), 'the new leader to create the second ReplicaSet', 30_000);
    second.kill('SIGTERM');
    await exited(second);
  });
});
