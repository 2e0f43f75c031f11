import { missingNodes, terminatedToDelete, terminatingOutOfService, unscheduledTerminating } from 'src/controllers/podgc/podgc-plan';
import type { KubeObject } from 'src/registry/generic/object';

const pod = (name: string, phase: string, created: string, extra: { node?: string; deleting?: boolean; reason?: string } = {}): KubeObject => ({
  metadata: { name, namespace: 'default', creationTimestamp: created, ...(extra.deleting ? { deletionTimestamp: created } : {}) },
  spec: { nodeName: extra.node },
  status: { phase, reason: extra.reason },
});

describe('pod GC choices', () => {
  const pods = [
    pod('new-done', 'Succeeded', '2026-01-03T00:00:00Z'),
    pod('old-failed', 'Failed', '2026-01-01T00:00:00Z'),
    pod('evicted', 'Failed', '2026-01-04T00:00:00Z', { reason: 'Evicted' }),
    pod('running', 'Running', '2025-01-01T00:00:00Z'),
    pod('b-same-age', 'Succeeded', '2026-01-02T00:00:00Z'),
    pod('a-same-age', 'Succeeded', '2026-01-02T00:00:00Z'),
  ];

  it.each<[number, string[]]>([
    [5, []],
    [3, ['evicted', 'old-failed']],
    [1, ['evicted', 'old-failed', 'a-same-age', 'b-same-age']],
    [0, []],
  ])('with threshold %d deletes %j', (threshold, names) => {
    expect(terminatedToDelete(pods, threshold).map((p) => p.metadata.name)).toEqual(names);
  });

  it('finds terminating pods never scheduled', () => {
    const list = [pod('a', 'Pending', '2026-01-01T00:00:00Z', { deleting: true }), pod('b', 'Running', '2026-01-01T00:00:00Z', { deleting: true, node: 'n1' })];
    expect(unscheduledTerminating(list).map((p) => p.metadata.name)).toEqual(['a']);
  });

  it('finds terminating pods on not-ready out-of-service nodes', () => {
    const nodes: Record<string, KubeObject> = {
      oos: {
        metadata: { name: 'oos' },
        spec: { taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }] },
        status: { conditions: [{ type: 'Ready', status: 'False' }] },
      },
      fine: {
        metadata: { name: 'fine' },
        spec: { taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }] },
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      },
    };
    const list = [
      pod('x', 'Running', '2026-01-01T00:00:00Z', { deleting: true, node: 'oos' }),
      pod('y', 'Running', '2026-01-01T00:00:00Z', { node: 'oos' }),
      pod('z', 'Running', '2026-01-01T00:00:00Z', { deleting: true, node: 'fine' }),
    ];
    expect(terminatingOutOfService(list, (n) => nodes[n]).map((p) => p.metadata.name)).toEqual(['x']);
  });

  it('lists the nodes pods are bound to that are not cached', () => {
    const list = [pod('x', 'Running', '', { node: 'gone' }), pod('y', 'Running', '', { node: 'here' }), pod('z', 'Pending', '')];
    expect([...missingNodes(list, (n) => n === 'here')]).toEqual(['gone']);
  });
});
