import { readModels } from 'src/schema/model-reader';
import { describedDefinitions, fieldMetadata, typeMetadata } from 'src/schema/patch-metadata';
import type { TypeNode } from 'src/schema/type-node';

const models = readModels([
  { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  { group: 'policy', version: 'v1', kind: 'Eviction' },
]);

describe('readModels: definition names', () => {
  it.each([
    [{ group: 'apps', version: 'v1', kind: 'Deployment' }, 'io.k8s.api.apps.v1.Deployment'],
    [{ group: '', version: 'v1', kind: 'Event' }, 'io.k8s.api.core.v1.Event'],
    [{ group: 'events.k8s.io', version: 'v1', kind: 'Event' }, 'io.k8s.api.events.v1.Event'],
    [{ group: 'autoscaling', version: 'v1', kind: 'Scale' }, 'io.k8s.api.autoscaling.v1.Scale'],
    [{ group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' }, 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler'],
    [{ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole' }, 'io.k8s.api.rbac.v1.ClusterRole'],
    [{ group: 'internal.apiserver.k8s.io', version: 'v1alpha1', kind: 'StorageVersion' }, 'io.k8s.api.apiserverinternal.v1alpha1.StorageVersion'],
  ])('%j is %s', (gvk, name) => {
    expect(models.definitionOf(gvk)).toBe(name);
    expect(models.definitions.get(name)).toMatchObject({ kind: 'object', name });
  });

  it('does not hand out a kind of another group', () => {
    expect(models.definitionOf({ group: 'example.com', version: 'v1', kind: 'Deployment' })).toBeUndefined();
    expect(models.definitionOf({ group: 'apps', version: 'v1', kind: 'Pod' })).toBeUndefined();
  });

  it('files nested types in the package of the kind that owns them, and apimachinery types under meta', () => {
    const has = (name: string): boolean => models.definitions.has(name);
    expect(has('io.k8s.api.core.v1.PodTemplateSpec')).toBe(true);
    expect(has('io.k8s.api.apps.v1.DeploymentStrategy')).toBe(true);
    expect(has('io.k8s.api.core.v1.TopologySelectorTerm')).toBe(true);
    expect(has('io.k8s.api.core.v1.EventSeries')).toBe(true);
    expect(has('io.k8s.api.events.v1.EventSeries')).toBe(true);
    expect(has('io.k8s.api.authentication.v1.TokenRequestSpec')).toBe(true);
    expect(has('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector')).toBe(true);
    expect(has('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')).toBe(true);
    expect([...models.definitions.keys()].filter((n) => /\.(apps|storage)\.v1\.(PodSpec|LabelSelector|TopologySelectorTerm)$/.test(n))).toEqual([]);
  });

  it('every reference names a definition', () => {
    const missing: string[] = [];
    const walk = (node: TypeNode, where: string): void => {
      if (node.kind === 'ref' && !models.definitions.has(node.name)) {
        missing.push(`${where} → ${node.name}`);
      }
      if (node.kind === 'list') {
        walk(node.items, where);
      } else if (node.kind === 'map') {
        walk(node.values, where);
      } else if (node.kind === 'object') {
        Object.entries(node.fields).forEach(([f, n]) => walk(n, `${where}.${f}`));
      }
    };
    models.definitions.forEach((node, name) => walk(node, name));
    expect(missing).toEqual([]);
  });
});

describe('readModels: field shapes', () => {
  const field = (def: string, f: string): TypeNode => {
    const node = models.definitions.get(def);
    if (node?.kind !== 'object') {
      throw new Error(`${def} is not an object`);
    }
    return node.fields[f];
  };

  it('maps client-node types onto nodes', () => {
    expect(field('io.k8s.api.core.v1.Container', 'args')).toMatchObject({ kind: 'list', items: { kind: 'scalar', type: 'string' }, listType: 'atomic' });
    expect(field('io.k8s.api.core.v1.PodSpec', 'nodeSelector')).toMatchObject({ kind: 'map', values: { kind: 'scalar', type: 'string' }, mapType: 'atomic' });
    expect(field('io.k8s.api.core.v1.PodSpec', 'activeDeadlineSeconds')).toMatchObject({ kind: 'scalar', type: 'integer', format: 'int64' });
    expect(field('io.k8s.api.core.v1.SecretVolumeSource', 'optional')).toMatchObject({ kind: 'scalar', type: 'boolean' });
    expect(field('io.k8s.api.core.v1.Secret', 'data')).toMatchObject({ kind: 'map', values: { kind: 'scalar', type: 'string', format: 'byte' } });
    expect(field('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'creationTimestamp')).toMatchObject({
      kind: 'ref',
      name: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
    });
    expect(field('io.k8s.api.core.v1.Event', 'eventTime')).toMatchObject({ kind: 'ref', name: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime' });
    expect(field('io.k8s.api.core.v1.ServicePort', 'targetPort')).toMatchObject({ kind: 'ref', name: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString' });
    expect(field('io.k8s.api.core.v1.ResourceRequirements', 'limits')).toMatchObject({
      kind: 'map',
      values: { kind: 'ref', name: 'io.k8s.apimachinery.pkg.api.resource.Quantity' },
    });
    expect(field('io.k8s.api.core.v1.EmptyDirVolumeSource', 'sizeLimit')).toMatchObject({ kind: 'ref', name: 'io.k8s.apimachinery.pkg.api.resource.Quantity' });
    expect(field('io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry', 'fieldsV1')).toMatchObject({
      kind: 'ref',
      name: 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
    });
    expect(field('io.k8s.api.apps.v1.ControllerRevision', 'data')).toMatchObject({ kind: 'ref', name: 'io.k8s.apimachinery.pkg.runtime.RawExtension' });
  });

  it('carries descriptions (unescaped) and required fields', () => {
    expect(field('io.k8s.api.core.v1.Container', 'args').description).toContain("The container image's CMD is used");
    expect(models.definitions.get('io.k8s.api.core.v1.Container')).toMatchObject({
      required: ['name'],
      description: 'A single application container that you want to run within a pod.',
    });
  });
});

describe('patch-metadata table', () => {
  it('names only definitions and fields client-node models, with metadata that fits the field', () => {
    const problems: string[] = [];
    for (const def of describedDefinitions()) {
      const node = models.definitions.get(def);
      if (node?.kind !== 'object') {
        problems.push(`${def}: no such definition`);
        continue;
      }
      for (const [f, meta] of Object.entries(typeMetadata(def)?.fields ?? {})) {
        const fieldNode = node.fields[f];
        if (!fieldNode) {
          problems.push(`${def}.${f}: no such field`);
        } else if ((meta.listType || meta.patchMergeKey) && fieldNode.kind !== 'list') {
          problems.push(`${def}.${f}: list metadata on a ${fieldNode.kind}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives each list-map key a field of the item', () => {
    const problems: string[] = [];
    for (const def of describedDefinitions()) {
      for (const [f, meta] of Object.entries(typeMetadata(def)?.fields ?? {})) {
        const list = (models.definitions.get(def) as { fields: Record<string, TypeNode> }).fields[f];
        const item = list?.kind === 'list' && list.items.kind === 'ref' ? models.definitions.get(list.items.name) : undefined;
        for (const key of [...(meta.listMapKeys ?? []), ...(meta.patchMergeKey ? [meta.patchMergeKey] : [])]) {
          if (item?.kind !== 'object' || !item.fields[key]) {
            problems.push(`${def}.${f}: key ${key} is not a field of the items`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('matches upstream for the fields clients depend on most', () => {
    expect(fieldMetadata('io.k8s.api.core.v1.PodSpec', 'containers')).toEqual({
      patchStrategy: 'merge',
      patchMergeKey: 'name',
      listType: 'map',
      listMapKeys: ['name'],
    });
    expect(fieldMetadata('io.k8s.api.core.v1.PodSpec', 'imagePullSecrets')).toMatchObject({ patchMergeKey: 'name' });
    expect(fieldMetadata('io.k8s.api.core.v1.PodSpec', 'hostAliases')).toMatchObject({ patchMergeKey: 'ip' });
    expect(fieldMetadata('io.k8s.api.core.v1.Container', 'volumeMounts')).toMatchObject({ patchMergeKey: 'mountPath' });
    expect(fieldMetadata('io.k8s.api.core.v1.Container', 'volumeDevices')).toMatchObject({ patchMergeKey: 'devicePath' });
    expect(fieldMetadata('io.k8s.api.core.v1.Container', 'env')).toMatchObject({ patchMergeKey: 'name' });
    expect(fieldMetadata('io.k8s.api.core.v1.NodeStatus', 'conditions')).toMatchObject({ patchMergeKey: 'type' });
    expect(fieldMetadata('io.k8s.api.apps.v1.DeploymentStatus', 'conditions')).toMatchObject({ patchMergeKey: 'type' });
    expect(fieldMetadata('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'finalizers')).toEqual({ patchStrategy: 'merge', listType: 'set' });
    expect(typeMetadata('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector')?.atomic).toBe(true);
  });
});
