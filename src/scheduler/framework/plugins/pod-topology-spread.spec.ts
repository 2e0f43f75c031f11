import { podTopologySpreadFilter } from 'src/scheduler/framework/plugins/pod-topology-spread';
import { node, pod, runFilterPlugin, snapshotOf } from 'src/scheduler/framework/testing/fixtures';

const ZONE = 'topology.kubernetes.io/zone';
const spread = (extra: Record<string, unknown> = {}) => ({
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, ...extra }],
});
const skewed = { code: 'Unschedulable', reasons: ["node(s) didn't match pod topology spread constraints"], plugin: 'PodTopologySpread' };
const missing = {
  code: 'UnschedulableAndUnresolvable',
  reasons: ["node(s) didn't match pod topology spread constraints (missing required label)"],
  plugin: 'PodTopologySpread',
};

describe('PodTopologySpread filter', () => {
  const nodes = [node('a1', { labels: { [ZONE]: 'a' } }), node('a2', { labels: { [ZONE]: 'a' } }), node('b1', { labels: { [ZONE]: 'b' } }), node('nozone')];
  const web = (name: string, nodeName: string, ns = 'default') => pod(name, { nodeName, namespace: ns, labels: { app: 'web' } });

  it.each([
    ['no constraints (the system defaults are soft): skipped', [web('w1', 'a1')], pod('web'), 'skip'],
    [
      'zone a has 2, zone b 0: only b keeps the skew within 1',
      [web('w1', 'a1'), web('w2', 'a2')],
      pod('web', { spec: spread() }),
      { a1: skewed, a2: skewed, b1: 'ok', nozone: missing },
    ],
    ['1 and 1: either zone', [web('w1', 'a1'), web('w2', 'b1')], pod('web', { spec: spread() }), { a1: 'ok', a2: 'ok', b1: 'ok', nozone: missing }],
    [
      'minDomains above the domain count makes the global minimum 0',
      [web('w1', 'a1'), web('w2', 'b1')],
      pod('web', { spec: spread({ minDomains: 3 }) }),
      { a1: skewed, a2: skewed, b1: skewed, nozone: missing },
    ],
    [
      'pods of other namespaces do not count',
      [web('w1', 'a1', 'other'), web('w2', 'a2', 'other')],
      pod('web', { spec: spread() }),
      { a1: 'ok', a2: 'ok', b1: 'ok', nozone: missing },
    ],
    [
      'a pod its own selector does not match adds nothing',
      [web('w1', 'a1')],
      pod('api', { labels: { app: 'api' }, spec: spread() }),
      { a1: 'ok', a2: 'ok', b1: 'ok', nozone: missing },
    ],
    [
      'matchLabelKeys narrows the selector to the pod revision',
      [
        pod('old', { nodeName: 'a1', labels: { app: 'web', 'pod-template-hash': 'v1' } }),
        pod('old2', { nodeName: 'a2', labels: { app: 'web', 'pod-template-hash': 'v1' } }),
      ],
      pod('new', { labels: { app: 'web', 'pod-template-hash': 'v2' }, spec: spread({ matchLabelKeys: ['pod-template-hash'] }) }),
      { a1: 'ok', a2: 'ok', b1: 'ok', nozone: missing },
    ],
  ])('%s', (_name, existing, p, expected) => {
    expect(runFilterPlugin(podTopologySpreadFilter, p, snapshotOf(nodes, existing))).toEqual(expected);
  });

  it('honors node affinity when counting domains (nodeAffinityPolicy Honor)', () => {
    // Only zone a counts: its own count is the global minimum, so one more pod there stays within the skew.
    const p = pod('web', { spec: { ...spread(), nodeSelector: { [ZONE]: 'a' } } });
    const s = snapshotOf(nodes, [web('w1', 'a1')]);
    expect(runFilterPlugin(podTopologySpreadFilter, p, s)).toMatchObject({ a1: 'ok', a2: 'ok' });
    const ignoring = pod('web', { spec: { ...spread({ nodeAffinityPolicy: 'Ignore' }), nodeSelector: { [ZONE]: 'a' } } });
    expect(runFilterPlugin(podTopologySpreadFilter, ignoring, s)).toMatchObject({ a1: skewed, a2: skewed });
  });
});
