// The node lifecycle controller (with taint eviction) and the pod garbage collector against a real
// apiserver: a node whose Lease stops being renewed turns Unknown, is tainted unreachable, its pods
// are marked not ready and evicted after their tolerationSeconds; a recovered node loses the taints;
// pods of a deleted node are force-deleted. No kubelet runs: the test writes Leases and status itself.
import { newNodeLifecycleController } from 'src/controllers/node-lifecycle/node-lifecycle.reconciler';
import { newPodGcController } from 'src/controllers/podgc/podgc.reconciler';
import type { ControllerSet } from 'src/controllers/controller-manager';
import { isNotFound, KubeClient, resourcePath } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';
import { startTestApiServer, waitFor, type TestApiServer } from 'test/support/apiserver';
import { nowSeconds, runControllers, setPodRunning } from 'test/support/controllers';

const NS = 'default';
const LEASES = resourcePath('coordination.k8s.io/v1', 'leases', 'kube-node-lease');
const micro = () => new Date().toISOString().replace('Z', '000Z');

/** Plays the kubelet registering a Ready node with its Lease. */
async function registerNode(client: KubeClient, name: string): Promise<void> {
  await client.create(resourcePath('v1', 'nodes'), { apiVersion: 'v1', kind: 'Node', metadata: { name } });
  await postReady(client, name);
  await client.create(LEASES, {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name },
    spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: micro() },
  });
}

async function postReady(client: KubeClient, name: string): Promise<void> {
  const now = nowSeconds();
  await client.patch(
    resourcePath('v1', 'nodes', undefined, name, 'status'),
    {
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status',
            lastHeartbeatTime: now,
            lastTransitionTime: now,
          },
        ],
      },
    },
    'strategic',
  );
}

async function renewLease(client: KubeClient, name: string): Promise<void> {
  await client.patch(`${LEASES}/${name}`, { spec: { renewTime: micro() } }, 'merge');
}

/** A running, ready pod bound to a node. */
async function runningPod(
  client: KubeClient,
  name: string,
  node: string,
  spec: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): Promise<void> {
  await client.create(resourcePath('v1', 'pods', NS), {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...metadata },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox' }], ...spec },
  });
  await setPodRunning(client, NS, name, { ip: '10.244.3.3' });
}

const getPod = (client: KubeClient, name: string) => client.get<KubeObject>(resourcePath('v1', 'pods', NS, name));
const condition = (obj: KubeObject, type: string) => (obj.status?.conditions ?? []).find((c: { type: string }) => c.type === type);
const unreachable = (seconds?: number) => ({
  key: 'node.kubernetes.io/unreachable',
  operator: 'Exists',
  effect: 'NoExecute',
  ...(seconds === undefined ? {} : { tolerationSeconds: seconds }),
});
const notReady = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };

describe('node lifecycle and taint eviction', () => {
  let server: TestApiServer;
  let client: KubeClient;
  let controllers: ControllerSet;
  let heartbeat: NodeJS.Timeout;
  const alive = new Set(['healthy']);

  beforeAll(async () => {
    server = await startTestApiServer();
    client = await KubeClient.load({ kubeconfig: server.kubeconfigPath, userAgent: 'node-lifecycle-test' });
    await registerNode(client, 'healthy');
    await registerNode(client, 'dying');
    heartbeat = setInterval(() => alive.forEach((n) => void renewLease(client, n).catch(() => undefined)), 300);
    // Upstream taints 0.1 nodes a second; the test lets every node be tainted at once.
    controllers = await runControllers(
      client,
      { 'node-lifecycle': newNodeLifecycleController({ evictionQps: 100 }) },
      {
        nodeMonitorGracePeriodMs: 2_000,
        nodeMonitorPeriodMs: 200,
      },
    );
  });

  afterAll(async () => {
    clearInterval(heartbeat);
    await controllers?.stop();
    client?.close();
    await server?.stop();
  });

  it('turns a node whose Lease stopped Unknown, taints it, marks its pods not ready and evicts them after their tolerations', async () => {
    await runningPod(client, 'quick', 'dying', { terminationGracePeriodSeconds: 0, tolerations: [unreachable(1), notReady] });
    await runningPod(client, 'graceful', 'dying', { terminationGracePeriodSeconds: 30, tolerations: [unreachable(1), notReady] });
    await runningPod(client, 'forever', 'dying', { tolerations: [unreachable(), notReady] });
    await runningPod(client, 'elsewhere', 'healthy', { terminationGracePeriodSeconds: 0, tolerations: [unreachable(1), notReady] });

    const node = await waitFor(async () => {
      const n = await client.get<KubeObject>(resourcePath('v1', 'nodes', undefined, 'dying'));
      return condition(n, 'Ready')?.status === 'Unknown' ? n : undefined;
    }, 'node dying to turn Unknown');
    expect(condition(node, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      expect(condition(node, type)).toMatchObject({ status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.' });
    }

    const taints = await waitFor(async () => {
      const n = await client.get<KubeObject>(resourcePath('v1', 'nodes', undefined, 'dying'));
      const t: { key: string; effect: string }[] = n.spec?.taints ?? [];
      return t.length === 2 ? t : undefined;
    }, 'the unreachable taints');
    expect(taints.map((t) => `${t.key}:${t.effect}`).sort()).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);

    await waitFor(async () => isNotFound(await getPod(client, 'quick').catch((e: unknown) => e)), 'pod quick to be evicted and gone');
    const graceful = await waitFor(async () => {
      const p = await getPod(client, 'graceful');
      return p.metadata.deletionTimestamp ? p : undefined;
    }, 'pod graceful to be terminating');
    expect(condition(graceful, 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
    });

    const forever = await getPod(client, 'forever');
    expect(forever.metadata.deletionTimestamp).toBeUndefined();
    expect(condition(forever, 'Ready')?.status).toBe('False');
    expect((await getPod(client, 'elsewhere')).metadata.deletionTimestamp).toBeUndefined();

    const events = await waitFor(async () => {
      const list = await client.list<KubeObject>(resourcePath('v1', 'events', NS));
      const texts = list.items.map((e) => `${e.reason} ${e.message}`);
      return texts.includes('TaintManagerEviction Marking for deletion Pod default/quick') && texts.includes('NodeNotReady Node is not ready')
        ? texts
        : undefined;
    }, 'TaintManagerEviction and NodeNotReady events');
    expect(events).toContain('TaintManagerEviction Marking for deletion Pod default/graceful');
  });

  it('removes the taints once the node is Ready again, and keeps not-ready NoSchedule on a node not yet Ready', async () => {
    await renewLease(client, 'dying');
    alive.add('dying');
    await postReady(client, 'dying');
    await waitFor(async () => {
      const n = await client.get<KubeObject>(resourcePath('v1', 'nodes', undefined, 'dying'));
      return (n.spec?.taints ?? []).length === 0;
    }, 'node dying to lose its taints');

    await client.create(resourcePath('v1', 'nodes'), {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'starting' },
      spec: { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] },
    });
    const now = nowSeconds();
    await client.patch(
      resourcePath('v1', 'nodes', undefined, 'starting', 'status'),
      { status: { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady', lastHeartbeatTime: now, lastTransitionTime: now }] } },
      'strategic',
    );
    await client.create(LEASES, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'starting' },
      spec: { holderIdentity: 'starting', renewTime: micro() },
    });
    alive.add('starting');
    const tainted = await waitFor(async () => {
      const n = await client.get<KubeObject>(resourcePath('v1', 'nodes', undefined, 'starting'));
      return (n.spec?.taints ?? []).length === 2 ? n.spec.taints : undefined;
    }, 'a not-ready node to be tainted NoExecute as well');
    expect(tainted.map((t: { key: string; effect: string }) => `${t.key}:${t.effect}`).sort()).toEqual([
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/not-ready:NoSchedule',
    ]);
    await postReady(client, 'starting');
    await waitFor(async () => {
      const n = await client.get<KubeObject>(resourcePath('v1', 'nodes', undefined, 'starting'));
      return (n.spec?.taints ?? []).length === 0;
    }, 'node starting to lose its taints once Ready');
  });
});

describe('pod garbage collector', () => {
  let server: TestApiServer;
  let client: KubeClient;
  let controllers: ControllerSet;

  beforeAll(async () => {
    server = await startTestApiServer();
    client = await KubeClient.load({ kubeconfig: server.kubeconfigPath, userAgent: 'podgc-test' });
    await registerNode(client, 'stays');
    await registerNode(client, 'doomed');
    controllers = await runControllers(client, { podgc: newPodGcController({ gcCheckPeriodMs: 200, quarantineMs: 500 }) }, { terminatedPodGcThreshold: 2 });
  });

  afterAll(async () => {
    await controllers?.stop();
    client?.close();
    await server?.stop();
  });

  it('force-deletes the pods of a deleted node after marking them failed', async () => {
    await runningPod(client, 'orphan', 'doomed', {}, { finalizers: ['example.com/hold'] });
    await runningPod(client, 'kept', 'stays');
    await client.delete(resourcePath('v1', 'nodes', undefined, 'doomed'));
    const orphan = await waitFor(async () => {
      const p = await getPod(client, 'orphan');
      return p.metadata.deletionTimestamp ? p : undefined;
    }, 'the orphaned pod to be deleted');
    expect(orphan.metadata.deletionGracePeriodSeconds).toBe(0);
    expect(orphan.status.phase).toBe('Failed');
    expect(condition(orphan, 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' });
    expect((await getPod(client, 'kept')).metadata.deletionTimestamp).toBeUndefined();
    await client.patch(resourcePath('v1', 'pods', NS, 'orphan'), { metadata: { finalizers: null } }, 'merge');
  });

  it('deletes the oldest terminated pods above the threshold', async () => {
    for (const name of ['done-a', 'done-b', 'done-c']) {
      await client.create(resourcePath('v1', 'pods', NS), {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: { nodeName: 'stays', containers: [{ name: 'c', image: 'busybox' }] },
      });
      await client.patch(resourcePath('v1', 'pods', NS, name, 'status'), { status: { phase: 'Succeeded' } }, 'strategic');
    }
    await waitFor(async () => isNotFound(await getPod(client, 'done-a').catch((e: unknown) => e)), 'the oldest terminated pod to be deleted');
    expect((await getPod(client, 'done-b')).metadata.name).toBe('done-b');
    expect((await getPod(client, 'done-c')).metadata.name).toBe('done-c');
  });
});
