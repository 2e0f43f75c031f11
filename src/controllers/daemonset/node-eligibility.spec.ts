import type { KubeObject } from 'src/registry/generic/object';
import type { Taint } from 'src/controllers/common/nodes';
import type { Toleration } from 'src/controllers/common/tolerations';
import {
  addDaemonPodTolerations,
  nodeShouldRunDaemonPod,
  pinToNode,
  requiredNodeAffinityMatches,
  targetNodeName,
} from 'src/controllers/daemonset/node-eligibility';

function node(name: string, labels: Record<string, string> = {}, taints: Taint[] = []): KubeObject {
  return { metadata: { name, labels }, spec: { taints } };
}

function ds(spec: Record<string, any> = {}): KubeObject {
  return { metadata: { name: 'agent', namespace: 'ns' }, spec: { template: { spec: { containers: [{ name: 'c' }], ...spec } } } };
}

describe('requiredNodeAffinityMatches', () => {
  const n = node('n1', { zone: 'a', size: '4' });
  const required = (...terms: unknown[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });
  it.each<[string, Record<string, any>, boolean]>([
    ['no constraints', {}, true],
    ['a matching nodeSelector', { nodeSelector: { zone: 'a' } }, true],
    ['a nodeSelector on a missing label', { nodeSelector: { disk: 'ssd' } }, false],
    ['In', required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }), true],
    ['NotIn on a missing label', required({ matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['ssd'] }] }), true],
    ['DoesNotExist on a present label', required({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }), false],
    ['Gt', required({ matchExpressions: [{ key: 'size', operator: 'Gt', values: ['3'] }] }), true],
    ['Lt', required({ matchExpressions: [{ key: 'size', operator: 'Lt', values: ['3'] }] }), false],
    [
      'terms are ORed',
      required(
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] },
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] },
      ),
      true,
    ],
    ['an empty term matches nothing', required({}), false],
    ['matchFields on another node', required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }), false],
    [
      'nodeSelector and affinity must both match',
      { nodeSelector: { zone: 'b' }, ...required({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }) },
      false,
    ],
  ])('%s', (_, spec, want) => {
    expect(requiredNodeAffinityMatches(spec, n)).toBe(want);
  });
});

describe('nodeShouldRunDaemonPod', () => {
  it.each<[string, KubeObject, KubeObject, { shouldRun: boolean; shouldContinueRunning: boolean }]>([
    ['an untainted node', node('n'), ds(), { shouldRun: true, shouldContinueRunning: true }],
    [
      'a NoSchedule taint without toleration: no new pod, the old one stays',
      node('n', {}, [{ key: 'dedicated', effect: 'NoSchedule' }]),
      ds(),
      { shouldRun: false, shouldContinueRunning: true },
    ],
    [
      'a NoExecute taint without toleration evicts',
      node('n', {}, [{ key: 'x', effect: 'NoExecute' }]),
      ds(),
      { shouldRun: false, shouldContinueRunning: false },
    ],
    [
      'a PreferNoSchedule taint does not matter',
      node('n', {}, [{ key: 'x', effect: 'PreferNoSchedule' }]),
      ds(),
      { shouldRun: true, shouldContinueRunning: true },
    ],
    [
      'a tolerated taint',
      node('n', {}, [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]),
      ds({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db' }] }),
      { shouldRun: true, shouldContinueRunning: true },
    ],
    [
      'daemon pods tolerate an unschedulable node',
      node('n', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]),
      ds(),
      { shouldRun: true, shouldContinueRunning: true },
    ],
    [
      'daemon pods tolerate a not-ready node',
      node('n', {}, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]),
      ds(),
      { shouldRun: true, shouldContinueRunning: true },
    ],
    [
      'network-unavailable is tolerated only with hostNetwork',
      node('n', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]),
      ds(),
      { shouldRun: false, shouldContinueRunning: true },
    ],
    [
      'network-unavailable with hostNetwork',
      node('n', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]),
      ds({ hostNetwork: true }),
      { shouldRun: true, shouldContinueRunning: true },
    ],
    [
      'a nodeSelector that does not match',
      node('n', { role: 'web' }),
      ds({ nodeSelector: { role: 'db' } }),
      { shouldRun: false, shouldContinueRunning: false },
    ],
    ['a template pinned to another node', node('n'), ds({ nodeName: 'other' }), { shouldRun: false, shouldContinueRunning: false }],
  ])('%s', (_, n, d, want) => {
    expect(nodeShouldRunDaemonPod(n, d)).toEqual(want);
  });
});

describe('daemon pod shaping', () => {
  it('adds the daemon tolerations once, replacing an equal one', () => {
    const spec: Record<string, any> = { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }] };
    addDaemonPodTolerations(spec);
    addDaemonPodTolerations(spec);
    expect(spec.tolerations.map((t: Toleration) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
  });

  it('pins a pod to its node, replacing required terms and keeping preferred ones', () => {
    const preferred = [{ weight: 1, preference: { matchExpressions: [{ key: 'a', operator: 'Exists' }] } }];
    const spec: Record<string, any> = {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] },
          preferredDuringSchedulingIgnoredDuringExecution: preferred,
        },
      },
    };
    pinToNode(spec, 'n7');
    expect(spec.affinity.nodeAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n7'] }] }] },
      preferredDuringSchedulingIgnoredDuringExecution: preferred,
    });
    expect(targetNodeName({ metadata: {}, spec })).toBe('n7');
    expect(targetNodeName({ metadata: {}, spec: { ...spec, nodeName: 'bound' } })).toBe('bound');
    expect(targetNodeName({ metadata: {}, spec: {} })).toBeUndefined();
  });
});
