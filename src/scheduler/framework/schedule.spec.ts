import { numFeasibleNodesToFind, schedulePod } from 'src/scheduler/framework/schedule';
import { node, pod, snapshotOf } from 'src/scheduler/framework/testing/fixtures';

const gpuTaint = { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] };
const onNode = (name: string, nodeName: string, cpu: string, priority = 0) => pod(name, { nodeName, cpu, priority });
const daemonSetPod = (target: string) =>
  pod('ds-x', {
    cpu: '1',
    spec: {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [target] }] }],
          },
        },
      },
    },
  });

const antiAffinity = {
  affinity: {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }],
    },
  },
};

describe('schedulePod failure messages', () => {
  it.each([
    [
      'every node short of cpu, nothing to preempt',
      [node('n1', { cpu: '1' }), node('n2', { cpu: '1' }), node('n3', { cpu: '1' })],
      [onNode('f1', 'n1', '500m'), onNode('f2', 'n2', '500m'), onNode('f3', 'n3', '500m')],
      pod('big', { cpu: '800m', priority: 0 }),
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    ],
    [
      'a control-plane taint',
      [node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] })],
      [],
      pod('web'),
      '0/1 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    ],
    [
      'taints and cpu; the first failing plugin gives each node its reason',
      [
        node('g1', { cpu: '1', ...gpuTaint }),
        node('g2', { cpu: '1', ...gpuTaint }),
        node('c1', { cpu: '1' }),
        node('c2', { cpu: '1' }),
        node('c3', { cpu: '1' }),
      ],
      ['g1', 'g2', 'c1', 'c2', 'c3'].map((n) => onNode(`f-${n}`, n, '500m')),
      pod('big', { cpu: '800m' }),
      '0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, 3 Insufficient cpu. preemption: 0/5 nodes are available: 2 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
    ],
    [
      'more than any node has: preemption cannot help',
      [node('n1'), node('n2')],
      [],
      pod('huge', { cpu: '64' }),
      '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    ],
    [
      'preemptionPolicy Never',
      [node('n1', { cpu: '1' })],
      [],
      pod('big', { cpu: '2', spec: { preemptionPolicy: 'Never' } }),
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
    ],
    [
      'lower-priority pods whose removal would not be enough',
      [node('n1', { cpu: '2' })],
      [onNode('low', 'n1', '500m', 0), onNode('high', 'n1', '1', 1000)],
      pod('urgent', { cpu: '1500m', priority: 500 }),
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu.',
    ],
    [
      'a DaemonSet pod whose node is full',
      [node('n1', { cpu: '1' }), node('n2'), node('n3')],
      [onNode('busy', 'n1', '1')],
      daemonSetPod('n1'),
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    ],
    [
      'a DaemonSet pod for a node that does not exist',
      [node('n1'), node('n2')],
      [],
      daemonSetPod('gone'),
      "0/2 nodes are available: 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    ],
    [
      'conflicting node-name terms fail at PreFilter',
      [node('n1'), node('n2')],
      [],
      pod('x', {
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  {
                    matchFields: [
                      { key: 'metadata.name', operator: 'In', values: ['n1'] },
                      { key: 'metadata.name', operator: 'In', values: ['n2'] },
                    ],
                  },
                ],
              },
            },
          },
        },
      }),
      '0/2 nodes are available: pod affinity terms conflict. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    ],
    [
      'required anti-affinity against a pod of equal priority',
      [node('n1')],
      [pod('w1', { nodeName: 'n1', labels: { app: 'web' } })],
      pod('web', { labels: { app: 'web' }, spec: antiAffinity }),
      "0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
    ],
    [
      'required anti-affinity against a lower-priority pod: evicting it would help, so no preemption message',
      [node('n1')],
      [pod('w1', { nodeName: 'n1', labels: { app: 'web' }, priority: 0 })],
      pod('web', { labels: { app: 'web' }, priority: 100, spec: antiAffinity }),
      "0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.",
    ],
    ['no nodes at all', [], [], pod('web'), 'no nodes available to schedule pods'],
  ])('%s', (_name, nodes, pods, p, message) => {
    const result = schedulePod(p, snapshotOf(nodes, pods));
    expect(result).toEqual(expect.objectContaining({ unschedulable: message }));
  });

  it('names the rejecting plugins', () => {
    const result = schedulePod(pod('big', { cpu: '2' }), snapshotOf([node('g1', { cpu: '1', ...gpuTaint }), node('c1', { cpu: '1' })]));
    expect(result).toEqual(expect.objectContaining({ plugins: ['NodeResourcesFit', 'TaintToleration'] }));
  });

  it('prints no preemption message when evicting lower-priority pods would make room (kubepg does not preempt)', () => {
    const s = snapshotOf([node('n1', { cpu: '2' })], [onNode('low', 'n1', '1500m', 0)]);
    expect(schedulePod(pod('urgent', { cpu: '1', priority: 1000 }), s)).toEqual(
      expect.objectContaining({ unschedulable: '0/1 nodes are available: 1 Insufficient cpu.' }),
    );
  });
});

describe('schedulePod choice', () => {
  it('adds the weighted plugin scores and picks the highest total', () => {
    // "soft" is emptier (LeastAllocated, weight 1) but carries a PreferNoSchedule taint (weight 3).
    const s = snapshotOf([node('soft', { taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }] }), node('busy')], [onNode('a', 'busy', '3')]);
    expect(schedulePod(pod('web', { cpu: '100m' }), s)).toMatchObject({ node: 'busy' });
    const tolerating = pod('web', { cpu: '100m', spec: { tolerations: [{ key: 'spot', operator: 'Exists' }] } });
    expect(schedulePod(tolerating, s)).toMatchObject({ node: 'soft' });
  });

  it('breaks ties with the injected random choice among the best nodes only', () => {
    const s = snapshotOf([node('a'), node('b'), node('c'), node('full', { cpu: '8' })], [onNode('x', 'full', '7')]);
    const picks = [0, 0.34, 0.67, 0.99].map((r) => (schedulePod(pod('web', { cpu: '1' }), s, { random: () => r }) as { node: string }).node);
    expect(picks).toEqual(['a', 'b', 'c', 'c']);
  });

  it('evaluates only enough nodes on big clusters, from a rotating start', () => {
    expect([50, 150, 1000, 5000, 10000].map((n) => numFeasibleNodesToFind(0, n))).toEqual([50, 100, 420, 500, 500]);
    expect(numFeasibleNodesToFind(100, 1000)).toBe(1000);
    const s = snapshotOf(Array.from({ length: 200 }, (_, i) => node(`n${i}`)));
    const first = schedulePod(pod('web'), s) as { evaluatedNodes: number };
    expect(first.evaluatedNodes).toBe(100);
    expect(s.nextStartNodeIndex).toBe(100);
  });

  it('places 1,000 pods on 1,000 nodes, spread (no node gets more than 2)', () => {
    const s = snapshotOf(Array.from({ length: 1000 }, (_, i) => node(`node-${i}`, { labels: { 'topology.kubernetes.io/zone': `zone-${i % 3}` } })));
    for (let i = 0; i < 1000; i++) {
      const p = pod(`web-${i}`, {
        cpu: '100m',
        memory: '128Mi',
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs', controller: true }],
      });
      const result = schedulePod(p, s, {
        listers: { controller: () => ({ metadata: { name: 'web-1' }, spec: { selector: { matchLabels: { app: 'web' } } } }) },
      });
      if (!('node' in result)) {
        throw new Error(result.unschedulable);
      }
      s.assume(p, result.node);
    }
    const perNode = s.list().map((n) => n.pods.size);
    expect(perNode.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(Math.max(...perNode)).toBeLessThanOrEqual(2);
  });
});
