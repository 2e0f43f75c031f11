import {
  decideDependent,
  deleteOwnerRefsMergePatch,
  deleteOwnerRefsPatch,
  removeFinalizerPatch,
  unblockOwnerRefsPatch,
  type ClassifiedReferences,
  type DependentAction,
  type DependentFacts,
} from 'src/controllers/garbage-collector/decisions';
import { deletionStartsWithFinalizer } from 'src/controllers/garbage-collector/identity';
import { deletableResources } from 'src/controllers/garbage-collector/monitors';
import type { KubeObject, OwnerReference } from 'src/registry/generic/object';

const a: OwnerReference = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: 'ua', blockOwnerDeletion: true };
const b: OwnerReference = { apiVersion: 'v1', kind: 'ConfigMap', name: 'b', uid: 'ub' };

function dependent(finalizers?: string[]): KubeObject {
  return { metadata: { name: 'd', uid: 'ud', resourceVersion: '7', ...(finalizers ? { finalizers } : {}) } };
}

const refs = (r: Partial<ClassifiedReferences>): ClassifiedReferences => ({ solid: [], dangling: [], waitingForDependentsDeletion: [], ...r });
const plain: DependentFacts = { hasDependents: false, someDependentDeletingDependents: false };

describe('decideDependent', () => {
  const cases: { name: string; latest: KubeObject; refs: ClassifiedReferences; facts: DependentFacts; want: DependentAction }[] = [
    { name: 'a solid owner keeps the object', latest: dependent(), refs: refs({ solid: [a] }), facts: plain, want: { action: 'none' } },
    {
      name: 'a solid owner keeps it, dangling and waiting refs are removed',
      latest: dependent(),
      refs: refs({ solid: [a], dangling: [b], waitingForDependentsDeletion: [{ ...b, uid: 'uw' }] }),
      facts: plain,
      want: { action: 'removeOwnerRefs', uids: ['ub', 'uw'] },
    },
    { name: 'all owners dangling: background delete', latest: dependent(), refs: refs({ dangling: [a, b] }), facts: plain, want: { action: 'delete', policy: 'Background', unblockFirst: false } },
    {
      name: 'all owners dangling, the object carries orphan: honour it',
      latest: dependent(['orphan']),
      refs: refs({ dangling: [a] }),
      facts: plain,
      want: { action: 'delete', policy: 'Orphan', unblockFirst: false },
    },
    {
      name: 'all owners dangling, the object carries foregroundDeletion: honour it',
      latest: dependent(['foregroundDeletion']),
      refs: refs({ dangling: [a] }),
      facts: plain,
      want: { action: 'delete', policy: 'Foreground', unblockFirst: false },
    },
    {
      name: 'owner waits for dependents, object has none: background',
      latest: dependent(),
      refs: refs({ waitingForDependentsDeletion: [a] }),
      facts: plain,
      want: { action: 'delete', policy: 'Background', unblockFirst: false },
    },
    {
      name: 'owner waits for dependents, object has dependents: foreground',
      latest: dependent(),
      refs: refs({ waitingForDependentsDeletion: [a] }),
      facts: { hasDependents: true, someDependentDeletingDependents: false },
      want: { action: 'delete', policy: 'Foreground', unblockFirst: false },
    },
    {
      name: 'possible cycle (a dependent is deleting its dependents): unblock first',
      latest: dependent(),
      refs: refs({ waitingForDependentsDeletion: [a] }),
      facts: { hasDependents: true, someDependentDeletingDependents: true },
      want: { action: 'delete', policy: 'Foreground', unblockFirst: true },
    },
  ];
  test.each(cases)('$name', ({ latest, refs: r, facts, want }) => {
    expect(decideDependent(latest, r, facts)).toEqual(want);
  });
});

describe('patches', () => {
  test('deleteOwnerRefsPatch deletes by uid with a uid precondition', () => {
    expect(deleteOwnerRefsPatch('ud', ['ua', 'ub'])).toEqual({ metadata: { ownerReferences: [{ $patch: 'delete', uid: 'ua' }, { $patch: 'delete', uid: 'ub' }], uid: 'ud' } });
  });

  test('deleteOwnerRefsMergePatch keeps the other references, pinned to the resourceVersion', () => {
    const live = { metadata: { uid: 'ud', resourceVersion: '9', ownerReferences: [a, b] } };
    expect(deleteOwnerRefsMergePatch(live, ['ua'])).toEqual({ metadata: { uid: 'ud', resourceVersion: '9', ownerReferences: [b] } });
  });

  test('unblockOwnerRefsPatch clears blockOwnerDeletion on blocking references only', () => {
    expect(unblockOwnerRefsPatch('ud', [a, b])).toEqual({
      metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: 'ua', blockOwnerDeletion: false }], uid: 'ud' },
    });
    expect(unblockOwnerRefsPatch('ud', [b])).toBeUndefined();
  });

  const finalizerCases: { name: string; finalizers?: string[]; remove: string; want: unknown }[] = [
    { name: 'last finalizer: null', finalizers: ['foregroundDeletion'], remove: 'foregroundDeletion', want: { metadata: { resourceVersion: '7', finalizers: null } } },
    { name: 'others stay', finalizers: ['a/b', 'orphan', 'c/d'], remove: 'orphan', want: { metadata: { resourceVersion: '7', finalizers: ['a/b', 'c/d'] } } },
    { name: 'absent: nothing to do', finalizers: ['a/b'], remove: 'orphan', want: undefined },
    { name: 'no finalizers: nothing to do', remove: 'orphan', want: undefined },
  ];
  test.each(finalizerCases)('removeFinalizerPatch: $name', ({ finalizers, remove, want }) => {
    expect(removeFinalizerPatch(dependent(finalizers), remove)).toEqual(want);
  });
});

describe('deletionStartsWithFinalizer', () => {
  const live = dependent(['orphan']);
  const marked = { ...live, metadata: { ...live.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } };
  test.each([
    { name: 'first seen while deleting', old: undefined, obj: marked, want: true },
    { name: 'deletion starts', old: live, obj: marked, want: true },
    { name: 'already deleting', old: marked, obj: marked, want: false },
    { name: 'finalizer without deletion', old: undefined, obj: live, want: false },
  ])('$name', ({ old, obj, want }) => {
    expect(deletionStartsWithFinalizer(old, obj, 'orphan')).toBe(want);
  });
});

test('deletableResources: delete+list+watch, events ignored', () => {
  const r = (group: string, resource: string, verbs: string[]) => ({ group, version: 'v1', apiVersion: group ? `${group}/v1` : 'v1', resource, kind: 'K', namespaced: true, verbs });
  const all = ['delete', 'list', 'watch'];
  expect(
    deletableResources([r('', 'pods', all), r('', 'events', all), r('events.k8s.io', 'events', all), r('apps', 'deployments', all), r('authorization.k8s.io', 'selfsubjectaccessreviews', ['create']), r('', 'bindings', ['delete', 'list'])]).map(
      (x) => x.resource,
    ),
  ).toEqual(['pods', 'deployments']);
});
