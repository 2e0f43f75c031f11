import type { Resolver } from 'src/registry/generic/managed-fields/typed';
import type { ObjectNode, TypeNode } from 'src/schema/type-node';

// Test fixture: the part of the apps/v1 Deployment and core/v1 ConfigMap schemas the specs
// touch, with upstream's list types and map types, so the specs do not depend on src/schema.

const str: TypeNode = { kind: 'scalar', type: 'string' };
const int: TypeNode = { kind: 'scalar', type: 'integer' };
const intOrString: TypeNode = { kind: 'scalar', type: 'any', format: 'int-or-string' };
const strMap: TypeNode = { kind: 'map', values: str };
const ref = (name: string): TypeNode => ({ kind: 'ref', name });
const obj = (name: string, fields: Record<string, TypeNode>, extra: Partial<ObjectNode> = {}): ObjectNode => ({ kind: 'object', name, fields, ...extra });

const DEFS: Record<string, ObjectNode> = {
  ObjectMeta: obj('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', {
    name: str,
    generateName: str,
    namespace: str,
    uid: str,
    resourceVersion: str,
    generation: int,
    creationTimestamp: str,
    labels: strMap,
    annotations: strMap,
    finalizers: { kind: 'list', items: str, listType: 'set', patchStrategy: 'merge' },
    ownerReferences: { kind: 'list', items: ref('OwnerReference'), listType: 'map', listMapKeys: ['uid'], patchStrategy: 'merge', patchMergeKey: 'uid' },
    managedFields: { kind: 'list', items: { kind: 'scalar', type: 'any' }, listType: 'atomic' },
  }),
  OwnerReference: obj('io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference', { apiVersion: str, kind: str, name: str, uid: str }, { mapType: 'atomic' }),
  LabelSelector: obj('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector', { matchLabels: strMap }, { mapType: 'atomic' }),
  DeploymentSpec: obj(
    'io.k8s.api.apps.v1.DeploymentSpec',
    {
      replicas: int,
      selector: ref('LabelSelector'),
      template: ref('PodTemplateSpec'),
      strategy: ref('DeploymentStrategy'),
      revisionHistoryLimit: int,
      progressDeadlineSeconds: int,
    },
    { required: ['selector', 'template'] },
  ),
  DeploymentStrategy: obj('io.k8s.api.apps.v1.DeploymentStrategy', { type: str, rollingUpdate: ref('RollingUpdateDeployment') }),
  RollingUpdateDeployment: obj('io.k8s.api.apps.v1.RollingUpdateDeployment', { maxSurge: intOrString, maxUnavailable: intOrString }),
  DeploymentStatus: obj('io.k8s.api.apps.v1.DeploymentStatus', { replicas: int, observedGeneration: int }),
  PodTemplateSpec: obj('io.k8s.api.core.v1.PodTemplateSpec', { metadata: ref('ObjectMeta'), spec: ref('PodSpec') }),
  PodSpec: obj(
    'io.k8s.api.core.v1.PodSpec',
    {
      containers: { kind: 'list', items: ref('Container'), listType: 'map', listMapKeys: ['name'], patchStrategy: 'merge', patchMergeKey: 'name' },
      restartPolicy: str,
      dnsPolicy: str,
      terminationGracePeriodSeconds: int,
    },
    { required: ['containers'] },
  ),
  Container: obj(
    'io.k8s.api.core.v1.Container',
    {
      name: str,
      image: str,
      imagePullPolicy: str,
      args: { kind: 'list', items: str },
      ports: {
        kind: 'list',
        items: ref('ContainerPort'),
        listType: 'map',
        listMapKeys: ['containerPort', 'protocol'],
        patchStrategy: 'merge',
        patchMergeKey: 'containerPort',
      },
      env: { kind: 'list', items: ref('EnvVar'), patchStrategy: 'merge', patchMergeKey: 'name' },
      resources: ref('ResourceRequirements'),
    },
    { required: ['name'] },
  ),
  ContainerPort: obj('io.k8s.api.core.v1.ContainerPort', { containerPort: int, protocol: str, name: str }, { required: ['containerPort'] }),
  EnvVar: obj('io.k8s.api.core.v1.EnvVar', { name: str, value: str }, { required: ['name'] }),
  ResourceRequirements: obj('io.k8s.api.core.v1.ResourceRequirements', { limits: strMap, requests: strMap }),
};

/** apps/v1 Deployment. */
export const DEPLOYMENT = obj('io.k8s.api.apps.v1.Deployment', {
  apiVersion: str,
  kind: str,
  metadata: ref('ObjectMeta'),
  spec: ref('DeploymentSpec'),
  status: ref('DeploymentStatus'),
});

/** core/v1 ConfigMap. */
export const CONFIG_MAP = obj('io.k8s.api.core.v1.ConfigMap', { apiVersion: str, kind: str, metadata: ref('ObjectMeta'), data: strMap });

/** Resolves the fixture's RefNodes. */
export const resolve: Resolver = (node) => (node.kind === 'ref' ? (DEFS[node.name] ?? node) : node);
