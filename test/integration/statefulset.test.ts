// The StatefulSet controller against a real apiserver: ordered start with claims, scale-down from
// the highest ordinal, and a partitioned rolling update. No kubelet runs here (pods stay unbound):
// the test plays it by writing Running and Ready through /status.
import { CONTROLLERS } from 'src/controllers/index';
import { startControllers, type ControllerSet } from 'src/controllers/controller-manager';
import { Informer } from 'src/controllers/runtime/informer';
import { KubeClient, isNotFound, resourcePath } from 'src/controllers/runtime/kube-client';
import { statefulSetController } from 'src/controllers/statefulset/statefulset.reconciler';
import type { KubeObject } from 'src/registry/generic/object';
import { createNamespace, rvNum, startTestApiServer, waitFor, type TestApiServer } from 'test/support/apiserver';

const NS = 'sts';
const PODS = resourcePath('v1', 'pods', NS);
const SETS = resourcePath('apps/v1', 'statefulsets', NS);

/** What a kubelet writes once the pod's container runs and passes readiness; returns the write's resourceVersion. */
async function markReady(client: KubeClient, name: string): Promise<number> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }] };
  const pod = await client.patch<KubeObject>(`${PODS}/${name}/status`, { status }, 'merge');
  return rvNum(pod.metadata.resourceVersion);
}

function webSet(replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web' },
    spec: {
      replicas,
      serviceName: 'web',
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', volumeMounts: [{ name: 'www', mountPath: '/www' }] }] },
      },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  };
}

describe('statefulset controller', () => {
  let server: TestApiServer;
  let client: KubeClient;
  let controllers: ControllerSet;
  let pods: Informer<KubeObject>;
  const deleted: string[] = [];

  const getPod = (name: string) => client.get<KubeObject>(`${PODS}/${name}`).catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
  const getSet = () => client.get<KubeObject>(`${SETS}/web`);
  const events = async () => (await client.list<KubeObject>(resourcePath('v1', 'events', NS))).items.map((e) => `${e.reason} ${e.message}`);
  /** Waits until the controller has recorded `replicas` created pods in status, i.e. synced with them in its cache. */
  const statusReplicas = (n: number) => waitFor(async () => ((await getSet()).status?.replicas === n ? true : undefined), `status.replicas ${n}`);

  beforeAll(async () => {
    server = await startTestApiServer();
    client = await KubeClient.load({ kubeconfig: server.kubeconfigPath, userAgent: 'statefulset-test' });
    await createNamespace(server.api, NS);
    pods = new Informer<KubeObject>(client, PODS);
    pods.on('delete', (p) => deleted.push(p.metadata.name!));
    await pods.start();
    CONTROLLERS.statefulset ??= statefulSetController;
    controllers = await startControllers(client, { controllers: ['statefulset'] });
  });

  afterAll(async () => {
    await controllers?.stop();
    pods?.stop();
    client?.close();
    await server?.stop();
  });

  it('starts web-0, web-1, web-2 in order, each only after the previous is Running and Ready, with its claim', async () => {
    await client.create(SETS, webSet(3));
    let readyRv = 0;
    for (const i of [0, 1, 2]) {
      const pod = await waitFor(() => getPod(`web-${i}`), `web-${i}`);
      expect(rvNum(pod.metadata.resourceVersion)).toBeGreaterThan(readyRv);
      await statusReplicas(i + 1);
      expect(await getPod(`web-${i + 1}`)).toBeUndefined();
      readyRv = await markReady(client, `web-${i}`);
    }
    const set = await waitFor(async () => {
      const s = await getSet();
      return s.status?.readyReplicas === 3 && s.status?.currentRevision === s.status?.updateRevision ? s : undefined;
    }, 'three ready replicas');
    expect(set.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, currentReplicas: 3, updatedReplicas: 3, observedGeneration: 1 });
    expect(set.status.updateRevision).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);

    const web1 = (await getPod('web-1'))!;
    expect(web1.metadata.labels).toEqual({
      app: 'web',
      'statefulset.kubernetes.io/pod-name': 'web-1',
      'apps.kubernetes.io/pod-index': '1',
      'controller-revision-hash': set.status.updateRevision,
    });
    expect(web1.spec).toMatchObject({ hostname: 'web-1', subdomain: 'web' });
    expect(web1.spec.volumes).toContainEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } });
    expect(web1.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'StatefulSet', name: 'web', controller: true })]);

    const claims = (await client.list<KubeObject>(resourcePath('v1', 'persistentvolumeclaims', NS))).items;
    expect(claims.map((c) => c.metadata.name).sort()).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    expect(claims[0].metadata.labels).toEqual({ app: 'web' });
    expect(claims[0].metadata.ownerReferences).toBeUndefined();

    const revision = await client.get<KubeObject>(resourcePath('apps/v1', 'controllerrevisions', NS, set.status.updateRevision));
    expect(revision).toMatchObject({
      revision: 1,
      data: { spec: { template: { $patch: 'replace', spec: { containers: [expect.objectContaining({ image: 'nginx:1.27' })] } } } },
    });
    expect(revision.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'StatefulSet', name: 'web', controller: true })]);

    await waitFor(async () => (await events()).includes('SuccessfulCreate create Pod web-2 in StatefulSet web successful'), 'pod event');
    expect(await events()).toContain('SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success');
  });

  it('scales down from the highest ordinal, one pod at a time, keeping the claims', async () => {
    deleted.length = 0;
    await client.patch(`${SETS}/web`, { spec: { replicas: 1 } }, 'merge');
    await waitFor(() => deleted.length === 2, 'two pods deleted', 20_000);
    expect(deleted).toEqual(['web-2', 'web-1']);
    expect(await getPod('web-0')).toBeDefined();
    await statusReplicas(1);
    const claims = (await client.list<KubeObject>(resourcePath('v1', 'persistentvolumeclaims', NS))).items;
    expect(claims).toHaveLength(3);
    await waitFor(async () => (await events()).includes('SuccessfulDelete delete Pod web-2 in StatefulSet web successful'), 'delete event');
  });

  it('rolls an update from the highest ordinal down to the partition, then past it', async () => {
    pods.on('add', (p) => void markReady(client, p.metadata.name!).catch(() => undefined));
    await client.patch(`${SETS}/web`, { spec: { replicas: 3 } }, 'merge');
    const before = await waitFor(async () => {
      const s = await getSet();
      return s.status?.readyReplicas === 3 ? s : undefined;
    }, 'three ready again');
    const oldRevision = before.status.updateRevision;

    deleted.length = 0;
    await client.patch(
      `${SETS}/web`,
      {
        spec: {
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
          template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } },
        },
      },
      'strategic',
    );
    const partial = await waitFor(async () => {
      const s = await getSet();
      return s.status?.updatedReplicas === 1 && s.status?.readyReplicas === 3 ? s : undefined;
    }, 'web-2 updated');
    expect(partial.status.updateRevision).not.toBe(oldRevision);
    expect(partial.status.currentRevision).toBe(oldRevision);
    expect(deleted).toEqual(['web-2']);
    expect((await getPod('web-2'))!.spec.containers[0].image).toBe('nginx:1.28');
    expect((await getPod('web-1'))!.metadata.labels!['controller-revision-hash']).toBe(oldRevision);

    await client.patch(`${SETS}/web`, { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } }, 'strategic');
    const done = await waitFor(async () => {
      const s = await getSet();
      return s.status?.updatedReplicas === 3 && s.status?.readyReplicas === 3 && s.status.currentRevision === s.status.updateRevision ? s : undefined;
    }, 'all updated');
    expect(deleted).toEqual(['web-2', 'web-1', 'web-0']);
    expect(done.status.currentReplicas).toBe(3);
    const revisions = (await client.list<KubeObject>(resourcePath('apps/v1', 'controllerrevisions', NS))).items;
    expect(revisions.map((r) => r.revision).sort()).toEqual([1, 2]);
  });

  it('names a revision exactly as a real cluster does for the same manifest', async () => {
    await client.create(SETS, {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'nginx-sts' },
      spec: {
        replicas: 1,
        serviceName: 'nginx-sts',
        selector: { matchLabels: { app: 'nginx-sts' } },
        template: { metadata: { labels: { app: 'nginx-sts' } }, spec: { containers: [{ image: 'nginx', name: 'nginx' }] } },
      },
    });
    const set = await waitFor(async () => {
      const s = await client.get<KubeObject>(`${SETS}/nginx-sts`);
      return s.status?.updateRevision ? s : undefined;
    }, 'a revision');
    // kubectl get controllerrevision on a v1.24 cluster showed nginx-sts-6798d68dcd for this manifest.
    expect(set.status.updateRevision).toBe('nginx-sts-6798d68dcd');
  });

  it('hands claims to the set, then to the condemned pod, as the Delete retention policy asks', async () => {
    const db = webSet(2);
    db.metadata.name = 'db';
    db.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Delete' };
    const created = await client.create<KubeObject>(SETS, db);
    const claimPath = (name: string) => resourcePath('v1', 'persistentvolumeclaims', NS, name);
    const owners = async (name: string) =>
      ((await client.get<KubeObject>(claimPath(name))).metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}/${r.uid}`);
    await waitFor(async () => ((await client.get<KubeObject>(`${SETS}/db`)).status?.readyReplicas === 2 ? true : undefined), 'db ready');
    expect(await owners('www-db-1')).toEqual([`StatefulSet/db/${created.metadata.uid}`]);
    const condemned = (await getPod('db-1'))!;
    await client.patch(`${SETS}/db`, { spec: { replicas: 1 } }, 'merge');
    await waitFor(async () => ((await getPod('db-1')) ? undefined : true), 'db-1 deleted');
    expect(await owners('www-db-1')).toEqual([`Pod/db-1/${condemned.metadata.uid}`]);
    expect(await owners('www-db-0')).toEqual([`StatefulSet/db/${created.metadata.uid}`]);
  });
});
