import { desiredNodeStatus, nodeAdoptionPatch, nodeForRegistration, nodeStatusChanged, type NodeProfile } from 'src/node-agent/node-object';
import { microTime, renewedLease } from 'src/node-agent/node-lease';

const profile: NodeProfile = {
  name: 'kubepg-node-3',
  internalIP: '192.168.0.4',
  podCIDRs: ['10.244.3.0/24'],
  capacity: { cpu: '8', memory: '32Gi', pods: '110' },
  allocatable: { cpu: '8', memory: '32Gi', pods: '110' },
  kubeletVersion: 'v1.35.0+kubepg',
  containerRuntimeVersion: 'kubepg://0.1.0',
  kernelVersion: '6.8.0',
  identity: 'agent-1',
};
const T = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('node registration', () => {
  it('registers with kubelet labels, our annotation, the pod CIDR and a full status', () => {
    const node = nodeForRegistration(profile, T);
    expect(node.metadata).toEqual({
      name: 'kubepg-node-3',
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': 'kubepg-node-3',
        'kubernetes.io/os': 'linux',
      },
      annotations: { 'kubepg.io/node-agent': 'agent-1', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    });
    expect(node.spec).toEqual({ podCIDR: '10.244.3.0/24', podCIDRs: ['10.244.3.0/24'] });
    expect(node.status.addresses).toEqual([
      { type: 'InternalIP', address: '192.168.0.4' },
      { type: 'Hostname', address: 'kubepg-node-3' },
    ]);
    expect(node.status.nodeInfo).toMatchObject({ kubeletVersion: 'v1.35.0+kubepg', containerRuntimeVersion: 'kubepg://0.1.0', operatingSystem: 'linux', architecture: 'amd64' });
    expect(node.status.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    expect(node.status.phase).toBeUndefined();
  });

  it('posts the kubelet conditions with their reasons, and no NetworkUnavailable', () => {
    const s = desiredNodeStatus(profile, undefined, T);
    expect(s.conditions.map((c: any) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
      ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
    ]);
    expect(s.conditions.every((c: any) => c.lastHeartbeatTime === iso(T) && c.lastTransitionTime === iso(T))).toBe(true);
  });

  it('keeps transition times, refreshes heartbeats and leaves foreign conditions alone', () => {
    const first = desiredNodeStatus(profile, undefined, T);
    const foreign = { type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated' };
    const later = desiredNodeStatus(profile, { ...first, conditions: [...first.conditions, foreign] }, T + 60_000);
    const ready = later.conditions.find((c: any) => c.type === 'Ready');
    expect(ready).toMatchObject({ lastHeartbeatTime: iso(T + 60_000), lastTransitionTime: iso(T) });
    expect(later.conditions[4]).toBe(foreign);
  });

  it('tells a heartbeat-only change from a real one', () => {
    const first = desiredNodeStatus(profile, undefined, T);
    expect(nodeStatusChanged(first, desiredNodeStatus(profile, first, T + 60_000))).toBe(false);
    expect(nodeStatusChanged(first, desiredNodeStatus({ ...profile, capacity: { ...profile.capacity, cpu: '16' } }, first, T))).toBe(true);
    const notReady = { ...first, conditions: first.conditions.map((c: any) => (c.type === 'Ready' ? { ...c, status: 'False' } : c)) };
    expect(nodeStatusChanged(notReady, desiredNodeStatus(profile, notReady, T))).toBe(true);
  });

  it('adopts an existing node by adding what it misses', () => {
    const existing = { metadata: { name: profile.name, labels: { 'kubernetes.io/hostname': profile.name, team: 'x' } }, spec: {} };
    expect(nodeAdoptionPatch(profile, existing)).toEqual({
      metadata: {
        labels: { 'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'linux' },
        annotations: { 'kubepg.io/node-agent': 'agent-1', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
      },
      spec: { podCIDR: '10.244.3.0/24', podCIDRs: ['10.244.3.0/24'] },
    });
    expect(nodeAdoptionPatch(profile, nodeForRegistration(profile, T))).toBeUndefined();
    expect(nodeAdoptionPatch(profile, { ...nodeForRegistration(profile, T), spec: { podCIDR: '10.9.0.0/24' } })).toBeUndefined();
  });
});

describe('node Lease', () => {
  it('formats renewTime as a MicroTime', () => {
    expect(microTime(Date.parse('2026-11-23T12:00:00.123Z'))).toBe('2026-11-23T12:00:00.123000Z');
  });

  it('is held by the node, owned by the Node, and keeps server fields on renewal', () => {
    const created = renewedLease(undefined, 'n0', 'node-uid', 40, T);
    expect(created).toEqual({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'n0', namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n0', uid: 'node-uid' }] },
      spec: { holderIdentity: 'n0', leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:00.000000Z' },
    });
    const stored = { ...created, metadata: { ...created.metadata, resourceVersion: '7', uid: 'lease-uid' } };
    const renewed = renewedLease(stored, 'n0', undefined, 40, T + 10_000);
    expect(renewed.metadata).toMatchObject({ resourceVersion: '7', uid: 'lease-uid', ownerReferences: created.metadata.ownerReferences });
    expect(renewed.spec.renewTime).toBe('2026-01-01T00:00:10.000000Z');
    expect(renewedLease(stored, 'n0', 'new-uid', 40, T).metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'n0', uid: 'new-uid' }]);
  });

  it('is created without an owner while the Node is unknown', () => {
    expect(renewedLease(undefined, 'n0', undefined, 40, T).metadata.ownerReferences).toBeUndefined();
  });
});
