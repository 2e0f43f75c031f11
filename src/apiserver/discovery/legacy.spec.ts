import { apiGroup, apiGroupList, apiResourceList, apiVersions, storageVersionHash } from 'src/apiserver/discovery/legacy';
import { defineResource } from 'src/registry/generic/resource';
import { Registry } from 'src/registry/registry';

/** Two resources, one with subresources of its own kind, another kind and another group's kind. */
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
      { name: 'status', verbs: ['update', 'get', 'patch'] },
      { name: 'scale', kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['update', 'patch', 'get'] },
    ],
  }),
  defineResource({
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      { name: 'exec', kind: { group: '', version: 'v1', kind: 'PodExecOptions' }, verbs: ['get', 'create'] },
      { name: 'status', verbs: ['get', 'patch', 'update'] },
    ],
  }),
  defineResource({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', singular: 'namespace', namespaced: false, shortNames: ['ns'] }),
  defineResource({ group: '', version: 'v1', kind: 'Binding', plural: 'bindings', singular: 'binding', namespaced: true, verbs: ['create'] }),
]);

describe('storageVersionHash', () => {
  it('matches the hashes kube-apiserver advertises', () => {
    expect(storageVersionHash('', 'v1', 'Pod')).toBe('xPOwRZ+Yhw8=');
    expect(storageVersionHash('apps', 'v1', 'Deployment')).toBe('8aSe+NMegvE=');
    expect(storageVersionHash('', 'v1', 'Namespace')).toBe('Q3oi5N2YM8M=');
  });
});

describe('legacy discovery', () => {
  it('GET /api lists v1 and the server address, without apiVersion', () => {
    expect(JSON.stringify(apiVersions(registry, '10.0.0.1:6443'))).toBe(
      '{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"10.0.0.1:6443"}]}',
    );
  });

  it('GET /apis lists named groups with their preferred version', () => {
    expect(JSON.stringify(apiGroupList(registry))).toBe(
      '{"kind":"APIGroupList","apiVersion":"v1","groups":[{"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],' +
        '"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}}]}',
    );
  });

  it('GET /apis/<group> answers the group, and nothing for unknown or core groups', () => {
    expect(JSON.stringify(apiGroup(registry, 'apps'))).toBe(
      '{"kind":"APIGroup","apiVersion":"v1","name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],' +
        '"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}}',
    );
    expect(apiGroup(registry, 'batch')).toBeUndefined();
    expect(apiGroup(registry, '')).toBeUndefined();
  });

  it('GET /api/v1 lists resources and subresources sorted by name, verbs sorted, no apiVersion', () => {
    expect(JSON.stringify(apiResourceList(registry, '', 'v1'))).toBe(
      '{"kind":"APIResourceList","groupVersion":"v1","resources":[' +
        '{"name":"bindings","singularName":"binding","namespaced":true,"kind":"Binding","verbs":["create"]},' +
        '{"name":"namespaces","singularName":"namespace","namespaced":false,"kind":"Namespace",' +
        '"verbs":["create","delete","deletecollection","get","list","patch","update","watch"],"shortNames":["ns"],"storageVersionHash":"Q3oi5N2YM8M="},' +
        '{"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod",' +
        '"verbs":["create","delete","deletecollection","get","list","patch","update","watch"],"shortNames":["po"],"categories":["all"],"storageVersionHash":"xPOwRZ+Yhw8="},' +
        '{"name":"pods/exec","singularName":"","namespaced":true,"kind":"PodExecOptions","verbs":["create","get"]},' +
        '{"name":"pods/status","singularName":"","namespaced":true,"kind":"Pod","verbs":["get","patch","update"]}]}',
    );
  });

  it('GET /apis/apps/v1 gives other-group subresources their group and version', () => {
    expect(JSON.stringify(apiResourceList(registry, 'apps', 'v1'))).toBe(
      '{"kind":"APIResourceList","apiVersion":"v1","groupVersion":"apps/v1","resources":[' +
        '{"name":"deployments","singularName":"deployment","namespaced":true,"kind":"Deployment",' +
        '"verbs":["create","delete","deletecollection","get","list","patch","update","watch"],"shortNames":["deploy"],"categories":["all"],"storageVersionHash":"8aSe+NMegvE="},' +
        '{"name":"deployments/scale","singularName":"","namespaced":true,"group":"autoscaling","version":"v1","kind":"Scale","verbs":["get","patch","update"]},' +
        '{"name":"deployments/status","singularName":"","namespaced":true,"kind":"Deployment","verbs":["get","patch","update"]}]}',
    );
  });

  it('answers nothing for a group-version that is not served', () => {
    expect(apiResourceList(registry, 'apps', 'v1beta1')).toBeUndefined();
    expect(apiResourceList(registry, 'batch', 'v1')).toBeUndefined();
  });

  it('hashes events.k8s.io events as the core Event they are stored as', () => {
    const events = new Registry([
      defineResource({ group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events', singular: 'event', namespaced: true, shortNames: ['ev'] }),
    ]);
    expect(apiResourceList(events, 'events.k8s.io', 'v1')!.resources[0].storageVersionHash).toBe('r2yiGXH7wu8=');
  });
});
