// The garbage collector against a real apiserver: background cascades, foreground deletion that
// waits for blocking dependents, orphaning, and collection of objects whose owners never existed.
// Owners and dependents are made by hand (no workload controllers run), pods are unscheduled so
// the apiserver removes them at once when the collector deletes them.
import type { ControllerSet } from 'src/controllers/controller-manager';
import { KubeClient, resourcePath } from 'src/controllers/runtime/kube-client';
import type { KubeObject, OwnerReference } from 'src/registry/generic/object';
import { configMap, createNamespace, pod, startTestApiServer, waitFor, type TestApiServer } from 'test/support/apiserver';
import { gone, runControllers } from 'test/support/controllers';

const NS = 'gc';
let server: TestApiServer;
let client: KubeClient;
let controllers: ControllerSet;

beforeAll(async () => {
  server = await startTestApiServer();
  await createNamespace(server.api, NS);
  client = await KubeClient.load({ kubeconfig: server.kubeconfigPath, userAgent: 'gc-test' });
  controllers = await runControllers(client, ['garbage-collector']);
});

afterAll(async () => {
  await controllers?.stop();
  client?.close();
  await server?.stop();
});

const rsPath = (name?: string) => resourcePath('apps/v1', 'replicasets', NS, name);
const podPath = (name?: string) => resourcePath('v1', 'pods', NS, name);
const cmPath = (name?: string) => resourcePath('v1', 'configmaps', NS, name);

/** An owner reference as a workload controller writes it. */
function ownerRef(owner: KubeObject, extra: Partial<OwnerReference> = { controller: true, blockOwnerDeletion: true }): OwnerReference {
  return { apiVersion: owner.apiVersion!, kind: owner.kind!, name: owner.metadata.name!, uid: owner.metadata.uid!, ...extra };
}

async function createReplicaSet(name: string): Promise<KubeObject> {
  const labels = { app: name };
  return client.create<KubeObject>(rsPath(), {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, labels },
    spec: { replicas: 0, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
  });
}

async function createPod(name: string, owners: OwnerReference[], meta: Record<string, unknown> = {}): Promise<KubeObject> {
  return client.create<KubeObject>(podPath(), pod(name, {}, { ownerReferences: owners, ...meta }));
}

test('background: deleting a ReplicaSet deletes its pods; a Deployment with no policy cascades through its ReplicaSet', async () => {
  const rs = await createReplicaSet('bg');
  await createPod('bg-1', [ownerRef(rs)]);
  await createPod('bg-2', [ownerRef(rs)]);
  await client.delete(rsPath('bg'), { propagationPolicy: 'Background' });
  expect(await gone(client, rsPath('bg'))).toBe(true);
  await waitFor(async () => (await gone(client, podPath('bg-1'))) && (await gone(client, podPath('bg-2'))), 'the pods of the deleted ReplicaSet to be collected');

  const labels = { app: 'web' };
  const deploy = await client.create<KubeObject>(resourcePath('apps/v1', 'deployments', NS), {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels },
    spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
  });
  const webRs = await client.create<KubeObject>(rsPath(), {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-1', labels, ownerReferences: [ownerRef(deploy)] },
    spec: { replicas: 0, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
  });
  await createPod('web-1-a', [ownerRef(webRs)]);
  await client.delete(resourcePath('apps/v1', 'deployments', NS, 'web'));
  await waitFor(async () => (await gone(client, rsPath('web-1'))) && (await gone(client, podPath('web-1-a'))), 'the ReplicaSet and pod of the deleted Deployment to be collected');
});

test('foreground: the owner stays (deletionTimestamp + foregroundDeletion) until its blocking dependents are gone', async () => {
  const rs = await createReplicaSet('fg');
  await createPod('fg-free', [ownerRef(rs)]);
  await createPod('fg-held', [ownerRef(rs)], { finalizers: ['example.com/hold'] });
  await client.delete(rsPath('fg'), { propagationPolicy: 'Foreground' });

  await waitFor(async () => gone(client, podPath('fg-free')), 'the dependent without finalizers to be deleted');
  const held = await waitFor(async () => {
    const p = await client.get<KubeObject>(podPath('fg-held'));
    return p.metadata.deletionTimestamp ? p : undefined;
  }, 'the held dependent to be deleted (marked) by the collector');
  expect(held.metadata.finalizers).toEqual(['example.com/hold']);
  const owner = await client.get<KubeObject>(rsPath('fg'));
  expect(owner.metadata.deletionTimestamp).toBeDefined();
  expect(owner.metadata.finalizers).toEqual(['foregroundDeletion']);

  await client.patch(podPath('fg-held'), { metadata: { finalizers: null } }, 'merge');
  await waitFor(async () => gone(client, rsPath('fg')), 'the owner to go once its last blocking dependent is gone');
  expect(await gone(client, podPath('fg-held'))).toBe(true);
});

test('foreground: a dependent with blockOwnerDeletion false does not hold the owner', async () => {
  const rs = await createReplicaSet('fg-nb');
  await createPod('fg-nb-held', [ownerRef(rs, { blockOwnerDeletion: false })], { finalizers: ['example.com/hold'] });
  await client.delete(rsPath('fg-nb'), { propagationPolicy: 'Foreground' });
  await waitFor(async () => gone(client, rsPath('fg-nb')), 'the owner to go without waiting for the non-blocking dependent');
  const dep = await client.get<KubeObject>(podPath('fg-nb-held'));
  expect(dep.metadata.deletionTimestamp).toBeDefined();
  await client.patch(podPath('fg-nb-held'), { metadata: { finalizers: null } }, 'merge');
  await waitFor(async () => gone(client, podPath('fg-nb-held')), 'the released dependent to go');
});

test('orphan: dependents lose the owner reference (and only that one) and stay', async () => {
  const rs = await createReplicaSet('or');
  const other = await client.create<KubeObject>(cmPath(), configMap('or-other-owner'));
  await createPod('or-1', [ownerRef(rs)]);
  await createPod('or-2', [ownerRef(rs), ownerRef(other, {})]);
  await client.delete(rsPath('or'), { propagationPolicy: 'Orphan' });
  await waitFor(async () => gone(client, rsPath('or')), 'the orphaning owner to go once the orphan finalizer is removed');
  const [p1, p2] = await Promise.all([client.get<KubeObject>(podPath('or-1')), client.get<KubeObject>(podPath('or-2'))]);
  expect(p1.metadata.ownerReferences).toBeUndefined();
  expect(p1.metadata.deletionTimestamp).toBeUndefined();
  expect(p2.metadata.ownerReferences).toEqual([ownerRef(other, {})]);
});

test('dangling owner references: objects whose owners never existed are collected; a surviving owner keeps its dependent', async () => {
  const real = await client.create<KubeObject>(cmPath(), configMap('real-owner'));
  const ghost: OwnerReference = { apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '00000000-0000-0000-0000-00000000dead' };
  const impostor: OwnerReference = { ...ownerRef(real, {}), uid: '00000000-0000-0000-0000-00000000beef' };
  await client.create(cmPath(), configMap('orphan-of-ghost', {}, { ownerReferences: [ghost] }));
  await client.create(cmPath(), configMap('orphan-of-impostor', {}, { ownerReferences: [impostor] }));
  await client.create(cmPath(), configMap('two-owners', {}, { ownerReferences: [ghost, ownerRef(real, {})] }));

  await waitFor(async () => (await gone(client, cmPath('orphan-of-ghost'))) && (await gone(client, cmPath('orphan-of-impostor'))), 'objects with only dangling owners to be collected');
  const kept = await waitFor(async () => {
    const cm = await client.get<KubeObject>(cmPath('two-owners'));
    return cm.metadata.ownerReferences?.length === 1 ? cm : undefined;
  }, 'the dangling reference to be removed from the object with a live owner');
  expect(kept.metadata.ownerReferences).toEqual([ownerRef(real, {})]);
  expect(kept.metadata.deletionTimestamp).toBeUndefined();
});

test('a namespaced owner referenced from another namespace counts as absent and is reported', async () => {
  await createNamespace(server.api, 'gc-other');
  const owner = await client.create<KubeObject>(cmPath(), configMap('cross-owner'));
  const otherCm = resourcePath('v1', 'configmaps', 'gc-other');
  await client.create(otherCm, configMap('cross-dependent', {}, { ownerReferences: [ownerRef(owner, {})] }));
  await waitFor(async () => gone(client, `${otherCm}/cross-dependent`), 'the dependent naming an owner in another namespace to be collected');
  const events = await waitFor(async () => {
    const list = await client.list<KubeObject>(resourcePath('v1', 'events', 'gc-other'), { fieldSelector: 'reason=OwnerRefInvalidNamespace' });
    return list.items.length > 0 ? list.items : undefined;
  }, 'the OwnerRefInvalidNamespace event');
  expect(events[0].type).toBe('Warning');
  expect(events[0].source).toEqual({ component: 'garbage-collector-controller' });
  expect(events[0].message).toBe(
    `ownerRef [v1/ConfigMap, namespace: gc-other, name: cross-owner, uid: ${owner.metadata.uid}] does not exist in namespace "gc-other"`,
  );
  expect(await client.get<KubeObject>(cmPath('cross-owner'))).toBeDefined();
});
