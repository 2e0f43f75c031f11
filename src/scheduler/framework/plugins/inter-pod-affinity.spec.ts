import { interPodAffinityFilter } from 'src/scheduler/framework/plugins/inter-pod-affinity';
import { node, pod, runFilterPlugin, snapshotOf } from 'src/scheduler/framework/testing/fixtures';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const term = (labels: Record<string, string>, topologyKey: string, extra: Record<string, unknown> = {}) => ({
  labelSelector: { matchLabels: labels },
  topologyKey,
  ...extra,
});
const affinity = (...terms: unknown[]) => ({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } } });
const antiAffinity = (...terms: unknown[]) => ({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } } });
const status = (code: string, reason: string) => ({ code, reasons: [reason], plugin: 'InterPodAffinity' });
const AFFINITY = status('UnschedulableAndUnresolvable', "node(s) didn't match pod affinity rules");
const ANTI = status('Unschedulable', "node(s) didn't match pod anti-affinity rules");
const EXISTING = status('Unschedulable', "node(s) didn't satisfy existing pods anti-affinity rules");

describe('InterPodAffinity filter', () => {
  const nodes = [node('a1', { labels: { [ZONE]: 'a' } }), node('a2', { labels: { [ZONE]: 'a' } }), node('b1', { labels: { [ZONE]: 'b' } }), node('nozone')];

  it.each([
    ['no terms and no anti-affinity anywhere: skipped', [pod('db', { nodeName: 'a1', labels: { app: 'db' } })], pod('web'), 'skip'],
    [
      'affinity to db by zone: the zone of a db pod, and every node needs the key',
      [pod('db', { nodeName: 'a1', labels: { app: 'db' } })],
      pod('web', { spec: affinity(term({ app: 'db' }, ZONE)) }),
      { a1: 'ok', a2: 'ok', b1: AFFINITY, nozone: AFFINITY },
    ],
    [
      'the first pod of a group with affinity to itself may start anywhere with the key',
      [],
      pod('web', { labels: { app: 'web' }, spec: affinity(term({ app: 'web' }, ZONE)) }),
      { a1: 'ok', a2: 'ok', b1: 'ok', nozone: AFFINITY },
    ],
    [
      'affinity counts only the term namespaces (the pod’s own by default)',
      [pod('db', { nodeName: 'a1', namespace: 'data', labels: { app: 'db' } })],
      pod('web', { spec: affinity(term({ app: 'db' }, ZONE)) }),
      { a1: AFFINITY, a2: AFFINITY, b1: AFFINITY, nozone: AFFINITY },
    ],
    [
      'explicit namespaces',
      [pod('db', { nodeName: 'b1', namespace: 'data', labels: { app: 'db' } })],
      pod('web', { spec: affinity(term({ app: 'db' }, ZONE, { namespaces: ['data'] })) }),
      { a1: AFFINITY, a2: AFFINITY, b1: 'ok', nozone: AFFINITY },
    ],
    [
      'an empty namespaceSelector means every namespace',
      [pod('db', { nodeName: 'b1', namespace: 'data', labels: { app: 'db' } })],
      pod('web', { spec: affinity(term({ app: 'db' }, ZONE, { namespaceSelector: {} })) }),
      { a1: AFFINITY, a2: AFFINITY, b1: 'ok', nozone: AFFINITY },
    ],
    [
      'anti-affinity by hostname keeps replicas apart',
      [pod('w1', { nodeName: 'a1', labels: { app: 'web' } })],
      pod('web', { labels: { app: 'web' }, spec: antiAffinity(term({ app: 'web' }, HOST)) }),
      { a1: ANTI, a2: 'ok', b1: 'ok', nozone: 'ok' },
    ],
    [
      'an existing pod’s anti-affinity repels the incoming pod from its whole zone',
      [pod('loner', { nodeName: 'a1', labels: { app: 'loner' }, spec: antiAffinity(term({ app: 'web' }, ZONE)) })],
      pod('web', { labels: { app: 'web' } }),
      { a1: EXISTING, a2: EXISTING, b1: 'ok', nozone: 'ok' },
    ],
  ])('%s', (_name, existing, p, expected) => {
    expect(runFilterPlugin(interPodAffinityFilter, p, snapshotOf(nodes, existing))).toEqual(expected);
  });

  it('matches a namespaceSelector against namespace labels', () => {
    const s = snapshotOf(nodes, [pod('db', { nodeName: 'b1', namespace: 'data', labels: { app: 'db' } })]);
    const p = pod('web', { spec: affinity(term({ app: 'db' }, ZONE, { namespaceSelector: { matchLabels: { team: 'storage' } } })) });
    const listers = { namespaceLabels: (ns: string): Record<string, string> => (ns === 'data' ? { team: 'storage' } : {}) };
    expect(runFilterPlugin(interPodAffinityFilter, p, s, listers)).toMatchObject({ a1: AFFINITY, b1: 'ok' });
    expect(runFilterPlugin(interPodAffinityFilter, p, s)).toMatchObject({ b1: AFFINITY });
  });
});
