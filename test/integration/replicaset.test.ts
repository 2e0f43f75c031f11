// The ReplicaSet controller alone against an in-process apiserver. No node agent runs here: the
// test marks pods Running and Ready itself (markReady) where a kubelet would.
import { replicaSetController } from 'src/controllers/replicaset/replicaset.reconciler';
import { defaultControllerOptions, type ControllerContext } from 'src/controllers/runtime/controller';
import { EventRecorder } from 'src/controllers/runtime/event-recorder';
import { Informer } from 'src/controllers/runtime/informer';
import { InformerFactory } from 'src/controllers/runtime/informer-factory';
import { KubeClient, resourcePath } from 'src/controllers/runtime/kube-client';
import { ControllerMetrics } from 'src/controllers/runtime/metrics';
import type { KubeObject } from 'src/registry/generic/object';
import { createNamespace, startTestApiServer, waitFor, type TestApiServer } from 'test/support/apiserver';

const NS = 'rs-test';

function replicaSet(name: string, replicas: number, spec: Record<string, any> = {}): KubeObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels, annotations: { note: 'from-template' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } }, ...spec },
  };
}

describe('ReplicaSet controller', () => {
  let server: TestApiServer;
  let client: KubeClient;
  let informers: InformerFactory;
  let recorder: EventRecorder;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    server = await startTestApiServer();
    client = await KubeClient.load({ kubeconfig: server.kubeconfigPath, userAgent: 'replicaset-test' });
    await createNamespace(server.api, NS);
    informers = new InformerFactory(client);
    recorder = new EventRecorder(client, { component: 'replicaset-controller' });
    const ctx: ControllerContext = { client, informers, metrics: new ControllerMetrics(), options: defaultControllerOptions(), log: () => undefined, recorder: () => recorder };
    const controller = replicaSetController(ctx);
    await informers.start();
    controller.start();
    stop = () => controller.stop();
  });

  afterAll(async () => {
    await stop?.();
    informers?.stop();
    await recorder?.flush();
    client?.close();
    await server?.stop();
  });

  const rsPath = (name?: string, sub?: string) => resourcePath('apps/v1', 'replicasets', NS, name, sub);
  const podPath = (name?: string, sub?: string) => resourcePath('v1', 'pods', NS, name, sub);
  const getRS = (name: string) => client.get<KubeObject>(rsPath(name));
  const podsOf = async (app: string) => (await client.list<KubeObject>(podPath(), { labelSelector: `app=${app}` })).items;
  const events = async (uid: string, reason: string) =>
    (await client.list<KubeObject>(resourcePath('v1', 'events', NS), { fieldSelector: `involvedObject.uid=${uid}` })).items.filter((e) => e.reason === reason).map((e) => e.message as string);
  const setReady = (pod: KubeObject, ready: boolean) =>
    client.patch(podPath(pod.metadata.name, 'status'), {
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }] },
    });
  const markReady = async (app: string) => {
    for (const p of await podsOf(app)) {
      await setReady(p, true);
    }
  };

  it('creates pods from the template and reports them in status', async () => {
    const rs = await client.create<KubeObject>(rsPath(), replicaSet('web', 3));
    const pods = await waitFor(async () => {
      const list = await podsOf('web');
      return list.length === 3 ? list : undefined;
    }, 'three pods');
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
      expect(p.metadata.labels).toEqual({ app: 'web' });
      expect(p.metadata.annotations).toEqual({ note: 'from-template' });
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    await waitFor(async () => (await getRS('web')).status?.replicas === 3, 'status.replicas 3');
    expect((await getRS('web')).status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1, terminatingReplicas: 0 });
    expect((await getRS('web')).status.readyReplicas).toBeUndefined();
    await markReady('web');
    const ready = await waitFor(async () => {
      const cur = await getRS('web');
      return cur.status?.availableReplicas === 3 ? cur : undefined;
    }, 'three available');
    expect(ready.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1, terminatingReplicas: 0 });
    await recorder.flush();
    expect((await events(rs.metadata.uid!, 'SuccessfulCreate')).sort()).toEqual(pods.map((p) => `Created pod: ${p.metadata.name}`).sort());
  });

  it('adopts a matching orphan and releases a pod whose labels stop matching', async () => {
    const orphan = await client.create<KubeObject>(podPath(), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', labels: { app: 'adopt' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    const rs = await client.create<KubeObject>(rsPath(), replicaSet('adopt', 2));
    await waitFor(async () => (await podsOf('adopt')).length === 2 && (await getRS('adopt')).status?.replicas === 2, 'two pods');
    const adopted = await client.get<KubeObject>(podPath('stray'));
    expect(adopted.metadata.uid).toBe(orphan.metadata.uid);
    expect(adopted.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'ReplicaSet', uid: rs.metadata.uid, controller: true })]);
    await recorder.flush();
    expect(await events(rs.metadata.uid!, 'SuccessfulCreate')).toHaveLength(1);

    await client.patch(podPath('stray'), { metadata: { labels: { app: 'elsewhere' } } });
    await waitFor(async () => !(await client.get<KubeObject>(podPath('stray'))).metadata.ownerReferences?.length, 'the pod to be released');
    await waitFor(async () => (await podsOf('adopt')).length === 2, 'a replacement pod');
    expect((await podsOf('adopt')).every((p) => p.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid)).toBe(true);
  });

  it('scales down not-ready pods first, then the lowest pod-deletion-cost', async () => {
    const rs = await client.create<KubeObject>(rsPath(), replicaSet('shrink', 3));
    await waitFor(async () => (await podsOf('shrink')).length === 3, 'three pods');
    const [a, b, c] = await podsOf('shrink');
    await client.patch(podPath(a.metadata.name), { metadata: { annotations: { 'controller.kubernetes.io/pod-deletion-cost': '100' } } });
    await client.patch(podPath(b.metadata.name), { metadata: { annotations: { 'controller.kubernetes.io/pod-deletion-cost': '50' } } });
    await setReady(a, true);
    await setReady(b, true);
    await setReady(c, false);
    await waitFor(async () => (await getRS('shrink')).status?.readyReplicas === 2, 'two ready pods');
    await client.patch(rsPath('shrink'), { spec: { replicas: 1 } }, 'merge');
    await waitFor(async () => (await podsOf('shrink')).length === 1, 'one pod left');
    expect((await podsOf('shrink'))[0].metadata.name).toBe(a.metadata.name);
    await recorder.flush();
    expect((await events(rs.metadata.uid!, 'SuccessfulDelete')).sort()).toEqual([`Deleted pod: ${b.metadata.name}`, `Deleted pod: ${c.metadata.name}`].sort());
    await waitFor(async () => (await getRS('shrink')).status?.replicas === 1 && (await getRS('shrink')).status?.observedGeneration === 2, 'status after scale-down');
  });

  it('counts pods available only after minReadySeconds, without further pod changes', async () => {
    const seen: string[] = [];
    const sets = new Informer<KubeObject>(client, rsPath());
    sets.on('update', (cur) => cur.metadata.name === 'slow' && seen.push(`${cur.status?.readyReplicas ?? 0}/${cur.status?.availableReplicas ?? 0}`));
    await sets.start();
    await client.create<KubeObject>(rsPath(), replicaSet('slow', 2, { minReadySeconds: 3 }));
    await waitFor(async () => (await podsOf('slow')).length === 2, 'two pods');
    await markReady('slow');
    await waitFor(async () => (await getRS('slow')).status?.availableReplicas === 2, 'two available pods', 15_000);
    // The GET can answer before the informer's watch has delivered the same update: wait for it too.
    await waitFor(async () => seen.includes('2/2'), 'the informer to see two available pods');
    sets.stop();
    // ready/available as the controller wrote them: ready first, available only later.
    expect(seen).toContain('2/0');
    expect(seen.indexOf('2/2')).toBeGreaterThan(seen.indexOf('2/0'));
  });

  it('reports terminating pods and replaces them', async () => {
    await client.create<KubeObject>(rsPath(), replicaSet('term', 2));
    await waitFor(async () => (await podsOf('term')).length === 2, 'two pods');
    const [victim] = await podsOf('term');
    // A pod bound to a node is deleted gracefully, so it stays (terminating) until its kubelet finishes.
    await client.create(podPath(victim.metadata.name, 'binding'), { apiVersion: 'v1', kind: 'Binding', metadata: { name: victim.metadata.name }, target: { kind: 'Node', name: 'node-1' } });
    await client.delete(podPath(victim.metadata.name));
    const rs = await waitFor(async () => {
      const cur = await getRS('term');
      return cur.status?.terminatingReplicas === 1 && cur.status?.replicas === 2 ? cur : undefined;
    }, 'one terminating pod and a replacement');
    expect(rs.status.fullyLabeledReplicas).toBe(2);
    expect((await podsOf('term')).filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(2);
    await client.delete(podPath(victim.metadata.name), { gracePeriodSeconds: 0 });
    await waitFor(async () => (await getRS('term')).status?.terminatingReplicas === 0, 'no terminating pods');
  });
});
