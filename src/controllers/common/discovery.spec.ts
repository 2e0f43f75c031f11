import { collectionPath, flattenResourceLists, groupDiscoveryFailedMessage, parseGroupVersion, RestMapper, supportsVerbs } from 'src/controllers/common/discovery';

const lists = [
  {
    groupVersion: 'v1',
    resources: [
      { name: 'pods', kind: 'Pod', namespaced: true, verbs: ['get', 'list', 'watch', 'delete'] },
      { name: 'pods/status', kind: 'Pod', namespaced: true, verbs: ['get'] },
      { name: 'namespaces', kind: 'Namespace', namespaced: false, verbs: ['get', 'list'] },
    ],
  },
  { groupVersion: 'autoscaling/v2', resources: [{ name: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true, verbs: ['list'] }] },
  {
    groupVersion: 'autoscaling/v1',
    resources: [
      { name: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true, verbs: ['list'] },
      { name: 'legacythings', kind: 'LegacyThing', namespaced: true, verbs: ['list'] },
    ],
  },
  { groupVersion: 'a/b/c', resources: [{ name: 'broken', kind: 'Broken', namespaced: true }] },
];

test('parseGroupVersion', () => {
  expect(parseGroupVersion('v1')).toEqual({ group: '', version: 'v1' });
  expect(parseGroupVersion('apps/v1')).toEqual({ group: 'apps', version: 'v1' });
  expect(parseGroupVersion('a/b/c')).toBeUndefined();
});

test('flattenResourceLists: subresources dropped, one preferred version per resource, bad group versions reported', () => {
  const { all, preferred, unparsable } = flattenResourceLists(lists);
  expect(all.map((r) => `${r.apiVersion}/${r.resource}`)).toEqual(['v1/pods', 'v1/namespaces', 'autoscaling/v2/horizontalpodautoscalers', 'autoscaling/v1/horizontalpodautoscalers', 'autoscaling/v1/legacythings']);
  expect(preferred.map((r) => `${r.apiVersion}/${r.resource}`)).toEqual(['v1/pods', 'v1/namespaces', 'autoscaling/v2/horizontalpodautoscalers', 'autoscaling/v1/legacythings']);
  expect(unparsable).toEqual(['a/b/c']);
  expect(supportsVerbs(preferred[0], ['delete', 'list'])).toBe(true);
  expect(supportsVerbs(preferred[1], ['delete'])).toBe(false);
  expect(collectionPath(preferred[0], 'ns 1')).toBe('/api/v1/namespaces/ns%201/pods');
  expect(collectionPath(preferred[2])).toBe('/apis/autoscaling/v2/horizontalpodautoscalers');
});

test('RestMapper resolves every served version', () => {
  const mapper = new RestMapper(flattenResourceLists(lists).all);
  expect(mapper.resourceFor('autoscaling/v1', 'HorizontalPodAutoscaler')?.resource).toBe('horizontalpodautoscalers');
  expect(mapper.resourceFor('v1', 'Namespace')?.namespaced).toBe(false);
  expect(mapper.resourceFor('apps/v1', 'Deployment')).toBeUndefined();
});

test('groupDiscoveryFailedMessage sorts the failures', () => {
  expect(groupDiscoveryFailedMessage(new Map([['z/v1', 'boom'], ['a/v1', 'bang']]))).toBe('unable to retrieve the complete list of server APIs: a/v1: bang, z/v1: boom');
});
