import { podTopologySpreadScore } from 'src/scheduler/framework/plugins/pod-topology-spread-score';
import { node, pod, runScorePlugin, snapshotOf } from 'src/scheduler/framework/testing/fixtures';

const owner = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9c', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }];
const replicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-7d4b9c', namespace: 'default' },
  spec: { selector: { matchLabels: { app: 'web' } } },
};

describe('PodTopologySpread score', () => {
  const nodes = [node('n1'), node('n2'), node('n3')];
  const existing = [
    pod('w1', { nodeName: 'n1', labels: { app: 'web' } }),
    pod('w2', { nodeName: 'n1', labels: { app: 'web' } }),
    pod('w3', { nodeName: 'n2', labels: { app: 'web' } }),
    pod('db', { nodeName: 'n3', labels: { app: 'db' } }),
  ];
  const s = snapshotOf(nodes, existing);

  it.each([
    ['a bare pod has no soft constraints: skipped', pod('web', { labels: { app: 'web' } }), {}, null],
    [
      // weight ln(3+2); scores round(2w)=3, round(w)=2, 0 -> 100*(3+0-s)/3.
      'own ScheduleAnyway constraint by hostname',
      pod('web', {
        labels: { app: 'web' },
        spec: {
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } },
          ],
        },
      }),
      {},
      { n1: 0, n2: 33, n3: 100 },
    ],
    [
      // system defaults: hostname maxSkew 3 -> 2w+2=5, w+2=4 (3.6), 2; zone absent on every node. 100*(5+2-s)/5.
      'system default constraints for a ReplicaSet pod',
      pod('web-7d4b9c-x', { labels: { app: 'web' }, ownerReferences: owner }),
      { controller: (kind: string, _ns: string, name: string) => (kind === 'ReplicaSet' && name === 'web-7d4b9c' ? replicaSet : undefined) },
      { n1: 40, n2: 60, n3: 100 },
    ],
    [
      'system default constraints for a pod selected by a Service',
      pod('web', { labels: { app: 'web' } }),
      { services: () => [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' } } }] },
      { n1: 40, n2: 60, n3: 100 },
    ],
    [
      'a Service not selecting the pod does not apply',
      pod('web', { labels: { app: 'web' } }),
      { services: () => [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'default' }, spec: { selector: { app: 'db' } } }] },
      null,
    ],
  ])('%s', (_name, p, listers, expected) => {
    expect(runScorePlugin(podTopologySpreadScore, p, s, listers as any)).toEqual(expected);
  });

  it('gives 0 to nodes missing a key of the pod’s own constraints and spreads the rest by zone', () => {
    const ZONE = 'topology.kubernetes.io/zone';
    const zoned = snapshotOf(
      [node('a1', { labels: { [ZONE]: 'a' } }), node('a2', { labels: { [ZONE]: 'a' } }), node('b1', { labels: { [ZONE]: 'b' } }), node('nozone')],
      [pod('w1', { nodeName: 'a1', labels: { app: 'web' } }), pod('w2', { nodeName: 'nozone', labels: { app: 'web' } })],
    );
    const p = pod('web', {
      labels: { app: 'web' },
      spec: {
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }],
      },
    });
    // zones a (1 pod) and b (0): weight ln(4); a scores round(1.386)=1, b 0 -> a: 100*(1+0-1)/1 = 0, b: 100.
    expect(runScorePlugin(podTopologySpreadScore, p, zoned)).toEqual({ a1: 0, a2: 0, b1: 100, nozone: 0 });
  });
});
