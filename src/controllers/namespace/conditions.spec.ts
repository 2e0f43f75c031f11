import { deletionConditions, mergeConditions, type DeletionReport, type NamespaceCondition } from 'src/controllers/namespace/conditions';
import { podGraceEstimate, remainingVerdict } from 'src/controllers/namespace/content-deleter';
import type { KubeObject } from 'src/registry/generic/object';

const empty = (): DeletionReport => ({ contentErrors: [], remainingByResource: new Map(), remainingByFinalizer: new Map() });

const OK: NamespaceCondition[] = [
  { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  { type: 'NamespaceDeletionContentFailure', status: 'False', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  { type: 'NamespaceContentRemaining', status: 'False', reason: 'ContentRemoved', message: 'All content successfully removed' },
  { type: 'NamespaceFinalizersRemaining', status: 'False', reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
];

/** OK with some conditions replaced. */
function okExcept(...over: NamespaceCondition[]): NamespaceCondition[] {
  return OK.map((c) => over.find((o) => o.type === c.type) ?? c);
}

describe('deletionConditions', () => {
  const cases: { name: string; report: DeletionReport; want: NamespaceCondition[] }[] = [
    { name: 'everything fine', report: empty(), want: OK },
    {
      name: 'resources and finalizers remain (sorted)',
      report: {
        ...empty(),
        remainingByResource: new Map([
          ['pods.', 2],
          ['deployments.apps', 1],
        ]),
        remainingByFinalizer: new Map([
          ['example.com/b', 1],
          ['example.com/a', 2],
        ]),
      },
      want: okExcept(
        { type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances' },
        {
          type: 'NamespaceFinalizersRemaining',
          status: 'True',
          reason: 'SomeFinalizersRemain',
          message: 'Some content in the namespace has finalizers remaining: example.com/a in 2 resource instances, example.com/b in 1 resource instances',
        },
      ),
    },
    {
      name: 'content deletion errors are counted and sorted',
      report: { ...empty(), contentErrors: ['z failed', 'a failed'] },
      want: okExcept({ type: 'NamespaceDeletionContentFailure', status: 'True', reason: 'ContentDeletionFailed', message: 'Failed to delete all resource types, 2 remaining: a failed, z failed' }),
    },
    {
      name: 'some groups failed discovery',
      report: { ...empty(), failedGroups: new Map([['metrics.k8s.io/v1beta1', 'the server is currently unable to handle the request']]) },
      want: okExcept({
        type: 'NamespaceDeletionDiscoveryFailure',
        status: 'True',
        reason: 'DiscoveryFailed',
        message: 'Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request',
      }),
    },
    {
      name: 'discovery failed outright',
      report: { ...empty(), discoveryError: 'connect ECONNREFUSED' },
      want: okExcept({ type: 'NamespaceDeletionDiscoveryFailure', status: 'True', reason: 'DiscoveryFailed', message: 'connect ECONNREFUSED' }),
    },
    {
      name: 'a group version that does not parse',
      report: { ...empty(), groupVersionError: 'unexpected GroupVersion string: a/b/c' },
      want: okExcept({ type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'True', reason: 'GroupVersionParsingFailed', message: 'unexpected GroupVersion string: a/b/c' }),
    },
  ];
  test.each(cases)('$name', ({ report, want }) => {
    expect(deletionConditions(report)).toEqual(want);
  });
});

describe('mergeConditions', () => {
  const T0 = '2026-01-01T00:00:00Z';
  const T1 = '2026-01-01T00:01:00Z';
  const stamped = (cs: NamespaceCondition[], t: string) => cs.map((c) => ({ type: c.type, status: c.status, lastTransitionTime: t, reason: c.reason, message: c.message }));

  test('appends all five the first time, keeping foreign conditions', () => {
    const foreign = { type: 'Other', status: 'True' as const };
    const { conditions, changed } = mergeConditions([foreign], OK, T0);
    expect(changed).toBe(true);
    expect(conditions).toEqual([foreign, ...stamped(OK, T0)]);
  });

  test('unchanged conditions are not rewritten', () => {
    expect(mergeConditions(stamped(OK, T0), OK, T1)).toEqual({ conditions: stamped(OK, T0), changed: false });
  });

  test('a message change keeps lastTransitionTime, a status flip moves it', () => {
    const before = stamped(
      okExcept({ type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 2 resource instances' }),
      T0,
    );
    const fewer = okExcept({ type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 1 resource instances' });
    const r1 = mergeConditions(before, fewer, T1);
    expect(r1.changed).toBe(true);
    expect(r1.conditions[3]).toEqual({ ...fewer[3], lastTransitionTime: T0 });
    const r2 = mergeConditions(r1.conditions, OK, T1);
    expect(r2.conditions[3]).toEqual({ ...OK[3], lastTransitionTime: T1 });
  });
});

describe('content verdicts', () => {
  const pod = (grace: number | undefined, phase = 'Running'): KubeObject => ({ metadata: { name: 'p' }, spec: { terminationGracePeriodSeconds: grace }, status: { phase } });
  const deletedAt = '2026-01-01T00:00:00Z';
  test.each([
    { name: 'longest grace of live pods', pods: [pod(30), pod(60), pod(90, 'Succeeded')], secondsLater: 10, want: 60 },
    { name: 'zero once that long has passed', pods: [pod(30)], secondsLater: 30, want: 0 },
    { name: 'no grace periods', pods: [pod(undefined)], secondsLater: 0, want: 0 },
  ])('podGraceEstimate: $name', ({ pods, secondsLater, want }) => {
    expect(podGraceEstimate(pods, deletedAt, new Date(Date.parse(deletedAt) + secondsLater * 1000))).toBe(want);
  });

  const pods = { group: '', version: 'v1', apiVersion: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, verbs: [] };
  const item = (finalizers?: string[]): KubeObject => ({ metadata: { name: 'x', ...(finalizers ? { finalizers } : {}) } });
  test.each([
    { name: 'nothing left', items: [], estimate: 30, want: { estimate: 0, remaining: 0, finalizers: new Map() } },
    { name: 'waiting on grace', items: [item()], estimate: 30, want: { estimate: 30, remaining: 1, finalizers: new Map() } },
    { name: 'waiting on finalizers: 15 s', items: [item(['f']), item(['f', 'g'])], estimate: 0, want: { estimate: 15, remaining: 2, finalizers: new Map([['f', 2], ['g', 1]]) } },
    {
      name: 'left for no reason: an error',
      items: [item()],
      estimate: 0,
      want: { estimate: 0, remaining: 1, finalizers: new Map(), error: 'unexpected items still remain in namespace: ns for gvr: /v1, Resource=pods' },
    },
  ])('remainingVerdict: $name', ({ items, estimate, want }) => {
    expect(remainingVerdict(pods, 'ns', items, estimate)).toEqual(want);
  });
});
