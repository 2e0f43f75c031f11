// The DaemonSet controller against a real apiserver: one pod pinned to each eligible node, pods for
// nodes that join, none for tainted nodes, pods removed with their node or an evicting taint, and a
// rolling update. No scheduler or kubelet runs here: Node objects are created by the test, pods stay
// unbound (pinned by node affinity), and the test writes Running and Ready through /status.
import { CONTROLLERS } from 'src/controllers/index';
import { startControllers, type ControllerSet } from 'src/controllers/controller-manager';
import { daemonSetController } from 'src/controllers/daemonset/daemonset.reconciler';
import { targetNodeName } from 'src/controllers/daemonset/node-eligibility';
import { Informer } from 'src/controllers/runtime/informer';
import { KubeClient, resourcePath } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';
import { createNamespace, startTestApiServer, waitFor, type TestApiServer } from 'test/support/apiserver';

const NS = 'ds';
const PODS = resourcePath('v1', 'pods', NS);
const SETS = resourcePath('apps/v1', 'daemonsets', NS);
const NODES = resourcePath('v1', 'nodes');

function node(name: string, taints?: Record<string, string>[]): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: taints ? { taints } : {} };
}

const agent: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'busybox:1.36' }] } },
  },
};

describe('daemonset controller', () => {
  let server: TestApiServer;
  let client: KubeClient;
  let controllers: ControllerSet;
  let pods: Informer<KubeObject>;

  /** Live daemon pods by the node they are pinned to. */
  const podsByNode = (): Record<string, KubeObject[]> => {
    const out: Record<string, KubeObject[]> = {};
    for (const p of pods.list().filter((x) => !x.metadata.deletionTimestamp)) {
      (out[targetNodeName(p) ?? '?'] ??= []).push(p);
    }
    return out;
  };
  const nodesWithPods = () => Object.keys(podsByNode()).sort().join(',');
  const getSet = () => client.get<KubeObject>(`${SETS}/agent`);

  beforeAll(async () => {
    server = await startTestApiServer();
    client = await KubeClient.load({ kubeconfig: server.kubeconfigPath, userAgent: 'daemonset-test' });
    await createNamespace(server.api, NS);
    pods = new Informer<KubeObject>(client, PODS);
    const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const markReady = (p: KubeObject) =>
      client.patch(
        `${PODS}/${p.metadata.name}/status`,
        { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now() }] } },
        'merge',
      );
    pods.on('add', (p) => void markReady(p).catch(() => undefined));
    await pods.start();
    for (const n of ['node-a', 'node-b']) {
      await client.create(NODES, node(n));
    }
    CONTROLLERS.daemonset ??= daemonSetController;
    controllers = await startControllers(client, { controllers: ['daemonset'] });
  });

  afterAll(async () => {
    await controllers?.stop();
    pods?.stop();
    client?.close();
    await server?.stop();
  });

  it('runs one pod pinned to each node, with the daemon tolerations and revision labels', async () => {
    await client.create(SETS, agent);
    await waitFor(() => nodesWithPods() === 'node-a,node-b', 'a pod on each node');
    const pod = podsByNode()['node-a'][0];
    expect(pod.metadata.generateName).toBe('agent-');
    expect(pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-a'] }] },
    ]);
    expect(pod.spec.tolerations).toEqual(
      expect.arrayContaining([
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      ]),
    );
    expect(pod.metadata.labels).toMatchObject({ app: 'agent', 'pod-template-generation': '1', 'controller-revision-hash': expect.any(String) });
    const hash = pod.metadata.labels!['controller-revision-hash'];
    const revision = await client.get<KubeObject>(resourcePath('apps/v1', 'controllerrevisions', NS, `agent-${hash}`));
    expect(revision).toMatchObject({ revision: 1, metadata: { labels: { app: 'agent', 'controller-revision-hash': hash } } });

    const set = await waitFor(async () => {
      const s = await getSet();
      return s.status?.numberAvailable === 2 ? s : undefined;
    }, 'two available');
    expect(set.status).toMatchObject({
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberMisscheduled: 0,
      numberReady: 2,
      numberAvailable: 2,
      updatedNumberScheduled: 2,
      observedGeneration: 1,
    });
    const events = (await client.list<KubeObject>(resourcePath('v1', 'events', NS))).items.map((e) => `${e.reason} ${e.message}`);
    expect(events).toContain(`SuccessfulCreate Created pod: ${pod.metadata.name}`);
  });

  it('gives a joining node a pod, and a node tainted NoSchedule without a toleration none', async () => {
    await client.create(NODES, node('node-tainted', [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]));
    await client.create(NODES, node('node-c'));
    await waitFor(() => nodesWithPods() === 'node-a,node-b,node-c', 'a pod on node-c');
    await waitFor(async () => ((await getSet()).status?.desiredNumberScheduled === 3 ? true : undefined), 'three desired');
    expect(podsByNode()['node-tainted']).toBeUndefined();
  });

  it('removes the pod of a node that gets a NoExecute taint and of a node that leaves', async () => {
    await client.patch(`${NODES}/node-c`, { spec: { taints: [{ key: 'evict', value: 'yes', effect: 'NoExecute' }] } }, 'merge');
    await waitFor(() => nodesWithPods() === 'node-a,node-b', 'pod on node-c deleted');
    await client.delete(`${NODES}/node-b`);
    await waitFor(() => nodesWithPods() === 'node-a', 'pod of node-b deleted');
    const set = await waitFor(async () => {
      const s = await getSet();
      return s.status?.desiredNumberScheduled === 1 ? s : undefined;
    }, 'one desired');
    expect(set.status).toMatchObject({ currentNumberScheduled: 1, numberMisscheduled: 0 });
  });

  it('rolls a template change over every node', async () => {
    for (const n of ['node-d', 'node-e']) {
      await client.create(NODES, node(n));
    }
    await waitFor(() => nodesWithPods() === 'node-a,node-d,node-e', 'pods on the new nodes');
    const before = new Set(pods.list().map((p) => p.metadata.uid));
    let mostWithoutPod = 0;
    const track = () => {
      const byNode = podsByNode();
      mostWithoutPod = Math.max(mostWithoutPod, ['node-a', 'node-d', 'node-e'].filter((n) => !byNode[n]).length);
    };
    pods.on('update', track);
    pods.on('delete', track);
    await client.patch(`${SETS}/agent`, { spec: { template: { spec: { containers: [{ name: 'agent', image: 'busybox:1.37' }] } } } }, 'strategic');
    const set = await waitFor(
      async () => {
        const s = await getSet();
        return s.status?.observedGeneration === 2 && s.status?.updatedNumberScheduled === 3 && s.status?.numberAvailable === 3 ? s : undefined;
      },
      'all pods updated',
      30_000,
    );
    expect(set.status.desiredNumberScheduled).toBe(3);
    expect(mostWithoutPod).toBe(1);
    const now = podsByNode();
    expect(Object.keys(now).sort()).toEqual(['node-a', 'node-d', 'node-e']);
    for (const [, list] of Object.entries(now)) {
      expect(list).toHaveLength(1);
      expect(list[0].spec.containers[0].image).toBe('busybox:1.37');
      expect(list[0].metadata.labels!['pod-template-generation']).toBe('2');
      expect(before.has(list[0].metadata.uid)).toBe(false);
    }
  });
});
