import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { controllerrevisionTable } from 'src/registry/apps/controllerrevision.table';
import { daemonsetTable } from 'src/registry/apps/daemonset.table';
import { deploymentTable } from 'src/registry/apps/deployment.table';
import { replicasetTable } from 'src/registry/apps/replicaset.table';
import { statefulsetTable } from 'src/registry/apps/statefulset.table';
import { leaseTable } from 'src/registry/coordination/lease.table';
import { configmapTable } from 'src/registry/core/configmap.table';
import { endpointsTable } from 'src/registry/core/endpoints.table';
import { eventTable } from 'src/registry/core/event.table';
import { namespaceTable } from 'src/registry/core/namespace.table';
import { nodeTable } from 'src/registry/core/node.table';
import { persistentvolumeTable } from 'src/registry/core/persistentvolume.table';
import { persistentvolumeclaimTable } from 'src/registry/core/persistentvolumeclaim.table';
import { podtemplateTable } from 'src/registry/core/podtemplate.table';
import { replicationcontrollerTable } from 'src/registry/core/replicationcontroller.table';
import { resourcequotaTable } from 'src/registry/core/resourcequota.table';
import { secretTable } from 'src/registry/core/secret.table';
import { serviceTable } from 'src/registry/core/service.table';
import { serviceaccountTable } from 'src/registry/core/serviceaccount.table';
import { eventsEventTable } from 'src/registry/events/event.table';
import { formatLabelSelector } from 'src/registry/generic/label-selector.table';

// Expected rows are what kube-apiserver 1.35 returns for the same objects (printers.go).

const NOW = new Date('2024-06-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: 'default', creationTimestamp: ago(2 * 86400 + 3 * 3600), ...extra });
const template = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'nginx', image: 'nginx:1.27' },
      { name: 'log', image: 'busybox' },
    ],
  },
};
const selector = { matchLabels: { app: 'web', tier: 'fe' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] };

function row(
  table: TableDefinition<KubeObject>,
  obj: Omit<KubeObject, 'metadata'> & { metadata: Record<string, unknown> },
): { header: string[]; cells: unknown[] } {
  const cells = table.cells(obj as KubeObject, NOW);
  expect(cells).toHaveLength(table.columns.length);
  return { header: table.columns.map((c) => (c.priority ? `(${c.name})` : c.name)), cells };
}

describe('server-side printing of each resource', () => {
  it('deployments', () => {
    const d = {
      metadata: meta('web'),
      spec: { replicas: 3, selector, template },
      status: { replicas: 3, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1 },
    };
    expect(row(deploymentTable, d)).toEqual({
      header: ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', '(Containers)', '(Images)', '(Selector)'],
      cells: ['web', '1/3', 2, 1, '2d3h', 'nginx,log', 'nginx:1.27,busybox', 'app=web,env in (dev,prod),tier=fe'],
    });
  });

  it('replicasets', () => {
    const rs = {
      metadata: meta('web-5d4f'),
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
      status: { replicas: 2, readyReplicas: 2 },
    };
    expect(row(replicasetTable, rs)).toEqual({
      header: ['Name', 'Desired', 'Current', 'Ready', 'Age', '(Containers)', '(Images)', '(Selector)'],
      cells: ['web-5d4f', 2, 2, 2, '2d3h', 'nginx,log', 'nginx:1.27,busybox', 'app=web'],
    });
  });

  it('statefulsets', () => {
    const sts = { metadata: meta('db'), spec: { replicas: 3, template }, status: { replicas: 2, readyReplicas: 2 } };
    expect(row(statefulsetTable, sts)).toEqual({
      header: ['Name', 'Ready', 'Age', '(Containers)', '(Images)'],
      cells: ['db', '2/3', '2d3h', 'nginx,log', 'nginx:1.27,busybox'],
    });
  });

  it('daemonsets', () => {
    const ds = {
      metadata: meta('agent'),
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'a', image: 'agent:1' }] } },
      },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 },
    };
    expect(row(daemonsetTable, ds)).toEqual({
      header: ['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age', '(Containers)', '(Images)', '(Selector)'],
      cells: ['agent', 3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '2d3h', 'a', 'agent:1', 'app=agent'],
    });
  });

  it('controllerrevisions', () => {
    const owner = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'u', controller: true };
    const cr = { metadata: meta('db-7b9c', { ownerReferences: [owner] }), revision: 2, data: {} };
    expect(row(controllerrevisionTable, cr)).toEqual({
      header: ['Name', 'Controller', 'Revision', 'Age'],
      cells: ['db-7b9c', 'statefulset.apps/db', 2, '2d3h'],
    });
    expect(controllerrevisionTable.cells({ metadata: meta('orphan'), revision: 1 }, NOW)[1]).toBe('<none>');
  });

  it('replicationcontrollers and podtemplates', () => {
    const rc = { metadata: meta('old'), spec: { replicas: 2, selector: { app: 'web' }, template }, status: { replicas: 2, readyReplicas: 1 } };
    expect(row(replicationcontrollerTable, rc).cells).toEqual(['old', 2, 2, 1, '2d3h', 'nginx,log', 'nginx:1.27,busybox', 'app=web']);
    expect(row(podtemplateTable, { metadata: meta('tpl'), template })).toEqual({
      header: ['Name', 'Containers', 'Images', 'Pod Labels'],
      cells: ['tpl', 'nginx,log', 'nginx:1.27,busybox', 'app=web'],
    });
  });

  it('services of each type', () => {
    const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = {}) => ({ metadata: meta('web'), spec, status });
    expect(row(serviceTable, svc({ type: 'ClusterIP', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'web' } }))).toEqual(
      {
        header: ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', '(Selector)'],
        cells: ['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP', '2d3h', 'app=web'],
      },
    );
    const np = svc({
      type: 'NodePort',
      clusterIPs: ['10.96.0.11'],
      ports: [
        { port: 80, protocol: 'TCP' },
        { port: 443, nodePort: 30443, protocol: 'TCP' },
      ],
    });
    expect(serviceTable.cells(np, NOW).slice(1, 5)).toEqual(['NodePort', '10.96.0.11', '<none>', '80/TCP,443:30443/TCP']);
    expect(serviceTable.cells(svc({ type: 'LoadBalancer', clusterIPs: ['10.96.0.12'], ports: [{ port: 53, nodePort: 31053, protocol: 'UDP' }] }), NOW)[3]).toBe(
      '<pending>',
    );
    const lb = svc(
      { type: 'LoadBalancer', clusterIPs: ['10.96.0.12'], externalIPs: ['1.2.3.4'] },
      { loadBalancer: { ingress: [{ ip: '5.6.7.8' }, { hostname: 'lb.example.com' }] } },
    );
    expect(serviceTable.cells(lb, NOW).slice(3, 5)).toEqual(['5.6.7.8,lb.example.com,1.2.3.4', '<none>']);
    expect(serviceTable.cells(svc({ type: 'ExternalName', externalName: 'db.example.com' }), NOW).slice(1, 4)).toEqual([
      'ExternalName',
      '<none>',
      'db.example.com',
    ]);
    expect(serviceTable.cells(svc({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] }), NOW).slice(2, 7)).toEqual([
      'None',
      '<none>',
      '<none>',
      '2d3h',
      '<none>',
    ]);
  });

  it('endpoints, shortened after three', () => {
    const ep = {
      metadata: meta('web'),
      subsets: [
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }],
          ports: [
            { port: 8080, protocol: 'TCP' },
            { port: 8443, protocol: 'TCP' },
          ],
        },
        { addresses: [{ ip: 'fd00::3' }], ports: [{ port: 80 }] },
      ],
    };
    expect(row(endpointsTable, ep)).toEqual({
      header: ['Name', 'Endpoints', 'Age'],
      cells: ['web', '10.0.0.1:8080,10.0.0.2:8080,10.0.0.1:8443 + 2 more...', '2d3h'],
    });
    expect(endpointsTable.cells({ metadata: meta('v6'), subsets: [{ addresses: [{ ip: 'fd00::3' }], ports: [{ port: 80 }] }] }, NOW)[1]).toBe('[fd00::3]:80');
    expect(endpointsTable.cells({ metadata: meta('headless'), subsets: [{ addresses: [{ ip: '10.0.0.9' }] }] }, NOW)[1]).toBe('10.0.0.9');
    expect(endpointsTable.cells({ metadata: meta('empty') }, NOW)[1]).toBe('<none>');
  });

  it('nodes', () => {
    const node = {
      metadata: {
        name: 'cp-1',
        creationTimestamp: ago(40 * 86400),
        labels: { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/etcd': 'true', 'kubernetes.io/role': 'infra' },
      },
      spec: { unschedulable: true },
      status: {
        conditions: [
          { type: 'MemoryPressure', status: 'False' },
          { type: 'Ready', status: 'True' },
        ],
        addresses: [
          { type: 'Hostname', address: 'cp-1' },
          { type: 'InternalIP', address: '192.168.1.10' },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.35.0',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kernelVersion: '6.1.0-18-amd64',
          containerRuntimeVersion: 'containerd://1.7.13',
        },
      },
    };
    expect(row(nodeTable, node)).toEqual({
      header: ['Name', 'Status', 'Roles', 'Age', 'Version', '(Internal-IP)', '(External-IP)', '(OS-Image)', '(Kernel-Version)', '(Container-Runtime)'],
      cells: [
        'cp-1',
        'Ready,SchedulingDisabled',
        'control-plane,etcd,infra',
        '40d',
        'v1.35.0',
        '192.168.1.10',
        '<none>',
        'Debian GNU/Linux 12 (bookworm)',
        '6.1.0-18-amd64',
        'containerd://1.7.13',
      ],
    });
    const fresh = { metadata: { name: 'n2', creationTimestamp: ago(30) }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } };
    expect(nodeTable.cells(fresh, NOW)).toEqual(['n2', 'NotReady', '<none>', '30s', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
    expect(nodeTable.cells({ metadata: { name: 'n3' } }, NOW).slice(1, 4)).toEqual(['Unknown', '<none>', '<unknown>']);
  });

  it('namespaces, configmaps, secrets, serviceaccounts, leases', () => {
    expect(row(namespaceTable, { metadata: meta('team-a'), status: { phase: 'Terminating' } }).cells).toEqual(['team-a', 'Terminating', '2d3h']);
    expect(row(configmapTable, { metadata: meta('cfg'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }).cells).toEqual(['cfg', 3, '2d3h']);
    expect(row(secretTable, { metadata: meta('tls'), type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==', 'tls.key': 'eA==' } })).toEqual({
      header: ['Name', 'Type', 'Data', 'Age'],
      cells: ['tls', 'kubernetes.io/tls', 2, '2d3h'],
    });
    expect(row(serviceaccountTable, { metadata: meta('default') }).cells).toEqual(['default', 0, '2d3h']);
    expect(row(leaseTable, { metadata: meta('kube-scheduler'), spec: { holderIdentity: 'cp-1_4f2a' } })).toEqual({
      header: ['Name', 'Holder', 'Age'],
      cells: ['kube-scheduler', 'cp-1_4f2a', '2d3h'],
    });
    expect(leaseTable.cells({ metadata: meta('free'), spec: {} }, NOW)[1]).toBe('');
  });

  it('persistent volumes and claims', () => {
    const pv = {
      metadata: meta('pv-1', { namespace: undefined }),
      spec: {
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        claimRef: { namespace: 'default', name: 'data' },
        storageClassName: 'standard',
        volumeMode: 'Filesystem',
      },
      status: { phase: 'Bound' },
    };
    expect(row(persistentvolumeTable, pv)).toEqual({
      header: [
        'Name',
        'Capacity',
        'Access Modes',
        'Reclaim Policy',
        'Status',
        'Claim',
        'StorageClass',
        'VolumeAttributesClass',
        'Reason',
        'Age',
        '(VolumeMode)',
      ],
      cells: ['pv-1', '10Gi', 'RWO,RWX', 'Retain', 'Bound', 'default/data', 'standard', '<unset>', '', '2d3h', 'Filesystem'],
    });
    const bound = {
      metadata: meta('data', { annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' } }),
      spec: { volumeName: 'pv-1', storageClassName: 'standard', resources: { requests: { storage: '5Gi' } }, volumeMode: 'Block' },
      status: { phase: 'Bound', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'] },
    };
    expect(row(persistentvolumeclaimTable, bound)).toEqual({
      header: ['Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age', '(VolumeMode)'],
      cells: ['data', 'Bound', 'pv-1', '10Gi', 'RWO', 'legacy', '<unset>', '2d3h', 'Block'],
    });
    const pending = {
      metadata: meta('new', { deletionTimestamp: ago(1) }),
      spec: { resources: { requests: { storage: '5Gi' } } },
      status: { phase: 'Pending' },
    };
    expect(persistentvolumeclaimTable.cells(pending, NOW)).toEqual(['new', 'Terminating', '', '', '', '', '<unset>', '2d3h', '<unset>']);
  });

  it('resource quotas', () => {
    const rq = {
      metadata: meta('compute'),
      status: { hard: { 'requests.cpu': '1', 'limits.memory': '2Gi', pods: '10', 'limits.cpu': '2' }, used: { 'requests.cpu': '500m', pods: '3' } },
    };
    expect(row(resourcequotaTable, rq)).toEqual({
      header: ['Name', 'Request', 'Limit', 'Age'],
      cells: ['compute', 'pods: 3/10, requests.cpu: 500m/1', 'limits.cpu: 0/2, limits.memory: 0/2Gi', '2d3h'],
    });
  });

  it('core/v1 events', () => {
    const ev = {
      metadata: meta('web-1.17d2'),
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{nginx}' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container\n',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: ago(600),
      lastTimestamp: ago(30),
      count: 7,
      type: 'Warning',
    };
    expect(row(eventTable, ev)).toEqual({
      header: ['Last Seen', 'Type', 'Reason', 'Object', '(Subobject)', '(Source)', 'Message', '(First Seen)', '(Count)', '(Name)'],
      cells: [
        '30s',
        'Warning',
        'BackOff',
        'pod/web-1',
        'spec.containers{nginx}',
        'kubelet, node-1',
        'Back-off restarting failed container',
        '10m',
        7,
        'web-1.17d2',
      ],
    });
    const scheduler = {
      metadata: meta('web-1.17d1'),
      involvedObject: { kind: 'Pod', name: 'web-1' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/web-1 to node-1',
      source: {},
      reportingComponent: 'default-scheduler',
      reportingController: 'default-scheduler',
      reportingInstance: 'default-scheduler-cp-1',
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: ago(90),
      type: 'Normal',
    };
    expect(eventTable.cells(scheduler, NOW)).toEqual([
      '90s',
      'Normal',
      'Scheduled',
      'pod/web-1',
      '',
      'default-scheduler, default-scheduler-cp-1',
      'Successfully assigned default/web-1 to node-1',
      '90s',
      1,
      'web-1.17d1',
    ]);
  });

  it('events.k8s.io/v1 events read through their v1 field names', () => {
    const ev = {
      metadata: meta('web.17d3'),
      regarding: { kind: 'Deployment', name: 'web' },
      note: 'Scaled up replica set web-5d4f to 3',
      reason: 'ScalingReplicaSet',
      reportingController: 'deployment-controller',
      eventTime: ago(7200),
      series: { count: 4, lastObservedTime: ago(120) },
      type: 'Normal',
    };
    expect(eventsEventTable.columns).toEqual(eventTable.columns);
    expect(eventsEventTable.cells(ev, NOW)).toEqual([
      '2m',
      'Normal',
      'ScalingReplicaSet',
      'deployment/web',
      '',
      'deployment-controller',
      'Scaled up replica set web-5d4f to 3',
      '120m',
      4,
      'web.17d3',
    ]);
  });
});

describe(formatLabelSelector.name, () => {
  it.each([
    [undefined, '<none>'],
    [{}, '<none>'],
    [{ matchLabels: { b: '2', a: '1' } }, 'a=1,b=2'],
    [
      {
        matchExpressions: [
          { key: 'x', operator: 'Exists' },
          { key: 'gone', operator: 'DoesNotExist' },
          { key: 'env', operator: 'NotIn', values: ['b', 'a'] },
        ],
      },
      'env notin (a,b),!gone,x',
    ],
    [{ matchExpressions: [{ key: 'x', operator: 'Bogus' }] }, '<error>'],
  ])('%j -> %s', (sel, text) => {
    expect(formatLabelSelector(sel)).toBe(text);
  });
});
