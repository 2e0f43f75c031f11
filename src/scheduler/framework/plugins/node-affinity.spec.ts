import { nodeAffinityFilter, nodeAffinityScore } from 'src/scheduler/framework/plugins/node-affinity';
import { cycleFor, node, pod, runFilterPlugin, runScorePlugin, snapshotOf } from 'src/scheduler/framework/testing/fixtures';

const ZONE = 'topology.kubernetes.io/zone';
const required = (...terms: Record<string, unknown>[]) => ({
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } },
});
const mismatch = { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"], plugin: 'NodeAffinity' };

describe('NodeAffinity filter', () => {
  const s = snapshotOf([
    node('a-ssd', { labels: { [ZONE]: 'a', disk: 'ssd' } }),
    node('a-hdd', { labels: { [ZONE]: 'a', disk: 'hdd' } }),
    node('b-ssd', { labels: { [ZONE]: 'b', disk: 'ssd' } }),
  ]);
  it.each([
    ['no selector, no affinity: skipped', pod('web'), 'skip'],
    ['nodeSelector', pod('web', { spec: { nodeSelector: { disk: 'ssd' } } }), { 'a-ssd': 'ok', 'a-hdd': mismatch, 'b-ssd': 'ok' }],
    [
      'terms are ORed, expressions ANDed',
      pod('web', {
        spec: required(
          {
            matchExpressions: [
              { key: ZONE, operator: 'In', values: ['a'] },
              { key: 'disk', operator: 'NotIn', values: ['ssd'] },
            ],
          },
          { matchExpressions: [{ key: ZONE, operator: 'In', values: ['b'] }] },
        ),
      }),
      { 'a-ssd': mismatch, 'a-hdd': 'ok', 'b-ssd': 'ok' },
    ],
    [
      'nodeSelector AND affinity',
      pod('web', { spec: { nodeSelector: { disk: 'ssd' }, ...required({ matchExpressions: [{ key: ZONE, operator: 'In', values: ['a'] }] }) } }),
      { 'a-ssd': 'ok', 'a-hdd': mismatch, 'b-ssd': mismatch },
    ],
    [
      'DoesNotExist',
      pod('web', { spec: required({ matchExpressions: [{ key: 'disk', operator: 'DoesNotExist' }] }) }),
      { 'a-ssd': mismatch, 'a-hdd': mismatch, 'b-ssd': mismatch },
    ],
    [
      'terms naming no common node conflict at PreFilter',
      pod('web', {
        spec: required({
          matchFields: [
            { key: 'metadata.name', operator: 'In', values: ['a-ssd'] },
            { key: 'metadata.name', operator: 'In', values: ['b-ssd'] },
          ],
        }),
      }),
      { code: 'UnschedulableAndUnresolvable', reasons: ['pod affinity terms conflict'], plugin: 'NodeAffinity' },
    ],
  ])('%s', (_name, p, expected) => {
    expect(runFilterPlugin(nodeAffinityFilter, p, s)).toEqual(expected);
  });

  it('narrows the candidates to the nodes named by matchFields (a DaemonSet pod)', () => {
    const ds = pod('ds', { spec: required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b-ssd'] }] }) });
    const result = nodeAffinityFilter.preFilter(cycleFor(ds, s));
    expect(result && 'filter' in result ? result.nodeNames : undefined).toEqual(['b-ssd']);
  });
});

describe('NodeAffinity score', () => {
  const s = snapshotOf([
    node('a-ssd', { labels: { [ZONE]: 'a', disk: 'ssd' } }),
    node('a-hdd', { labels: { [ZONE]: 'a' } }),
    node('b', { labels: { [ZONE]: 'b' } }),
  ]);
  const preferred = {
    affinity: {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 10, preference: { matchExpressions: [{ key: ZONE, operator: 'In', values: ['a'] }] } },
          { weight: 5, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
        ],
      },
    },
  };
  it.each([
    ['no preferred terms: skipped', pod('web'), null],
    ['matching weights summed, scaled to the best node', pod('web', { spec: preferred }), { 'a-ssd': 100, 'a-hdd': 66, b: 0 }],
  ])('%s', (_name, p, expected) => {
    expect(runScorePlugin(nodeAffinityScore, p, s)).toEqual(expected);
  });
});
