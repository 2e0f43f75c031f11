import { interPodAffinityScore } from 'src/scheduler/framework/plugins/inter-pod-affinity-score';
import { node, pod, runScorePlugin, snapshotOf } from 'src/scheduler/framework/testing/fixtures';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const weighted = (weight: number, labels: Record<string, string>, topologyKey: string) => ({
  weight,
  podAffinityTerm: { labelSelector: { matchLabels: labels }, topologyKey },
});

describe('InterPodAffinity score', () => {
  const nodes = [node('a1', { labels: { [ZONE]: 'a' } }), node('a2', { labels: { [ZONE]: 'a' } }), node('b1', { labels: { [ZONE]: 'b' } })];
  const existing = [pod('db', { nodeName: 'a1', labels: { app: 'db' } }), pod('cache', { nodeName: 'a2', labels: { app: 'cache' } })];

  it.each([
    ['no preferred terms anywhere: skipped', existing, pod('web'), null],
    [
      'preferred affinity rewards the zone of matching pods',
      existing,
      pod('web', { spec: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(10, { app: 'db' }, ZONE)] } } } }),
      { a1: 100, a2: 100, b1: 0 },
    ],
    [
      'preferred anti-affinity subtracts its weight',
      existing,
      pod('web', {
        spec: {
          affinity: {
            podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(10, { app: 'db' }, ZONE)] },
            podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, { app: 'cache' }, HOST)] },
          },
        },
      }),
      { a1: 100, a2: 50, b1: 0 },
    ],
    [
      'existing pods’ required affinity to the incoming pod counts with weight 1',
      [
        pod('sidecar', {
          nodeName: 'b1',
          labels: { app: 'agent' },
          spec: {
            affinity: {
              podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: HOST }] },
            },
          },
        }),
      ],
      pod('web', { labels: { app: 'web' } }),
      { a1: 0, a2: 0, b1: 100 },
    ],
  ])('%s', (_name, pods, p, expected) => {
    expect(runScorePlugin(interPodAffinityScore, p, snapshotOf(nodes, pods))).toEqual(expected);
  });
});
