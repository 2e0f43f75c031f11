import { definition, resolve, typeForKind } from 'src/schema/schema';
import type { ListNode, MapNode, ObjectNode, RefNode, TypeNode } from 'src/schema/type-node';

/** Walks `a.b.c` from a kind, resolving references (list steps go to the items). */
function at(kind: ObjectNode, path: string): TypeNode {
  let node: TypeNode = kind;
  for (const step of path.split('.')) {
    let n = resolve(node);
    if (n.kind === 'list') {
      n = resolve(n.items);
    }
    if (n.kind !== 'object' || !n.fields[step]) {
      throw new Error(`no field ${step} in ${path}`);
    }
    node = n.fields[step];
  }
  return node;
}

function kind(group: string, version: string, k: string): ObjectNode {
  const node = typeForKind(group, version, k);
  if (!node) {
    throw new Error(`${group}/${version} ${k} not in the schema`);
  }
  return node;
}

describe('typeForKind', () => {
  it('finds served kinds by group, version and kind, named like upstream', () => {
    expect(kind('apps', 'v1', 'Deployment').name).toBe('io.k8s.api.apps.v1.Deployment');
    expect(kind('', 'v1', 'Pod').name).toBe('io.k8s.api.core.v1.Pod');
    expect(kind('', 'v1', 'Event').name).toBe('io.k8s.api.core.v1.Event');
    expect(kind('events.k8s.io', 'v1', 'Event').name).toBe('io.k8s.api.events.v1.Event');
    expect(kind('apps', 'v1', 'DeploymentList').name).toBe('io.k8s.api.apps.v1.DeploymentList');
  });

  it('returns undefined for kinds nobody serves', () => {
    expect(typeForKind('apps', 'v1', 'Nope')).toBeUndefined();
    expect(typeForKind('example.com', 'v1', 'Deployment')).toBeUndefined();
  });
});

describe('strategic-merge metadata', () => {
  it('Deployment spec.template.spec.containers merges by name', () => {
    const containers = at(kind('apps', 'v1', 'Deployment'), 'spec.template.spec.containers') as ListNode;
    expect(containers).toMatchObject({ kind: 'list', patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] });
    expect(resolve(containers.items)).toMatchObject({ kind: 'object', name: 'io.k8s.api.core.v1.Container' });
  });

  it('container ports merge by containerPort and are keyed by containerPort and protocol', () => {
    expect(at(kind('', 'v1', 'Pod'), 'spec.containers.ports')).toMatchObject({
      patchStrategy: 'merge',
      patchMergeKey: 'containerPort',
      listType: 'map',
      listMapKeys: ['containerPort', 'protocol'],
    });
  });

  it('Service spec.ports merge by port', () => {
    expect(at(kind('', 'v1', 'Service'), 'spec.ports')).toMatchObject({ patchMergeKey: 'port', patchStrategy: 'merge', listMapKeys: ['port', 'protocol'] });
  });

  it('Pod status.conditions merge by type', () => {
    expect(at(kind('', 'v1', 'Pod'), 'status.conditions')).toMatchObject({ patchMergeKey: 'type', patchStrategy: 'merge', listType: 'map' });
  });

  it('volumes merge by name and retain keys', () => {
    expect(at(kind('', 'v1', 'Pod'), 'spec.volumes')).toMatchObject({ patchStrategy: 'merge,retainKeys', patchMergeKey: 'name' });
  });

  it('tolerations and container args are atomic lists without a merge key', () => {
    const tolerations = at(kind('', 'v1', 'Pod'), 'spec.tolerations') as ListNode;
    expect(tolerations.listType).toBe('atomic');
    expect(tolerations.patchMergeKey).toBeUndefined();
    expect(at(kind('', 'v1', 'Pod'), 'spec.containers.args')).toMatchObject({ listType: 'atomic' });
  });

  it('metadata.finalizers is a merged set and ownerReferences merge by uid', () => {
    const pod = kind('', 'v1', 'Pod');
    expect(at(pod, 'metadata.finalizers')).toMatchObject({ patchStrategy: 'merge', listType: 'set' });
    expect((at(pod, 'metadata.finalizers') as ListNode).patchMergeKey).toBeUndefined();
    expect(at(pod, 'metadata.ownerReferences')).toMatchObject({ patchMergeKey: 'uid', patchStrategy: 'merge' });
  });

  it('Deployment spec.strategy retains keys (the strategy sits on the reference, not the definition)', () => {
    const strategy = at(kind('apps', 'v1', 'Deployment'), 'spec.strategy') as RefNode;
    expect(strategy).toMatchObject({ kind: 'ref', name: 'io.k8s.api.apps.v1.DeploymentStrategy', patchStrategy: 'retainKeys' });
  });

  it('topologySpreadConstraints merge by topologyKey, keyed with whenUnsatisfiable', () => {
    expect(at(kind('', 'v1', 'Pod'), 'spec.topologySpreadConstraints')).toMatchObject({
      patchMergeKey: 'topologyKey',
      listMapKeys: ['topologyKey', 'whenUnsatisfiable'],
    });
  });

  it('atomic structs and maps carry x-kubernetes-map-type', () => {
    expect(resolve(at(kind('apps', 'v1', 'Deployment'), 'spec.selector'))).toMatchObject({ kind: 'object', mapType: 'atomic' });
    expect(at(kind('', 'v1', 'Service'), 'spec.selector')).toMatchObject({ kind: 'map', mapType: 'atomic' });
  });
});

describe('field types', () => {
  it('knows required fields and descriptions', () => {
    const spec = resolve(at(kind('apps', 'v1', 'Deployment'), 'spec')) as ObjectNode;
    expect(spec.required).toEqual(expect.arrayContaining(['selector', 'template']));
    expect(spec.description).toMatch(/DeploymentSpec is the specification/);
    expect(at(kind('apps', 'v1', 'Deployment'), 'spec.replicas')).toMatchObject({ kind: 'scalar', type: 'integer', format: 'int32' });
  });

  it('resolves the named scalars: IntOrString, Quantity, Time, RawExtension', () => {
    const deploy = kind('apps', 'v1', 'Deployment');
    expect(resolve(at(deploy, 'spec.strategy.rollingUpdate.maxSurge'))).toMatchObject({ kind: 'scalar', format: 'int-or-string' });
    const limits = at(deploy, 'spec.template.spec.containers.resources.limits') as MapNode;
    expect(limits.kind).toBe('map');
    expect(resolve(limits.values)).toMatchObject({ kind: 'scalar', format: 'quantity' });
    expect(resolve(at(deploy, 'metadata.creationTimestamp'))).toMatchObject({ kind: 'scalar', type: 'string', format: 'date-time' });
    expect(resolve(at(kind('apps', 'v1', 'ControllerRevision'), 'data'))).toMatchObject({ kind: 'scalar', type: 'any' });
  });

  it('looks definitions up by name', () => {
    expect(definition('io.k8s.api.core.v1.Container')).toMatchObject({ kind: 'object' });
    expect(definition('io.k8s.api.core.v1.Nope')).toBeUndefined();
    expect(() => resolve({ kind: 'ref', name: 'io.k8s.api.core.v1.Nope' })).toThrow(/cannot resolve/);
  });
});
