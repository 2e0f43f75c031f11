import { assignedPodUpdatedPlugins, nodeUpdatedPlugins } from 'src/scheduler/cluster-events';
import { node, pod } from 'src/scheduler/framework/testing/fixtures';

describe('cluster events', () => {
  const n = node('n1');
  it.each([
    [
      'a heartbeat (conditions only) wakes nobody',
      { ...n, status: { ...n.status, conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2025-01-01T00:01:00Z' }] } },
      [],
    ],
    ['more allocatable', { ...n, status: { ...n.status, allocatable: { ...n.status.allocatable, cpu: '8' } } }, ['NodeResourcesFit']],
    [
      'new labels',
      { ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, disk: 'ssd' } } },
      ['InterPodAffinity', 'NodeAffinity', 'NodeName', 'PodTopologySpread'],
    ],
    ['an identical object', node('n1'), []],
    ['spec.unschedulable false is no change', { ...n, spec: { unschedulable: false } }, []],
  ])('node update: %s', (_name, cur, plugins) => {
    expect([...nodeUpdatedPlugins(n, cur)].sort()).toEqual(plugins);
  });

  it('node taint and cordon changes', () => {
    const tainted = node('n1', { taints: [{ key: 'k', effect: 'NoSchedule' }], unschedulable: true });
    expect([...nodeUpdatedPlugins(tainted, n)].sort()).toEqual(['NodeUnschedulable', 'PodTopologySpread', 'TaintToleration']);
  });

  it.each([
    ['a status update', (p: any) => ({ ...p, status: { phase: 'Running' } }), []],
    ['new labels', (p: any) => ({ ...p, metadata: { ...p.metadata, labels: { app: 'other' } } }), ['InterPodAffinity', 'PodTopologySpread']],
    [
      'smaller requests',
      (p: any) => ({ ...p, spec: { ...p.spec, containers: [{ ...p.spec.containers[0], resources: { requests: { cpu: '100m' } } }] } }),
      ['NodeResourcesFit'],
    ],
  ])('bound pod update: %s', (_name, change, plugins) => {
    const p = pod('web', { cpu: '1', nodeName: 'n1' });
    expect([...assignedPodUpdatedPlugins(p, change(p))].sort()).toEqual(plugins);
  });
});
