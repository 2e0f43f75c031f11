// kubectl's read commands: get -o yaml|json|wide|name|jsonpath|custom-columns, --show-labels with
// -l, --field-selector, api-resources, api-versions, version, cluster-info, auth can-i / whoami.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { expectStatus } from 'test/support/apiserver';
import { FIXTURES, getObject, ok, outcome, startCluster, type Cluster } from 'test/e2e/cli-harness';

const NS = 'e2e-read';
const READ = path.join(FIXTURES, 'read');
let c: Cluster;

beforeAll(async () => {
  c = await startCluster([NS]);
  expectStatus(await c.api.post('/api/v1/nodes', JSON.parse(fs.readFileSync(path.join(READ, 'node.json'), 'utf8'))), 201);
  ok(await c.kubectl(['create', '-f', path.join(READ, 'pods.yaml'), '-n', NS]));
});

afterAll(async () => {
  await c?.stop();
});

const k = (...args: string[]) => c.kubectl(args);
/** Table lines with column gaps shown as two spaces and the AGE cell (age-like token) replaced. */
const table = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) =>
      l
        .trimEnd()
        .replace(/ {2,}/g, '  ')
        .replace(/(^|  )\d+(s|m\d*s?|h\d*m?|d\d*h?)(?=  |$)/, '$1<age>'),
    );

/** The pod web-0 of pods.yaml as kube-apiserver stores it: the manifest plus defaults and admission. */
function expectedWeb0(stored: any): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-0',
      namespace: NS,
      labels: { app: 'web', tier: 'frontend' },
      annotations: { note: 'hello' },
      generation: 1,
      uid: stored.metadata.uid,
      resourceVersion: stored.metadata.resourceVersion,
      creationTimestamp: stored.metadata.creationTimestamp,
    },
    spec: {
      automountServiceAccountToken: false,
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }],
          env: [{ name: 'MODE', value: 'fast' }],
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
    status: { phase: 'Pending', qosClass: 'Burstable' },
  };
}

describe('get', () => {
  test('-o json and -o yaml print the stored object (defaults applied, managedFields hidden)', async () => {
    const stored = await getObject(c.api, `/api/v1/namespaces/${NS}/pods/web-0`);
    const asJson = JSON.parse(ok(await k('get', 'pod', 'web-0', '-n', NS, '-o', 'json')));
    expect(asJson).toEqual(expectedWeb0(stored));
    expect(YAML.parse(ok(await k('get', 'pod', 'web-0', '-n', NS, '-o', 'yaml')))).toEqual(expectedWeb0(stored));
    // A list prints as a v1 List.
    const list = JSON.parse(ok(await k('get', 'pods', '-n', NS, '-o', 'json')));
    expect([list.apiVersion, list.kind, list.metadata, list.items.map((p: any) => p.metadata.name)]).toEqual([
      'v1',
      'List',
      { resourceVersion: '' },
      ['on-node', 'web-0'],
    ]);
  });

  test('-o wide adds the priority-1 columns', async () => {
    expect(table(ok(await k('get', 'pods', '-n', NS, '-o', 'wide')))).toEqual([
      'NAME  READY  STATUS  RESTARTS  AGE  IP  NODE  NOMINATED NODE  READINESS GATES',
      'on-node  0/1  Pending  0  <age>  <none>  worker-1  <none>  <none>',
      'web-0  0/1  Pending  0  <age>  <none>  <none>  <none>  <none>',
    ]);
    expect(table(ok(await k('get', 'nodes', '-o', 'wide')))).toEqual([
      'NAME  STATUS  ROLES  AGE  VERSION  INTERNAL-IP  EXTERNAL-IP  OS-IMAGE  KERNEL-VERSION  CONTAINER-RUNTIME',
      'worker-1  Ready  worker  <age>  v1.35.0  192.168.1.10  <none>  Ubuntu 24.04 LTS  6.8.0  containerd://2.0.0',
    ]);
  });

  test('a Node created without status reads back with the zero-valued structs Go always serialises', async () => {
    const bare = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'bare-node' } };
    expectStatus(await c.api.post('/api/v1/nodes', bare), 201);
    const node = JSON.parse(ok(await k('get', 'node', 'bare-node', '-o', 'json')));
    // NodeStatus.DaemonEndpoints and .NodeInfo are structs (never omitted); NodeSystemInfo's strings have no omitempty.
    expect(node.status).toEqual({
      daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
      nodeInfo: {
        architecture: '',
        bootID: '',
        containerRuntimeVersion: '',
        kernelVersion: '',
        kubeProxyVersion: '',
        kubeletVersion: '',
        machineID: '',
        operatingSystem: '',
        osImage: '',
        systemUUID: '',
      },
    });
    expect(table(ok(await k('get', 'node', 'bare-node')))).toEqual(['NAME  STATUS  ROLES  AGE  VERSION', 'bare-node  Unknown  <none>  <age>']);
  });

  test('-o name, -o jsonpath, -o custom-columns, --sort-by', async () => {
    expect(outcome(await k('get', 'pods', '-n', NS, '-o', 'name'))).toEqual({ code: 0, stdout: 'pod/on-node\npod/web-0\n', stderr: '' });
    const jsonpath = '{range .items[*]}{.metadata.name}{"\\t"}{.spec.containers[0].image}{"\\n"}{end}';
    expect(ok(await k('get', 'pods', '-n', NS, '-o', `jsonpath=${jsonpath}`))).toBe('on-node\tregistry.example.com/batch:3\nweb-0\tnginx:1.27\n');
    expect(ok(await k('get', 'pod', 'web-0', '-n', NS, '-o', 'jsonpath={.spec.containers[0].resources.requests.memory}'))).toBe('64Mi');
    expect(ok(await k('get', 'pods', '-n', NS, '-o', 'custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,QOS:.status.qosClass'))).toBe(
      'NAME      NODE       QOS\non-node   worker-1   Burstable\nweb-0     <none>     Burstable\n',
    );
    expect(ok(await k('get', 'pods', '-n', NS, '--sort-by=.spec.containers[0].image', '-o', 'name'))).toBe('pod/web-0\npod/on-node\n');
  });

  test('--show-labels with -l, and -L', async () => {
    expect(table(ok(await k('get', 'pods', '-n', NS, '--show-labels', '-l', 'app=web')))).toEqual([
      'NAME  READY  STATUS  RESTARTS  AGE  LABELS',
      'web-0  0/1  Pending  0  <age>  app=web,tier=frontend',
    ]);
    expect(table(ok(await k('get', 'pods', '-n', NS, '--show-labels', '-l', 'app in (web,batch),tier!=frontend')))).toEqual([
      'NAME  READY  STATUS  RESTARTS  AGE  LABELS',
      'on-node  0/1  Pending  0  <age>  app=batch',
    ]);
    expect(table(ok(await k('get', 'pods', '-n', NS, '-L', 'tier')))).toEqual([
      'NAME  READY  STATUS  RESTARTS  AGE  TIER',
      'on-node  0/1  Pending  0  <age>',
      'web-0  0/1  Pending  0  <age>  frontend',
    ]);
    expect(outcome(await k('get', 'pods', '-n', NS, '-l', 'app=none'))).toEqual({ code: 0, stdout: '', stderr: `No resources found in ${NS} namespace.\n` });
  });

  test('--field-selector', async () => {
    expect(ok(await k('get', 'pods', '-n', NS, '--field-selector', 'spec.nodeName=worker-1', '-o', 'name'))).toBe('pod/on-node\n');
    expect(ok(await k('get', 'pods', '-A', '--field-selector', `metadata.namespace=${NS},metadata.name!=on-node`, '-o', 'name'))).toBe('pod/web-0\n');
    expect(ok(await k('get', 'pods', '-n', NS, '--field-selector', 'status.phase=Pending', '-o', 'name'))).toBe('pod/on-node\npod/web-0\n');
    expect(outcome(await k('get', 'pods', '-n', NS, '--field-selector', 'status.phase=Running'))).toEqual({
      code: 0,
      stdout: '',
      stderr: `No resources found in ${NS} namespace.\n`,
    });
    expect(outcome(await k('get', 'pods', '-n', NS, '--field-selector', 'spec.foo=bar'))).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.foo=bar": field label not supported: spec.foo\n',
    });
  });
});

describe('discovery and cluster commands', () => {
  test('api-resources: rows of the served resources', async () => {
    const rows = table(ok(await k('api-resources')));
    expect(rows[0]).toBe('NAME  SHORTNAMES  APIVERSION  NAMESPACED  KIND');
    for (const row of [
      'configmaps  cm  v1  true  ConfigMap',
      'namespaces  ns  v1  false  Namespace',
      'nodes  no  v1  false  Node',
      'pods  po  v1  true  Pod',
      'podtemplates  v1  true  PodTemplate',
      'secrets  v1  true  Secret',
      'serviceaccounts  sa  v1  true  ServiceAccount',
      'services  svc  v1  true  Service',
      'deployments  deploy  apps/v1  true  Deployment',
      'statefulsets  sts  apps/v1  true  StatefulSet',
      'selfsubjectreviews  authentication.k8s.io/v1  false  SelfSubjectReview',
      'selfsubjectaccessreviews  authorization.k8s.io/v1  false  SelfSubjectAccessReview',
      'leases  coordination.k8s.io/v1  true  Lease',
    ]) {
      expect(rows).toContain(row);
    }
    const wide = table(ok(await k('api-resources', '-o', 'wide')));
    expect(wide).toContain('pods  po  v1  true  Pod  create,delete,deletecollection,get,list,patch,update,watch  all');
    expect(wide).toContain('namespaces  ns  v1  false  Namespace  create,delete,get,list,patch,update,watch');
    expect(wide).toContain('selfsubjectaccessreviews  authorization.k8s.io/v1  false  SelfSubjectAccessReview  create');
    expect(ok(await k('api-resources', '--api-group=apps', '-o', 'name'))).toBe(
      'controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n',
    );
  });

  test('api-resources and api-versions list the groups of the create commands (batch, rbac, networking, policy, scheduling)', async () => {
    const rows = table(ok(await k('api-resources')));
    for (const row of [
      'cronjobs  cj  batch/v1  true  CronJob',
      'jobs  batch/v1  true  Job',
      'ingresses  ing  networking.k8s.io/v1  true  Ingress',
      'poddisruptionbudgets  pdb  policy/v1  true  PodDisruptionBudget',
      'clusterrolebindings  rbac.authorization.k8s.io/v1  false  ClusterRoleBinding',
      'clusterroles  rbac.authorization.k8s.io/v1  false  ClusterRole',
      'rolebindings  rbac.authorization.k8s.io/v1  true  RoleBinding',
      'roles  rbac.authorization.k8s.io/v1  true  Role',
      'priorityclasses  pc  scheduling.k8s.io/v1  false  PriorityClass',
    ]) {
      expect(rows).toContain(row);
    }
    const versions = ok(await k('api-versions'))
      .trimEnd()
      .split('\n');
    expect(versions).toEqual(expect.arrayContaining(['batch/v1', 'networking.k8s.io/v1', 'policy/v1', 'rbac.authorization.k8s.io/v1', 'scheduling.k8s.io/v1']));
  });

  test('api-versions: sorted group/versions', async () => {
    const res = await k('api-versions');
    expect(res.stderr).toBe('');
    const versions = ok(res).trimEnd().split('\n');
    expect(versions).toEqual([...versions].sort());
    expect(versions).toEqual(
      expect.arrayContaining(['apps/v1', 'authentication.k8s.io/v1', 'authorization.k8s.io/v1', 'coordination.k8s.io/v1', 'events.k8s.io/v1', 'v1']),
    );
  });

  test('version: client and server, no skew warning', async () => {
    const res = await k('version');
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    expect(res.stdout).toMatch(/^Client Version: v1\.35\.2\nKustomize Version: v5\.7\.1\nServer Version: v1\.35\.\d+\S*\n$/);
    const json = JSON.parse(ok(await k('version', '-o', 'json')));
    expect(json.serverVersion).toMatchObject({ major: '1', minor: '35', platform: expect.stringMatching(/^\w+\/\w+$/) });
  });

  test('cluster-info: exit 0, the control plane line first', async () => {
    const res = await k('cluster-info');
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    expect(res.stdout.split('\n')[0]).toBe(`Kubernetes control plane is running at ${c.server.url}`);
  });

  test('auth can-i says yes to the admin; auth whoami prints the user', async () => {
    expect(outcome(await k('auth', 'can-i', 'create', 'pods'))).toEqual({ code: 0, stdout: 'yes\n', stderr: '' });
    expect(outcome(await k('auth', 'can-i', 'delete', 'deployments.apps', '-n', NS))).toEqual({ code: 0, stdout: 'yes\n', stderr: '' });
    const whoami = await k('auth', 'whoami', '-o', 'json');
    const review = JSON.parse(ok(whoami));
    expect(review).toMatchObject({ kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', status: { userInfo: { username: expect.any(String) } } });
    expect(review.status.userInfo.groups).toContain('system:authenticated');
    const text = table(ok(await k('auth', 'whoami')));
    expect(text[0]).toBe('ATTRIBUTE  VALUE');
    expect(text[1]).toBe(`Username  ${review.status.userInfo.username}`);
    expect(text).toContain(`Groups  [${review.status.userInfo.groups.join(' ')}]`);
  });
});
