import { aggregatedDiscovery, discoveryETag } from 'src/apiserver/discovery/aggregated';
import { defineResource } from 'src/registry/generic/resource';
import { Registry } from 'src/registry/registry';

const registry = new Registry([
  defineResource({
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [
      { name: 'status', verbs: ['get', 'patch', 'update'] },
      { name: 'scale', kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
    ],
  }),
  defineResource({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', singular: 'namespace', namespaced: false, shortNames: ['ns'] }),
]);

const ALL = '["create","delete","deletecollection","get","list","patch","update","watch"]';

describe('aggregatedDiscovery', () => {
  it('answers /api with the core group only, metadata without a name', () => {
    expect(JSON.stringify(aggregatedDiscovery(registry, 'api'))).toBe(
      '{"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2","metadata":{},"items":[{"metadata":{},"versions":[{"version":"v1","resources":[' +
        `{"resource":"namespaces","responseKind":{"group":"","version":"","kind":"Namespace"},"scope":"Cluster","singularResource":"namespace","verbs":${ALL},"shortNames":["ns"]}` +
        '],"freshness":"Current"}]}]}',
    );
  });

  it('answers /apis with named groups and subresources carrying their responseKind', () => {
    expect(JSON.stringify(aggregatedDiscovery(registry, 'apis'))).toBe(
      '{"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2","metadata":{},"items":[{"metadata":{"name":"apps"},"versions":[{"version":"v1","resources":[' +
        `{"resource":"deployments","responseKind":{"group":"","version":"","kind":"Deployment"},"scope":"Namespaced","singularResource":"deployment","verbs":${ALL},` +
        '"shortNames":["deploy"],"categories":["all"],"subresources":[' +
        '{"subresource":"scale","responseKind":{"group":"autoscaling","version":"v1","kind":"Scale"},"verbs":["get","patch","update"]},' +
        '{"subresource":"status","responseKind":{"group":"","version":"","kind":"Deployment"},"verbs":["get","patch","update"]}]}' +
        '],"freshness":"Current"}]}]}',
    );
  });

  it('has the same shape in v2beta1, only apiVersion differs', () => {
    const v2 = aggregatedDiscovery(registry, 'apis', 'v2');
    const beta = aggregatedDiscovery(registry, 'apis', 'v2beta1');
    expect(beta.apiVersion).toBe('apidiscovery.k8s.io/v2beta1');
    expect({ ...beta, apiVersion: v2.apiVersion }).toEqual(v2);
  });

  it('lists nothing when no resource is served at that root', () => {
    expect(aggregatedDiscovery(new Registry([]), 'apis').items).toEqual([]);
  });
});

describe('discoveryETag', () => {
  it('is a quoted upper-case SHA-512 that ignores the apidiscovery version and follows content', () => {
    const tag = discoveryETag(aggregatedDiscovery(registry, 'apis'));
    expect(tag).toMatch(/^"[0-9A-F]{128}"$/);
    expect(discoveryETag(aggregatedDiscovery(registry, 'apis', 'v2beta1'))).toBe(tag);
    expect(discoveryETag(aggregatedDiscovery(registry, 'api'))).not.toBe(tag);
  });
});
