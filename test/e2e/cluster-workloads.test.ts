// The controller-manager issue, checked as a new user would: `kubepg up` with 3 simulated nodes,
// then stock kubectl applying workloads and watching them reconcile.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ok } from 'test/e2e/cli-harness';
import { startUp, type UpCluster } from 'test/e2e/up-harness';
import { waitFor } from 'test/support/apiserver';

const NS = 'work';

const deploymentYaml = (image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${NS}
spec:
  replicas: 5
  selector:
    matchLabels: {app: web}
  strategy:
    rollingUpdate: {maxSurge: 1, maxUnavailable: 1}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
`;

jest.setTimeout(180_000);

describe('kubepg up: controllers with kubectl', () => {
  let c: UpCluster;
  let manifest: string;

  beforeAll(async () => {
    c = await startUp(['--nodes', '3']);
    manifest = path.join(c.dataDir, 'web.yaml');
    ok(await c.kubectl(['create', 'namespace', NS]));
  }, 90_000);

  afterAll(async () => {
    await c?.stop();
  });

  const items = async (p: string): Promise<any[]> => (await c.api.get(p)).body.items ?? [];
  const running = (pods: any[]) => pods.filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);

  it('a 5-replica Deployment gets 5 Running pods and rollout status succeeds', async () => {
    fs.writeFileSync(manifest, deploymentYaml('nginx:1.27'));
    ok(await c.kubectl(['apply', '-f', manifest]));
    const status = ok(await c.kubectl(['rollout', 'status', `deployment/web`, '-n', NS, '--timeout=90s'], { timeoutMs: 100_000 }));
    expect(status).toContain('deployment "web" successfully rolled out');
    expect(running(await items(`/api/v1/namespaces/${NS}/pods`))).toHaveLength(5);
    const rs = await items(`/apis/apps/v1/namespaces/${NS}/replicasets`);
    expect(rs).toHaveLength(1);
    expect(rs[0].metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
  });

  it('set image rolls out, rollout undo restores the previous image, scale to 0 and back', async () => {
    ok(await c.kubectl(['set', 'image', 'deployment/web', 'web=nginx:1.28', '-n', NS]));
    ok(await c.kubectl(['rollout', 'status', 'deployment/web', '-n', NS, '--timeout=90s'], { timeoutMs: 100_000 }));
    const images = async () => running(await items(`/api/v1/namespaces/${NS}/pods`)).map((p) => p.spec.containers[0].image);
    await waitFor(async () => ((await images()).length === 5 && (await images()).every((i) => i === 'nginx:1.28') ? true : undefined), 'all pods on 1.28', 60_000);
    const history = ok(await c.kubectl(['rollout', 'history', 'deployment/web', '-n', NS]));
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);

    ok(await c.kubectl(['rollout', 'undo', 'deployment/web', '-n', NS]));
    ok(await c.kubectl(['rollout', 'status', 'deployment/web', '-n', NS, '--timeout=90s'], { timeoutMs: 100_000 }));
    await waitFor(async () => ((await images()).length === 5 && (await images()).every((i) => i === 'nginx:1.27') ? true : undefined), 'all pods back on 1.27', 60_000);

    ok(await c.kubectl(['scale', 'deployment/web', '--replicas=0', '-n', NS]));
    await waitFor(async () => ((await items(`/api/v1/namespaces/${NS}/pods`)).length === 0 ? true : undefined), 'no pods', 60_000);
    ok(await c.kubectl(['scale', 'deployment/web', '--replicas=3', '-n', NS]));
    ok(await c.kubectl(['rollout', 'status', 'deployment/web', '-n', NS, '--timeout=90s'], { timeoutMs: 100_000 }));
    expect(running(await items(`/api/v1/namespaces/${NS}/pods`))).toHaveLength(3);
  });

  it('a Service lists only ready pods as endpoints', async () => {
    ok(await c.kubectl(['expose', 'deployment/web', '--port=80', '-n', NS]));
    ok(await c.kubectl(['run', 'unready', '--image=nginx', '--labels=app=web', '--annotations=kubepg.io/ready=false', '-n', NS]));
    const eps = await waitFor(async () => {
      const e = (await c.api.get(`/api/v1/namespaces/${NS}/endpoints/web`)).body;
      const ready = e?.subsets?.[0]?.addresses?.length ?? 0;
      const notReady = e?.subsets?.[0]?.notReadyAddresses?.length ?? 0;
      return ready === 3 && notReady === 1 ? e : undefined;
    }, 'endpoints with 3 ready and 1 not-ready address', 60_000);
    expect(eps.subsets[0].notReadyAddresses[0].targetRef.name).toBe('unready');
    const slices = await items(`/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices?labelSelector=kubernetes.io/service-name=web`);
    expect(slices).toHaveLength(1);
    expect(slices[0].endpoints.filter((e: any) => e.conditions.ready)).toHaveLength(3);
    ok(await c.kubectl(['delete', 'pod', 'unready', '-n', NS]));
  });

  it('kubectl delete deployment removes its ReplicaSets and pods', async () => {
    ok(await c.kubectl(['delete', 'deployment', 'web', '-n', NS], { timeoutMs: 60_000 }));
    await waitFor(async () => ((await items(`/apis/apps/v1/namespaces/${NS}/replicasets`)).length === 0 ? true : undefined), 'replicasets gone', 60_000);
    await waitFor(async () => ((await items(`/api/v1/namespaces/${NS}/pods`)).length === 0 ? true : undefined), 'pods gone', 60_000);
  });

  it('a Job with completions 3 completes', async () => {
    fs.writeFileSync(
      manifest,
      `apiVersion: batch/v1\nkind: Job\nmetadata: {name: three, namespace: ${NS}}\nspec:\n  completions: 3\n  parallelism: 2\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox, command: ["true"]}]\n`,
    );
    ok(await c.kubectl(['apply', '-f', manifest]));
    ok(await c.kubectl(['wait', '--for=condition=complete', 'job/three', '-n', NS, '--timeout=90s'], { timeoutMs: 100_000 }));
    const job = (await c.api.get(`/apis/batch/v1/namespaces/${NS}/jobs/three`)).body;
    expect(job.status).toMatchObject({ succeeded: 3 });
  });

  it('a StatefulSet starts web-0, web-1, web-2 in order with PVCs', async () => {
    fs.writeFileSync(
      manifest,
      `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: ${NS}}\nspec:\n  replicas: 3\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers: [{name: db, image: postgres, volumeMounts: [{name: data, mountPath: /data}]}]\n  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n`,
    );
    ok(await c.kubectl(['apply', '-f', manifest]));
    ok(await c.kubectl(['rollout', 'status', 'statefulset/db', '-n', NS, '--timeout=90s'], { timeoutMs: 100_000 }));
    const pods = (await items(`/api/v1/namespaces/${NS}/pods?labelSelector=app=db`)).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    expect(pods.map((p) => p.metadata.name)).toEqual(['db-0', 'db-1', 'db-2']);
    const started = pods.map((p) => Date.parse(p.metadata.creationTimestamp));
    const readyAt = pods.map((p) => Date.parse(p.status.conditions.find((x: any) => x.type === 'Ready').lastTransitionTime));
    expect(started[1]).toBeGreaterThanOrEqual(readyAt[0]);
    expect(started[2]).toBeGreaterThanOrEqual(readyAt[1]);
    const pvcs = (await items(`/api/v1/namespaces/${NS}/persistentvolumeclaims`)).map((p) => p.metadata.name).sort();
    expect(pvcs).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
  });

  it('a DaemonSet runs one pod per node', async () => {
    fs.writeFileSync(
      manifest,
      `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: ${NS}}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      containers: [{name: a, image: busybox}]\n`,
    );
    ok(await c.kubectl(['apply', '-f', manifest]));
    ok(await c.kubectl(['rollout', 'status', 'daemonset/agent', '-n', NS, '--timeout=90s'], { timeoutMs: 100_000 }));
    const nodes = running(await items(`/api/v1/namespaces/${NS}/pods?labelSelector=app=agent`)).map((p) => p.spec.nodeName).sort();
    expect(nodes).toEqual(['kubepg-node-0', 'kubepg-node-1', 'kubepg-node-2']);
  });

  it('deleting a namespace removes all it holds, then the namespace', async () => {
    ok(await c.kubectl(['create', 'configmap', 'cm', '-n', NS, '--from-literal=a=b']));
    ok(await c.kubectl(['delete', 'namespace', NS, '--timeout=120s'], { timeoutMs: 130_000 }));
    expect((await c.api.get(`/api/v1/namespaces/${NS}`)).status).toBe(404);
    expect(await items(`/api/v1/namespaces/${NS}/pods`)).toEqual([]);
  });
});
