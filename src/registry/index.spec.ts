import { ALL_VERBS } from 'src/registry/generic/resource';
import { createRegistry, RESOURCE_DEFINITIONS } from 'src/registry/index';

describe('the registry of served resources', () => {
  const registry = createRegistry();
  const get = (groupResource: string) => {
    const r = registry.byResource(groupResource);
    if (!r) {
      throw new Error(`${groupResource} not registered`);
    }
    return r;
  };

  it('registers every definition once, core first', () => {
    expect(registry.resources).toHaveLength(RESOURCE_DEFINITIONS.length);
    expect(registry.groupVersions()).toEqual([
      { group: '', version: 'v1' },
      { group: 'apps', version: 'v1' },
      { group: 'coordination.k8s.io', version: 'v1' },
      { group: 'discovery.k8s.io', version: 'v1' },
      { group: 'events.k8s.io', version: 'v1' },
      { group: 'authentication.k8s.io', version: 'v1' },
      { group: 'authorization.k8s.io', version: 'v1' },
      { group: 'batch', version: 'v1' },
      { group: 'networking.k8s.io', version: 'v1' },
      { group: 'policy', version: 'v1' },
      { group: 'rbac.authorization.k8s.io', version: 'v1' },
      { group: 'scheduling.k8s.io', version: 'v1' },
    ]);
  });

  it('puts exactly the upstream workloads in category `all`', () => {
    const all = registry.resources.filter((r) => r.categories?.includes('all')).map((r) => r.groupResource);
    expect(all.sort()).toEqual([
      'cronjobs.batch',
      'daemonsets.apps',
      'deployments.apps',
      'jobs.batch',
      'pods',
      'replicasets.apps',
      'replicationcontrollers',
      'services',
      'statefulsets.apps',
    ]);
  });

  it.each([
    ['configmaps', ['cm']],
    ['namespaces', ['ns']],
    ['pods', ['po']],
    ['serviceaccounts', ['sa']],
    ['services', ['svc']],
    ['deployments.apps', ['deploy']],
    ['statefulsets.apps', ['sts']],
    ['persistentvolumeclaims', ['pvc']],
    ['resourcequotas', ['quota']],
    ['limitranges', ['limits']],
    ['cronjobs.batch', ['cj']],
    ['jobs.batch', undefined],
    ['ingresses.networking.k8s.io', ['ing']],
    ['ingressclasses.networking.k8s.io', undefined],
    ['networkpolicies.networking.k8s.io', ['netpol']],
    ['poddisruptionbudgets.policy', ['pdb']],
    ['priorityclasses.scheduling.k8s.io', ['pc']],
    ['roles.rbac.authorization.k8s.io', undefined],
    ['clusterrolebindings.rbac.authorization.k8s.io', undefined],
  ])('%s has short names %j', (resource, shortNames) => {
    expect(get(resource).shortNames).toEqual(shortNames);
  });

  it('advertises subresources with their own kinds', () => {
    const sub = (resource: string, name: string) => get(resource).subresources?.find((s) => s.name === name);
    expect(sub('deployments.apps', 'scale')).toEqual({ name: 'scale', kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] });
    expect(sub('serviceaccounts', 'token')).toEqual({ name: 'token', kind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }, verbs: ['create'] });
    expect(sub('pods', 'eviction')?.kind).toEqual({ group: 'policy', version: 'v1', kind: 'Eviction' });
    expect(sub('pods', 'binding')).toEqual({ name: 'binding', kind: { group: '', version: 'v1', kind: 'Binding' }, verbs: ['create'] });
    expect(sub('pods', 'exec')).toEqual({ name: 'exec', kind: { group: '', version: 'v1', kind: 'PodExecOptions' }, verbs: ['create', 'get'] });
    expect(sub('pods', 'log')).toEqual({ name: 'log', verbs: ['get'] });
    expect(sub('namespaces', 'finalize')).toEqual({ name: 'finalize', verbs: ['update'] });
    expect(get('daemonsets.apps').subresources?.map((s) => s.name)).toEqual(['status']);
  });

  it('namespaces cannot be deleted as a collection', () => {
    expect(get('namespaces').verbs).toEqual(ALL_VERBS.filter((v) => v !== 'deletecollection'));
  });

  it('tracks generation for pods, workloads and the types whose strategy sets it', () => {
    const tracked = registry.resources.filter((r) => r.tracksGeneration).map((r) => r.groupResource);
    expect(tracked.sort()).toEqual([
      'cronjobs.batch',
      'daemonsets.apps',
      'deployments.apps',
      'endpointslices.discovery.k8s.io',
      'ingressclasses.networking.k8s.io',
      'ingresses.networking.k8s.io',
      'jobs.batch',
      'networkpolicies.networking.k8s.io',
      'poddisruptionbudgets.policy',
      'pods',
      'podtemplates',
      'replicasets.apps',
      'replicationcontrollers',
      'statefulsets.apps',
    ]);
  });

  it('scopes the new groups as upstream does', () => {
    const clusterScoped = registry.resources.filter((r) => !r.namespaced && r.group !== '' && !r.virtual).map((r) => r.groupResource);
    expect(clusterScoped.sort()).toEqual([
      'clusterrolebindings.rbac.authorization.k8s.io',
      'clusterroles.rbac.authorization.k8s.io',
      'ingressclasses.networking.k8s.io',
      'ipaddresses.networking.k8s.io',
      'priorityclasses.scheduling.k8s.io',
      'servicecidrs.networking.k8s.io',
    ]);
    expect(registry.lookup('batch', 'v1', 'jobs')?.singular).toBe('job');
    expect(registry.lookup('policy', 'v1', 'poddisruptionbudgets')?.listKind).toBe('PodDisruptionBudgetList');
    expect(registry.resources.filter((r) => r.group === 'rbac.authorization.k8s.io').map((r) => r.plural)).toEqual([
      'clusterrolebindings',
      'clusterroles',
      'rolebindings',
      'roles',
    ]);
  });

  it('gives every resource a singular name and a status subresource where upstream has one', () => {
    for (const r of registry.resources) {
      expect(r.singular).toMatch(/^[a-z]+$/);
    }
    const withStatus = registry.resources.filter((r) => r.hasStatus).map((r) => r.groupResource);
    expect(withStatus.sort()).toEqual([
      'cronjobs.batch',
      'daemonsets.apps',
      'deployments.apps',
      'ingresses.networking.k8s.io',
      'jobs.batch',
      'namespaces',
      'nodes',
      'persistentvolumeclaims',
      'persistentvolumes',
      'poddisruptionbudgets.policy',
      'pods',
      'replicasets.apps',
      'replicationcontrollers',
      'resourcequotas',
      'servicecidrs.networking.k8s.io',
      'services',
      'statefulsets.apps',
    ]);
  });
});
