// `kubectl describe` of pods, deployments, nodes (a Node and its Lease created through the API) and
// services. The text is laid out by kubectl; what the server controls is the data and whether
// every request describe makes (events by field selector, pods by spec.nodeName, replicasets,
// the node Lease) is answered. Runs of spaces are compared as one column gap.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectStatus } from 'test/support/apiserver';
import { FIXTURES, getObject, ok, startCluster, type Cluster } from 'test/e2e/cli-harness';

const NS = 'e2e-describe';
const READ = path.join(FIXTURES, 'read');
let c: Cluster;

beforeAll(async () => {
  c = await startCluster([NS]);
  // Node first: on-node names it in spec.nodeName.
  const node = JSON.parse(fs.readFileSync(path.join(READ, 'node.json'), 'utf8'));
  expectStatus(await c.api.post('/api/v1/nodes', node), 201);
  ok(await c.kubectl(['create', '-f', path.join(READ, 'node-lease.yaml')]));
  ok(await c.kubectl(['create', '-f', path.join(READ, 'pods.yaml'), '-f', path.join(READ, 'service.yaml'), '-n', NS]));
});

afterAll(async () => {
  await c?.stop();
});

/** describe output with trailing blanks removed and every run of 2+ spaces shown as two. */
function norm(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/\s+$/, '').replace(/ {2,}/g, '  '));
}

/** Go's time.RFC1123Z in UTC, as describe prints timestamps (kubectl runs with TZ=UTC). */
function rfc1123z(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${day}, ${p(d.getUTCDate())} ${mon} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function describe_(...args: string[]): Promise<string> {
  return c.kubectl(['describe', ...args], { env: { TZ: 'UTC' } }).then(ok);
}

test('describe pod', async () => {
  const out = await describe_('pod', 'web-0', '-n', NS);
  expect(norm(out)).toEqual(
    norm(`Name:             web-0
Namespace:        ${NS}
Priority:         0
Service Account:  default
Node:             <none>
Labels:           app=web
                  tier=frontend
Annotations:      note: hello
Status:           Pending
IP:
IPs:              <none>
Containers:
  web:
    Image:      nginx:1.27
    Port:       80/TCP (http)
    Host Port:  0/TCP (http)
    Limits:
      memory:  128Mi
    Requests:
      cpu:     100m
      memory:  64Mi
    Environment:
      MODE:      fast
    Mounts:      <none>
Volumes:         <none>
QoS Class:       Burstable
Node-Selectors:  <none>
Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:          <none>
`),
  );
});

test('describe deployment', async () => {
  ok(await c.kubectl(['create', 'deployment', 'shop', '--image=nginx:1.27', '--replicas=3', '--port=8080', '-n', NS]));
  const created = (await getObject(c.api, `/apis/apps/v1/namespaces/${NS}/deployments/shop`)).metadata.creationTimestamp;
  const out = await describe_('deployment', 'shop', '-n', NS);
  expect(norm(out)).toEqual(
    norm(`Name:                   shop
Namespace:              ${NS}
CreationTimestamp:      ${rfc1123z(created)}
Labels:                 app=shop
Annotations:            <none>
Selector:               app=shop
Replicas:               3 desired | 0 updated | 0 total | 0 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=shop
  Containers:
   nginx:
    Image:         nginx:1.27
    Port:          8080/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:            <none>
`),
  );
});

test('describe node: status, lease, the pods bound to it and their share of its resources', async () => {
  const created = (await getObject(c.api, '/api/v1/nodes/worker-1')).metadata.creationTimestamp;
  const out = await describe_('node', 'worker-1');
  const lines = norm(out).map((l) => l.replace(/^( {2}\S+ {2}on-node .*2Gi \(25%\) {2})\S+$/, '$1<age>'));
  expect(lines).toEqual(
    norm(`Name:               worker-1
Roles:              worker
Labels:             kubernetes.io/hostname=worker-1
                    kubernetes.io/os=linux
                    node-role.kubernetes.io/worker=
Annotations:        <none>
CreationTimestamp:  ${rfc1123z(created)}
Taints:             dedicated=db:NoSchedule
Unschedulable:      false
Lease:
  HolderIdentity:  worker-1
  AcquireTime:     <unset>
  RenewTime:       Thu, 01 Jan 2026 00:00:00 +0000
Conditions:
  Type    Status  LastHeartbeatTime                 LastTransitionTime                Reason         Message
  ----    ------  -----------------                 ------------------                ------         -------
  Ready   True    Thu, 01 Jan 2026 00:00:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletReady   kubelet is posting ready status
Addresses:
  InternalIP:  192.168.1.10
  Hostname:    worker-1
Capacity:
  cpu:                4
  ephemeral-storage:  100Gi
  memory:             8Gi
  pods:               110
Allocatable:
  cpu:                4
  ephemeral-storage:  100Gi
  memory:             8Gi
  pods:               110
System Info:
  Machine ID:                 m1
  System UUID:                u1
  Boot ID:                    b1
  Kernel Version:             6.8.0
  OS Image:                   Ubuntu 24.04 LTS
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://2.0.0
  Kubelet Version:            v1.35.0
  Kube-Proxy Version:
PodCIDR:                      10.244.1.0/24
PodCIDRs:                     10.244.1.0/24
Non-terminated Pods:          (1 in total)
  Namespace                   Name       CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----       ------------  ----------  ---------------  -------------  ---
  ${NS}                  on-node    500m (12%)    1 (25%)     1Gi (12%)        2Gi (25%)      <age>
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests    Limits
  --------           --------    ------
  cpu                500m (12%)  1 (25%)
  memory             1Gi (12%)   2Gi (25%)
  ephemeral-storage  0 (0%)      0 (0%)
Events:              <none>
`),
  );
});

test('describe service (everything but the allocated IP and the endpoints)', async () => {
  const out = await describe_('service', 'front', '-n', NS);
  const lines = norm(out).filter((l) => !/^(IP|IPs|Endpoints):/.test(l));
  expect(lines).toEqual(
    norm(`Name:                     front
Namespace:                ${NS}
Labels:                   app=web
Annotations:              <none>
Selector:                 app=web
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
Port:                     http  80/TCP
TargetPort:               8080/TCP
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
`),
  );
});

test('a ClusterIP service gets a cluster IP: describe prints it as IP and IPs, get svc as CLUSTER-IP', async () => {
  const svc = await getObject(c.api, `/api/v1/namespaces/${NS}/services/front`);
  expect(svc.spec.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(svc.spec.clusterIPs).toEqual([svc.spec.clusterIP]);
  const out = norm(await describe_('service', 'front', '-n', NS));
  expect(out).toContain(`IP:  ${svc.spec.clusterIP}`);
  expect(out).toContain(`IPs:  ${svc.spec.clusterIP}`);
  const table = ok(await c.kubectl(['get', 'svc', 'front', '-n', NS]));
  expect(norm(table)[1]).toMatch(new RegExp(`^front  ClusterIP  ${svc.spec.clusterIP.replace(/\./g, '\\.')}  <none>  80/TCP  \\S+$`));
});
