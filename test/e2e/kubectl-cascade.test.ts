// `kubectl delete deployment` with each --cascade mode against the apiserver and the garbage
// collector (run in-process): background removes the Deployment at once and its ReplicaSet and
// pods shortly after; foreground --wait returns only after the dependents are gone; orphan leaves
// the ReplicaSet without its owner reference. `kubectl delete namespace` waits for the namespace
// controller to empty and finalize the namespace. The ReplicaSet and pods are made by hand, as the
// deployment and replicaset controllers would have made them (neither runs here).
import type { ControllerSet } from 'src/controllers/controller-manager';
import { KubeClient, resourcePath } from 'src/controllers/runtime/kube-client';
import type { KubeObject, OwnerReference } from 'src/registry/generic/object';
import { ok, outcome, startCluster, type Cluster } from 'test/e2e/cli-harness';
import { deployment, pod, waitFor } from 'test/support/apiserver';
import { gone, runControllers } from 'test/support/controllers';

const NS = 'e2e-cascade';
let c: Cluster;
let client: KubeClient;
let controllers: ControllerSet;

beforeAll(async () => {
  c = await startCluster([NS]);
  client = await KubeClient.load({ kubeconfig: c.server.kubeconfigPath, userAgent: 'cascade-test' });
  controllers = await runControllers(client, ['garbage-collector', 'namespace']);
});

afterAll(async () => {
  await controllers?.stop();
  client?.close();
  await c?.stop();
});

const k = (...args: string[]) => c.kubectl([...args, '-n', NS]);
const rsPath = (name: string) => resourcePath('apps/v1', 'replicasets', NS, name);
const podPath = (name: string) => resourcePath('v1', 'pods', NS, name);

function controllerRefTo(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion!, kind: owner.kind!, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** A Deployment with one ReplicaSet and two pods, linked by controller references. */
async function workload(name: string): Promise<{ rs: string; pods: string[] }> {
  const deploy = await client.create<KubeObject>(resourcePath('apps/v1', 'deployments', NS), deployment(name, 2));
  const template = deploy.spec.template;
  const rs = await client.create<KubeObject>(resourcePath('apps/v1', 'replicasets', NS), {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `${name}-5d4f8`, labels: template.metadata.labels, ownerReferences: [controllerRefTo(deploy)] },
    spec: { replicas: 2, selector: deploy.spec.selector, template },
  });
  const pods = [`${name}-5d4f8-a`, `${name}-5d4f8-b`];
  for (const p of pods) {
    await client.create(resourcePath('v1', 'pods', NS), pod(p, {}, { labels: template.metadata.labels, ownerReferences: [controllerRefTo(rs)] }));
  }
  return { rs: rs.metadata.name!, pods };
}

test('kubectl delete deployment (background): the Deployment goes at once, its ReplicaSet and pods follow', async () => {
  const { rs, pods } = await workload('bg');
  expect(outcome(await k('delete', 'deployment', 'bg'))).toEqual({ code: 0, stdout: `deployment.apps "bg" deleted from ${NS} namespace\n`, stderr: '' });
  await waitFor(async () => (await gone(client, rsPath(rs))) && (await gone(client, podPath(pods[0]))) && (await gone(client, podPath(pods[1]))), 'the ReplicaSet and pods to be collected');
});

test('kubectl delete --cascade=foreground waits until the dependents are gone', async () => {
  const { rs, pods } = await workload('fg');
  expect(outcome(await k('delete', 'deployment', 'fg', '--cascade=foreground'))).toEqual({
    code: 0,
    stdout: `deployment.apps "fg" deleted from ${NS} namespace\n`,
    stderr: '',
  });
  // kubectl returned only once the Deployment was gone, which foreground deletion allows only after its dependents.
  expect(await gone(client, resourcePath('apps/v1', 'deployments', NS, 'fg'))).toBe(true);
  expect(await gone(client, rsPath(rs))).toBe(true);
  expect(await gone(client, podPath(pods[0]))).toBe(true);
  expect(await gone(client, podPath(pods[1]))).toBe(true);
});

test('kubectl delete --cascade=orphan leaves the ReplicaSet (without its owner reference) and its pods', async () => {
  const { rs, pods } = await workload('or');
  expect(outcome(await k('delete', 'deployment', 'or', '--cascade=orphan'))).toEqual({
    code: 0,
    stdout: `deployment.apps "or" deleted from ${NS} namespace\n`,
    stderr: '',
  });
  expect(await gone(client, resourcePath('apps/v1', 'deployments', NS, 'or'))).toBe(true);
  const orphan = await client.get<KubeObject>(rsPath(rs));
  expect(orphan.metadata.ownerReferences).toBeUndefined();
  expect(orphan.metadata.deletionTimestamp).toBeUndefined();
  for (const p of pods) {
    const live = await client.get<KubeObject>(podPath(p));
    expect(live.metadata.ownerReferences).toEqual([controllerRefTo(orphan)]);
  }
  expect(ok(await k('get', 'rs', rs, '-o', 'jsonpath={.metadata.ownerReferences}'))).toBe('');
});

test('kubectl delete namespace returns once the namespace and its content are gone', async () => {
  expect(ok(await c.kubectl(['create', 'namespace', 'e2e-short-lived']))).toBe('namespace/e2e-short-lived created\n');
  expect(ok(await c.kubectl(['create', 'configmap', 'cm', '-n', 'e2e-short-lived']))).toBe('configmap/cm created\n');
  await client.create(resourcePath('v1', 'pods', 'e2e-short-lived'), pod('p'));
  expect(outcome(await c.kubectl(['delete', 'namespace', 'e2e-short-lived']))).toEqual({ code: 0, stdout: 'namespace "e2e-short-lived" deleted\n', stderr: '' });
  expect(await gone(client, resourcePath('v1', 'namespaces', undefined, 'e2e-short-lived'))).toBe(true);
  expect(await gone(client, resourcePath('v1', 'configmaps', 'e2e-short-lived', 'cm'))).toBe(true);
  expect(await gone(client, resourcePath('v1', 'pods', 'e2e-short-lived', 'p'))).toBe(true);
});
