// The namespace controller (with the garbage collector, the ServiceAccount controller and the
// root CA publisher) against a real apiserver: deleting a namespace removes all its content, the
// deletion conditions report what remains, the `kubernetes` finalizer is removed and the namespace
// goes; active namespaces get a `default` ServiceAccount and the `kube-root-ca.crt` ConfigMap.
import type { ControllerSet } from 'src/controllers/controller-manager';
import { KubeClient, isNotFound, resourcePath } from 'src/controllers/runtime/kube-client';
import { DESCRIPTION } from 'src/controllers/serviceaccount/root-ca-cert-publisher.reconciler';
import type { KubeObject } from 'src/registry/generic/object';
import { configMap, createNamespace, deployment, pod, startTestApiServer, waitFor, type TestApiServer } from 'test/support/apiserver';
import { gone, runControllers } from 'test/support/controllers';

let server: TestApiServer;
let client: KubeClient;
let controllers: ControllerSet;

beforeAll(async () => {
  server = await startTestApiServer();
  client = await KubeClient.load({ kubeconfig: server.kubeconfigPath, userAgent: 'namespace-test' });
  controllers = await runControllers(client, ['garbage-collector', 'namespace', 'serviceaccount', 'root-ca-cert-publisher']);
});

afterAll(async () => {
  await controllers?.stop();
  client?.close();
  await server?.stop();
});

const nsPath = (name: string) => resourcePath('v1', 'namespaces', undefined, name);

async function count(apiVersion: string, plural: string, ns: string): Promise<number> {
  return (await client.list(resourcePath(apiVersion, plural, ns))).items.length;
}

function condition(ns: KubeObject, type: string): Record<string, string> | undefined {
  return (ns.status?.conditions as Record<string, string>[] | undefined)?.find((c) => c.type === type);
}

/** Reason and message of a condition, for exact comparisons. */
function summary(ns: KubeObject, type: string): { status?: string; reason?: string; message?: string } {
  const c = condition(ns, type);
  return { status: c?.status, reason: c?.reason, message: c?.message };
}

test('an active namespace gets the default ServiceAccount and kube-root-ca.crt; both come back when deleted or edited', async () => {
  await createNamespace(server.api, 'fresh');
  const sa = await waitFor(() => client.get<KubeObject>(resourcePath('v1', 'serviceaccounts', 'fresh', 'default')), 'the default ServiceAccount');
  const cmPath = resourcePath('v1', 'configmaps', 'fresh', 'kube-root-ca.crt');
  const cm = await waitFor(() => client.get<KubeObject>(cmPath), 'the kube-root-ca.crt ConfigMap');
  const ca = Buffer.from(client.kubeConfig.getCurrentCluster()!.caData!, 'base64').toString('utf8');
  expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
  expect(cm.data).toEqual({ 'ca.crt': ca });
  expect(cm.metadata.annotations).toEqual({ 'kubernetes.io/description': DESCRIPTION });

  await client.delete(resourcePath('v1', 'serviceaccounts', 'fresh', 'default'));
  const again = await waitFor(async () => {
    const s = await client.get<KubeObject>(resourcePath('v1', 'serviceaccounts', 'fresh', 'default'));
    return s.metadata.uid !== sa.metadata.uid ? s : undefined;
  }, 'the default ServiceAccount to be recreated');
  expect(again.metadata.name).toBe('default');

  await client.patch(cmPath, { data: { 'ca.crt': 'tampered', extra: 'x' } }, 'merge');
  await waitFor(async () => (await client.get<KubeObject>(cmPath)).data?.['ca.crt'] === ca, 'the ConfigMap data to be restored');
  expect((await client.get<KubeObject>(cmPath)).data).toEqual({ 'ca.crt': ca });

  // The system namespaces that existed before the controllers started get them too.
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    await waitFor(() => client.get(resourcePath('v1', 'serviceaccounts', ns, 'default')), `the default ServiceAccount of ${ns}`);
    await waitFor(() => client.get(resourcePath('v1', 'configmaps', ns, 'kube-root-ca.crt')), `kube-root-ca.crt in ${ns}`);
  }
});

test('deleting a namespace removes configmaps, secrets, pods and deployments, reports what finalizers hold, then removes the namespace', async () => {
  const NS = 'doomed';
  await createNamespace(server.api, NS);
  await client.create(resourcePath('v1', 'configmaps', NS), configMap('settings', { a: '1' }));
  await client.create(resourcePath('v1', 'secrets', NS), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token' }, stringData: { t: 'x' } });
  await client.create(resourcePath('v1', 'pods', NS), pod('loose'));
  await client.create(resourcePath('v1', 'pods', NS), pod('held', {}, { finalizers: ['example.com/hold'] }));
  await client.create(resourcePath('apps/v1', 'deployments', NS), deployment('web', 2));
  await waitFor(() => client.get(resourcePath('v1', 'serviceaccounts', NS, 'default')), 'the default ServiceAccount before the deletion');

  await client.delete(nsPath(NS));
  const waiting = await waitFor(async () => {
    const ns = await client.get<KubeObject>(nsPath(NS));
    return condition(ns, 'NamespaceFinalizersRemaining')?.status === 'True' ? ns : undefined;
  }, 'the namespace to report the finalizer that holds its last pod', 30_000);
  expect(waiting.status.phase).toBe('Terminating');
  expect(waiting.spec.finalizers).toEqual(['kubernetes']);
  expect(summary(waiting, 'NamespaceContentRemaining')).toEqual({ status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 1 resource instances' });
  expect(summary(waiting, 'NamespaceFinalizersRemaining')).toEqual({
    status: 'True',
    reason: 'SomeFinalizersRemain',
    message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
  });
  expect(summary(waiting, 'NamespaceDeletionDiscoveryFailure')).toEqual({ status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' });
  expect(summary(waiting, 'NamespaceDeletionGroupVersionParsingFailure')).toEqual({ status: 'False', reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' });
  expect(summary(waiting, 'NamespaceDeletionContentFailure')).toEqual({
    status: 'False',
    reason: 'ContentDeleted',
    message: 'All content successfully deleted, may be waiting on finalization',
  });
  for (const [v, plural] of [['v1', 'configmaps'], ['v1', 'secrets'], ['v1', 'serviceaccounts'], ['apps/v1', 'deployments']]) {
    expect({ plural, left: await count(v, plural, NS) }).toEqual({ plural, left: 0 });
  }
  expect((await client.list<KubeObject>(resourcePath('v1', 'pods', NS))).items.map((p) => p.metadata.name)).toEqual(['held']);

  await client.patch(resourcePath('v1', 'pods', NS, 'held'), { metadata: { finalizers: null } }, 'merge');
  await waitFor(() => gone(client, nsPath(NS)), 'the namespace to be removed once its content is gone', 30_000);
  const err = await client.create(resourcePath('v1', 'configmaps', NS), configMap('late')).catch((e: unknown) => e);
  expect(isNotFound(err)).toBe(true);
});

test('a pod that outlives its grace period fails content deletion until it is gone (as when no kubelet runs)', async () => {
  const NS = 'stuck';
  await createNamespace(server.api, NS);
  await client.create(resourcePath('v1', 'pods', NS), pod('bound', { nodeName: 'no-such-node', terminationGracePeriodSeconds: 1 }));
  await client.delete(nsPath(NS));
  const failing = await waitFor(async () => {
    const ns = await client.get<KubeObject>(nsPath(NS));
    return condition(ns, 'NamespaceDeletionContentFailure')?.status === 'True' ? ns : undefined;
  }, 'the content failure condition', 30_000);
  expect(summary(failing, 'NamespaceDeletionContentFailure')).toEqual({
    status: 'True',
    reason: 'ContentDeletionFailed',
    message: `Failed to delete all resource types, 1 remaining: unexpected items still remain in namespace: ${NS} for gvr: /v1, Resource=pods`,
  });
  const bound = await client.get<KubeObject>(resourcePath('v1', 'pods', NS, 'bound'));
  expect(bound.metadata.deletionTimestamp).toBeDefined();

  // What a kubelet does at the end of the grace period: the final delete.
  await client.delete(resourcePath('v1', 'pods', NS, 'bound'), { gracePeriodSeconds: 0 });
  await waitFor(() => gone(client, nsPath(NS)), 'the namespace to be removed after the pod is gone', 60_000);
});
