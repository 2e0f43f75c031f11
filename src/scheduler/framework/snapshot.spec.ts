import { node, pod, snapshotOf } from 'src/scheduler/framework/testing/fixtures';

const antiAffinity = {
  affinity: {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' }],
    },
  },
};

describe('Snapshot', () => {
  it('aggregates the requests of the pods on each node and updates them as pods come and go', () => {
    const s = snapshotOf([node('n1'), node('n2')], [pod('a', { cpu: '500m', memory: '1Gi', nodeName: 'n1' }), pod('b', { cpu: '250m', nodeName: 'n1' })]);
    const n1 = s.get('n1')!;
    expect(n1.requested).toMatchObject({ milliCPU: 750, memory: 1024 ** 3 });
    expect(n1.nonZeroMilliCPU).toBe(750);
    expect(n1.nonZeroMemory).toBe(1024 ** 3 + 200 * 1024 ** 2);
    s.removePod(pod('a', { nodeName: 'n1' }));
    expect(n1.requested.milliCPU).toBe(250);
    expect(n1.pods.size).toBe(1);
  });

  it('moves a pod when an update names another node, without counting it twice', () => {
    const s = snapshotOf([node('n1'), node('n2')], [pod('a', { cpu: '1', nodeName: 'n1' })]);
    s.addPod(pod('a', { cpu: '1', nodeName: 'n2' }));
    expect(s.get('n1')!.requested.milliCPU).toBe(0);
    expect(s.get('n2')!.requested.milliCPU).toBe(1000);
  });

  it('assumes a pod at once, keeps it when the binding is confirmed, forgets it when the binding fails', () => {
    const s = snapshotOf([node('n1')]);
    const p = pod('a', { cpu: '1' });
    s.assume(p, 'n1');
    expect(s.isAssumed(p.metadata.uid!)).toBe(true);
    expect(s.get('n1')!.requested.milliCPU).toBe(1000);
    s.addPod({ ...p, spec: { ...p.spec, nodeName: 'n1' } });
    expect(s.isAssumed(p.metadata.uid!)).toBe(false);
    s.forget(p.metadata.uid!);
    expect(s.get('n1')!.requested.milliCPU).toBe(1000);

    const q = pod('b', { cpu: '2' });
    s.assume(q, 'n1');
    s.forget(q.metadata.uid!);
    expect(s.get('n1')!.requested.milliCPU).toBe(1000);
  });

  it('keeps the pods of a deleted node, out of the node list, and gives them back when the node returns', () => {
    const s = snapshotOf([node('n1'), node('n2')], [pod('a', { cpu: '1', nodeName: 'n1' })]);
    s.removeNode('n1');
    expect(s.list().map((n) => n.name)).toEqual(['n2']);
    expect(s.get('n1')).toBeUndefined();
    s.setNode(node('n1'));
    expect(s.get('n1')!.requested.milliCPU).toBe(1000);
  });

  it('holds pods whose node it has not seen yet', () => {
    const s = snapshotOf([], [pod('a', { cpu: '1', nodeName: 'late' })]);
    expect(s.list()).toHaveLength(0);
    s.setNode(node('late'));
    expect(s.get('late')!.pods.size).toBe(1);
  });

  it('lists the nodes with pods carrying (anti-)affinity', () => {
    const s = snapshotOf([node('n1'), node('n2')], [pod('a', { nodeName: 'n1' }), pod('b', { nodeName: 'n2', spec: antiAffinity })]);
    expect(s.havePodsWithAffinity().map((n) => n.name)).toEqual(['n2']);
    expect(s.havePodsWithRequiredAntiAffinity().map((n) => n.name)).toEqual(['n2']);
    s.removePod(pod('b', { nodeName: 'n2' }));
    expect(s.havePodsWithRequiredAntiAffinity()).toEqual([]);
  });

  it('tracks host ports by protocol and IP', () => {
    const withPort = (name: string, hostPort: number, protocol?: string, hostIP?: string) =>
      pod(name, { nodeName: 'n1', spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort, protocol, hostIP }] }] } });
    const s = snapshotOf([node('n1')], [withPort('a', 8080), withPort('b', 53, 'UDP', '10.0.0.1')]);
    const n1 = s.get('n1')!;
    expect(n1.portConflict('0.0.0.0', 'TCP', 8080)).toBe(true);
    expect(n1.portConflict('10.0.0.2', 'TCP', 8080)).toBe(true);
    expect(n1.portConflict('0.0.0.0', 'UDP', 8080)).toBe(false);
    expect(n1.portConflict('0.0.0.0', 'UDP', 53)).toBe(true);
    expect(n1.portConflict('10.0.0.2', 'UDP', 53)).toBe(false);
    s.removePod(withPort('a', 8080));
    expect(n1.portConflict('0.0.0.0', 'TCP', 8080)).toBe(false);
  });
});
