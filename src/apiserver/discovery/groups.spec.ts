import { compareKubeAwareVersions, servedGroups } from 'src/apiserver/discovery/groups';
import { register, type ResourceDefinition } from 'src/registry/generic/resource';

function res(group: string, version: string, plural: string): ResourceDefinition {
  return { group, version, kind: plural, plural, singular: plural, namespaced: true };
}

describe('servedGroups', () => {
  it('orders groups by kube-apiserver priority, unknown groups after by name, core first', () => {
    const defs = [
      res('zeta.example.com', 'v1', 'zs'),
      res('coordination.k8s.io', 'v1', 'leases'),
      res('batch', 'v1', 'jobs'),
      res('alpha.example.com', 'v1', 'as'),
      res('apps', 'v1', 'deployments'),
      res('events.k8s.io', 'v1', 'events'),
      res('', 'v1', 'pods'),
    ];
    expect(servedGroups(defs.map(register)).map((g) => g.name)).toEqual([
      '',
      'apps',
      'events.k8s.io',
      'batch',
      'coordination.k8s.io',
      'alpha.example.com',
      'zeta.example.com',
    ]);
  });

  it('puts the preferred (highest kube-aware) version first and keeps resources per version', () => {
    const groups = servedGroups([res('autoscaling', 'v1', 'a'), res('autoscaling', 'v2', 'b'), res('autoscaling', 'v1', 'c')].map(register));
    expect(groups).toHaveLength(1);
    expect(groups[0].versions.map((v) => [v.version, v.resources.map((r) => r.plural)])).toEqual([
      ['v2', ['b']],
      ['v1', ['a', 'c']],
    ]);
  });
});

describe('compareKubeAwareVersions', () => {
  it('sorts GA > beta > alpha, then by major and minor, non-kube versions last', () => {
    const sorted = ['v1alpha1', 'foo10', 'v1', 'v11alpha2', 'v2', 'v10beta3', 'v11beta2', 'foo1', 'v3beta1', 'v10', 'v12alpha1'].sort((a, b) =>
      compareKubeAwareVersions(b, a),
    );
    expect(sorted).toEqual(['v10', 'v2', 'v1', 'v11beta2', 'v10beta3', 'v3beta1', 'v12alpha1', 'v11alpha2', 'v1alpha1', 'foo1', 'foo10']);
  });
});
