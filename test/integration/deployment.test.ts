// The Deployment and ReplicaSet controllers against an in-process apiserver, with stock kubectl
// for rollout status / undo / restart. No node agent runs here: a small stand-in for the kubelet
// (simulateKubelet below) marks new pods Running and Ready, unless a pod is labelled `ready: never`.
import { isPodReady } from 'src/controllers/common/pods';
import type { ControllerSet } from 'src/controllers/controller-manager';
import { Informer } from 'src/controllers/runtime/informer';
import { KubeClient, resourcePath } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';
import { createNamespace, startTestApiServer, waitFor, type TestApiServer } from 'test/support/apiserver';
import { runControllers, setPodRunning } from 'test/support/controllers';
import { kubectl, spawnKubectl } from 'test/support/kubectl';

/** Marks every new pod of a namespace Running and Ready after `delayMs`, as a kubelet would. */
async function simulateKubelet(client: KubeClient, ns: string, delayMs = 0): Promise<() => void> {
  const pods = new Informer<KubeObject>(client, resourcePath('v1', 'pods', ns));
  const seen = new Set<string>();
  const start = (pod: KubeObject) => {
    if (seen.has(pod.metadata.uid!) || pod.metadata.deletionTimestamp || isPodReady(pod) || pod.metadata.labels?.ready === 'never') {
      return;
    }
    seen.add(pod.metadata.uid!);
    const markReady = (attempt: number) => {
      setPodRunning(client, ns, pod.metadata.name!).catch((e: { code?: number }) => {
        if (e.code !== 404 && attempt < 5) {
          setTimeout(() => markReady(attempt + 1), 50);
        }
      });
    };
    setTimeout(() => markReady(0), delayMs);
  };
  pods.on('add', start);
  pods.on('update', start);
  await pods.start();
  return () => pods.stop();
}

function webDeployment(name: string, replicas: number, spec: Record<string, any> = {}, podLabels: Record<string, string> = {}): KubeObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels: { ...labels, ...podLabels } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
      ...spec,
    },
  };
}

describe('Deployment controller', () => {
  let server: TestApiServer;
  let client: KubeClient;
  let controllers: ControllerSet;
  const kubelets: (() => void)[] = [];

  beforeAll(async () => {
    server = await startTestApiServer();
    client = await KubeClient.load({ kubeconfig: server.kubeconfigPath, userAgent: 'deployment-test' });
    controllers = await runControllers(client, ['replicaset', 'deployment']);
  });

  afterAll(async () => {
    kubelets.forEach((stop) => stop());
    await controllers?.stop();
    client?.close();
    await server?.stop();
  });

  const deployments = (ns: string, name?: string) => resourcePath('apps/v1', 'deployments', ns, name);
  const get = (ns: string, name: string) => client.get<KubeObject>(deployments(ns, name));
  const replicaSets = async (ns: string) => (await client.list<KubeObject>(resourcePath('apps/v1', 'replicasets', ns))).items;
  const pods = async (ns: string) => (await client.list<KubeObject>(resourcePath('v1', 'pods', ns))).items;
  const events = async (ns: string, reason: string) =>
    (await client.list<KubeObject>(resourcePath('v1', 'events', ns))).items.filter((e) => e.reason === reason).map((e) => e.message as string);
  const rolledOut = (d: KubeObject, replicas: number) =>
    d.status?.observedGeneration === d.metadata.generation &&
    (d.status?.updatedReplicas ?? 0) === replicas &&
    (d.status?.replicas ?? 0) === replicas &&
    (d.status?.availableReplicas ?? 0) === replicas;
  const condition = (d: KubeObject, type: string) => (d.status?.conditions ?? []).find((c: any) => c.type === type);
  /** Rolled out and the controller done writing (Progressing says so). */
  const settled = (d: KubeObject, replicas: number) => rolledOut(d, replicas) && condition(d, 'Progressing')?.reason === 'NewReplicaSetAvailable';
  /** Patches the Deployment (strategic merge unless told), retrying when a concurrent write wins the race. */
  const patch = async (ns: string, name: string, body: unknown, type: 'strategic' | 'merge' = 'strategic') => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await client.patch<KubeObject>(deployments(ns, name), body, type);
      } catch (e) {
        if (attempt >= 5 || (e as { code?: number }).code !== 409) {
          throw e;
        }
      }
    }
  };

  async function namespace(name: string, delayMs = 0): Promise<string> {
    await createNamespace(server.api, name);
    kubelets.push(await simulateKubelet(client, name, delayMs));
    return name;
  }

  it('a 5-replica Deployment reaches 5 available replicas, with upstream annotations, conditions and events', async () => {
    const ns = await namespace('dep-basic');
    await client.create(deployments(ns), webDeployment('web', 5));
    const d = await waitFor(async () => {
      const cur = await get(ns, 'web');
      return rolledOut(cur, 5) && condition(cur, 'Progressing')?.reason === 'NewReplicaSetAvailable' ? cur : undefined;
    }, 'web to roll out');
    const [rs] = await replicaSets(ns);
    const hash = rs.metadata.labels!['pod-template-hash'];
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    // 25% of 5: surge rounds up to 2, so max-replicas is 7.
    expect(rs.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '5', 'deployment.kubernetes.io/max-replicas': '7' });
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.status).toMatchObject({ replicas: 5, updatedReplicas: 5, readyReplicas: 5, availableReplicas: 5, terminatingReplicas: 0 });
    expect(d.status.unavailableReplicas).toBeUndefined();
    expect(condition(d, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
    expect(condition(d, 'Progressing')).toMatchObject({ status: 'True', message: `ReplicaSet "web-${hash}" has successfully progressed.` });
    const podList = await pods(ns);
    expect(podList).toHaveLength(5);
    for (const p of podList) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
      expect(p.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    }
    await waitFor(async () => (await events(ns, 'SuccessfulCreate')).length === 5, 'SuccessfulCreate events');
    expect((await events(ns, 'SuccessfulCreate')).sort()).toEqual(podList.map((p) => `Created pod: ${p.metadata.name}`).sort());
    expect(await events(ns, 'ScalingReplicaSet')).toEqual([`Scaled up replica set web-${hash} from 0 to 5`]);
    const status = await kubectl(['rollout', 'status', 'deployment/web', '-n', ns, '--timeout=30s'], { kubeconfig: server.kubeconfigPath });
    expect(status).toMatchObject({ code: 0, stdout: 'deployment "web" successfully rolled out\n' });
  });

  it('a template change rolls over within maxSurge and maxUnavailable at every observed moment; kubectl rollout status follows it', async () => {
    const ns = await namespace('dep-rolling', 150);
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };
    await client.create(deployments(ns), webDeployment('web', 10, { strategy }));
    await waitFor(async () => settled(await get(ns, 'web'), 10), 'web at 10 replicas');
    const [oldRS] = await replicaSets(ns);

    let maxTotal = 0;
    let minReady = Infinity;
    const sets = new Informer<KubeObject>(client, resourcePath('apps/v1', 'replicasets', ns));
    const watchSets = () => (maxTotal = Math.max(maxTotal, sets.list().reduce((n, rs) => n + rs.spec.replicas, 0)));
    sets.on('add', watchSets);
    sets.on('update', watchSets);
    const podCache = new Informer<KubeObject>(client, resourcePath('v1', 'pods', ns));
    const watchPods = () => (minReady = Math.min(minReady, podCache.list().filter((p) => isPodReady(p) && !p.metadata.deletionTimestamp).length));
    podCache.on('update', watchPods);
    podCache.on('delete', watchPods);
    await Promise.all([sets.start(), podCache.start()]);

    await patch(ns, 'web', { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } });
    const rollout = spawnKubectl(['rollout', 'status', 'deployment/web', '-n', ns, '--timeout=60s'], { kubeconfig: server.kubeconfigPath });
    const exit = await rollout.exited;
    sets.stop();
    podCache.stop();
    expect(exit.code).toBe(0);
    const lines = rollout.stdout().trim().split('\n');
    expect(lines[lines.length - 1]).toBe('deployment "web" successfully rolled out');
    for (const line of lines.slice(0, -1)) {
      expect(line).toMatch(
        /^Waiting for deployment "web" rollout to finish: (\d+ out of 10 new replicas have been updated|\d+ old replicas are pending termination|\d+ of 10 updated replicas are available)\.\.\.$|^Waiting for deployment spec update to be observed\.\.\.$/,
      );
    }
    await waitFor(async () => rolledOut(await get(ns, 'web'), 10), 'web rolled over');
    expect(maxTotal).toBeLessThanOrEqual(13);
    expect(minReady).toBeGreaterThanOrEqual(8);
    const after = await replicaSets(ns);
    const newRS = after.find((rs) => rs.metadata.uid !== oldRS.metadata.uid)!;
    expect(after.find((rs) => rs.metadata.uid === oldRS.metadata.uid)?.spec.replicas).toBe(0);
    expect(newRS.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect((await get(ns, 'web')).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    const scaling = await events(ns, 'ScalingReplicaSet');
    // surge 3 of 10: the new ReplicaSet starts at 3.
    expect(scaling).toContain(`Scaled up replica set ${newRS.metadata.name} from 0 to 3`);
    expect(scaling.some((m) => m.startsWith(`Scaled down replica set ${oldRS.metadata.name} from 10 to `))).toBe(true);
    expect((await pods(ns)).map((p) => p.spec.containers[0].image)).toEqual(Array(10).fill('nginx:1.28'));
  }, 90_000);

  it('kubectl rollout undo brings the previous ReplicaSet back as a new revision', async () => {
    const ns = await namespace('dep-undo');
    await client.create(deployments(ns), webDeployment('web', 3));
    await waitFor(async () => settled(await get(ns, 'web'), 3), 'revision 1');
    const [first] = await replicaSets(ns);
    await patch(ns, 'web', { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } });
    await waitFor(async () => {
      const d = await get(ns, 'web');
      return settled(d, 3) && d.metadata.annotations?.['deployment.kubernetes.io/revision'] === '2';
    }, 'revision 2');

    const undo = await kubectl(['rollout', 'undo', 'deployment/web', '-n', ns], { kubeconfig: server.kubeconfigPath });
    expect(undo).toMatchObject({ code: 0, stdout: 'deployment.apps/web rolled back\n' });
    const status = await kubectl(['rollout', 'status', 'deployment/web', '-n', ns, '--timeout=30s'], { kubeconfig: server.kubeconfigPath });
    expect(status.stdout.trim().split('\n').pop()).toBe('deployment "web" successfully rolled out');
    await waitFor(async () => (await get(ns, 'web')).metadata.annotations?.['deployment.kubernetes.io/revision'] === '3', 'the Deployment at revision 3');
    const sets = await replicaSets(ns);
    expect(sets).toHaveLength(2);
    const restored = sets.find((rs) => rs.metadata.uid === first.metadata.uid)!;
    expect(restored.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(restored.spec.replicas).toBe(3);
    expect(sets.find((rs) => rs.metadata.uid !== first.metadata.uid)?.spec.replicas).toBe(0);
    await waitFor(async () => (await pods(ns)).every((p) => p.spec.containers[0].image === 'nginx:1.27'), 'pods back on nginx:1.27');
    const history = await kubectl(['rollout', 'history', 'deployment/web', '-n', ns], { kubeconfig: server.kubeconfigPath });
    expect(history.stdout).toMatch(/REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>/);
  });

  it('scales to 0 and back', async () => {
    const ns = await namespace('dep-scale');
    await client.create(deployments(ns), webDeployment('web', 4));
    await waitFor(async () => settled(await get(ns, 'web'), 4), 'web at 4');
    await patch(ns, 'web', { spec: { replicas: 0 } }, 'merge');
    await waitFor(async () => (await pods(ns)).length === 0 && rolledOut(await get(ns, 'web'), 0), 'no pods');
    const [rs] = await replicaSets(ns);
    expect(rs.spec.replicas).toBe(0);
    expect(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe('0');
    await patch(ns, 'web', { spec: { replicas: 2 } }, 'merge');
    await waitFor(async () => rolledOut(await get(ns, 'web'), 2), 'web back at 2');
    expect(await replicaSets(ns)).toHaveLength(1);
    expect(await events(ns, 'ScalingReplicaSet')).toEqual(
      expect.arrayContaining([`Scaled down replica set ${rs.metadata.name} from 4 to 0`, `Scaled up replica set ${rs.metadata.name} from 0 to 2`]),
    );
  });
  it('Recreate scales the old ReplicaSet to 0 and starts new pods only once the old ones are gone', async () => {
    const ns = await namespace('dep-recreate', 50);
    await client.create(deployments(ns), webDeployment('web', 3, { strategy: { type: 'Recreate' } }));
    await waitFor(async () => settled(await get(ns, 'web'), 3), 'web at 3');
    const [oldRS] = await replicaSets(ns);
    let overlap = false;
    const podCache = new Informer<KubeObject>(client, resourcePath('v1', 'pods', ns));
    const check = () => {
      const owners = new Set(podCache.list().map((p) => p.metadata.ownerReferences?.[0]?.uid));
      overlap ||= owners.size > 1;
    };
    podCache.on('add', check);
    podCache.on('update', check);
    await podCache.start();
    await patch(ns, 'web', { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } });
    await waitFor(async () => rolledOut(await get(ns, 'web'), 3) && (await replicaSets(ns)).length === 2, 'web recreated');
    podCache.stop();
    expect(overlap).toBe(false);
    const newRS = (await replicaSets(ns)).find((rs) => rs.metadata.uid !== oldRS.metadata.uid)!;
    const scaling = await events(ns, 'ScalingReplicaSet');
    expect(scaling.indexOf(`Scaled down replica set ${oldRS.metadata.name} from 3 to 0`)).toBeGreaterThanOrEqual(0);
    expect(scaling.indexOf(`Scaled up replica set ${newRS.metadata.name} from 0 to 3`)).toBeGreaterThan(scaling.indexOf(`Scaled down replica set ${oldRS.metadata.name} from 3 to 0`));
  });

  it('a paused Deployment scales but does not roll out until resumed', async () => {
    const ns = await namespace('dep-paused');
    await client.create(deployments(ns), webDeployment('web', 2));
    await waitFor(async () => settled(await get(ns, 'web'), 2), 'web at 2');
    expect((await kubectl(['rollout', 'pause', 'deployment/web', '-n', ns], { kubeconfig: server.kubeconfigPath })).code).toBe(0);
    await waitFor(async () => condition(await get(ns, 'web'), 'Progressing')?.reason === 'DeploymentPaused', 'the paused condition');
    await patch(ns, 'web', { spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } });
    const paused = await waitFor(async () => {
      const d = await get(ns, 'web');
      return d.status?.observedGeneration === d.metadata.generation && d.status?.availableReplicas === 3 ? d : undefined;
    }, 'the paused Deployment scaled to 3');
    expect(condition(paused, 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    expect(await replicaSets(ns)).toHaveLength(1);
    expect((await pods(ns)).map((p) => p.spec.containers[0].image)).toEqual(Array(3).fill('nginx:1.27'));
    expect((await kubectl(['rollout', 'resume', 'deployment/web', '-n', ns], { kubeconfig: server.kubeconfigPath })).code).toBe(0);
    await waitFor(async () => rolledOut(await get(ns, 'web'), 3) && (await pods(ns)).every((p) => p.spec.containers[0].image === 'nginx:1.28'), 'the rollout after resume');
    expect(condition(await get(ns, 'web'), 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
  });

  it('kubectl rollout restart makes a new ReplicaSet; revisionHistoryLimit removes the oldest', async () => {
    const ns = await namespace('dep-restart');
    await client.create(deployments(ns), webDeployment('web', 2, { revisionHistoryLimit: 1 }));
    await waitFor(async () => settled(await get(ns, 'web'), 2), 'web at 2');
    const [first] = await replicaSets(ns);
    for (const revision of ['2', '3']) {
      // kubectl stamps restartedAt with second precision and refuses a second restart within the same second.
      await new Promise((r) => setTimeout(r, 1100));
      expect((await kubectl(['rollout', 'restart', 'deployment/web', '-n', ns], { kubeconfig: server.kubeconfigPath })).code).toBe(0);
      await waitFor(async () => {
        const d = await get(ns, 'web');
        return settled(d, 2) && d.metadata.annotations?.['deployment.kubernetes.io/revision'] === revision;
      }, `revision ${revision}`);
    }
    const sets = await waitFor(async () => {
      const list = await replicaSets(ns);
      return list.length === 2 ? list : undefined;
    }, 'two ReplicaSets left');
    expect(sets.map((rs) => rs.metadata.uid)).not.toContain(first.metadata.uid);
    expect(sets.map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision']).sort()).toEqual(['2', '3']);
    const current = sets.find((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === '3')!;
    expect(current.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeDefined();
  });

  it('a rollout that makes no progress for progressDeadlineSeconds is reported as timed out', async () => {
    const ns = await namespace('dep-stuck');
    await client.create(deployments(ns), webDeployment('stuck', 2, { progressDeadlineSeconds: 2 }, { ready: 'never' }));
    const d = await waitFor(async () => {
      const cur = await get(ns, 'stuck');
      return condition(cur, 'Progressing')?.reason === 'ProgressDeadlineExceeded' ? cur : undefined;
    }, 'the progress deadline to pass', 20_000);
    const [rs] = await replicaSets(ns);
    expect(condition(d, 'Progressing')).toMatchObject({ status: 'False', message: `ReplicaSet "${rs.metadata.name}" has timed out progressing.` });
    expect(condition(d, 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
    const status = await kubectl(['rollout', 'status', 'deployment/stuck', '-n', ns, '--timeout=10s'], { kubeconfig: server.kubeconfigPath });
    expect(status.code).toBe(1);
    expect(status.stderr).toBe('error: deployment "stuck" exceeded its progress deadline\n');
  });
});
