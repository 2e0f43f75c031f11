import { applyStrategicMergePatch } from 'src/apiserver/patch/strategic-merge';
import type { ListNode, ObjectNode, RefNode, ScalarNode, TypeNode } from 'src/schema/type-node';

// A Deployment-shaped schema with upstream's patch strategies and merge keys.
const str = (type: ScalarNode['type'] = 'string'): ScalarNode => ({ kind: 'scalar', type });
const obj = (name: string, fields: Record<string, TypeNode>): ObjectNode => ({ kind: 'object', name, fields });
const ref = (name: string): RefNode => ({ kind: 'ref', name });
const mergeList = (items: TypeNode, patchMergeKey?: string, patchStrategy = 'merge'): ListNode => ({ kind: 'list', items, patchStrategy, patchMergeKey });
const stringMap: TypeNode = { kind: 'map', values: str() };

const definitions: Record<string, TypeNode> = {
  ObjectMeta: obj('ObjectMeta', {
    name: str(),
    labels: stringMap,
    annotations: stringMap,
    finalizers: mergeList(str()),
  }),
  Container: obj('Container', {
    name: str(),
    image: str(),
    args: { kind: 'list', items: str() },
    ports: mergeList(obj('ContainerPort', { containerPort: str('integer'), name: str(), protocol: str() }), 'containerPort'),
    env: mergeList(obj('EnvVar', { name: str(), value: str() }), 'name'),
    volumeMounts: mergeList(obj('VolumeMount', { name: str(), mountPath: str() }), 'mountPath'),
  }),
  Volume: obj('Volume', {
    name: str(),
    configMap: obj('ConfigMapVolumeSource', { name: str() }),
    emptyDir: obj('EmptyDirVolumeSource', { medium: str() }),
  }),
  PodSpec: obj('PodSpec', {
    containers: mergeList(ref('Container'), 'name'),
    volumes: mergeList(ref('Volume'), 'name', 'merge,retainKeys'),
    tolerations: { kind: 'list', items: obj('Toleration', { key: str(), operator: str(), effect: str() }) },
    nodeSelector: stringMap,
  }),
};
const deployment = obj('Deployment', {
  metadata: ref('ObjectMeta'),
  spec: obj('DeploymentSpec', {
    replicas: str('integer'),
    strategy: obj('DeploymentStrategy', { type: str(), rollingUpdate: obj('RollingUpdateDeployment', { maxSurge: str('any'), maxUnavailable: str('any') }) }),
    template: obj('PodTemplateSpec', { metadata: ref('ObjectMeta'), spec: ref('PodSpec') }),
  }),
  status: obj('DeploymentStatus', {
    replicas: str('integer'),
    conditions: mergeList(obj('DeploymentCondition', { type: str(), status: str() }), 'type'),
  }),
});
const resolve = (n: TypeNode): TypeNode => definitions[(n as RefNode).name];

/** A deployment whose pod spec is `podSpec`. */
function deploy(podSpec: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    metadata: { name: 'web', labels: { app: 'web', tier: 'fe' } },
    spec: { replicas: 1, template: { metadata: { labels: { app: 'web' } }, spec: podSpec } },
    ...extra,
  };
}

/** A patch of the pod spec, as kubectl nests it. */
const podPatch = (spec: Record<string, unknown>): Record<string, unknown> => ({ spec: { template: { spec } } });

const nginx = { name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] };
const sidecar = { name: 'sidecar', image: 'busybox:1' };
const webPorts = [
  { containerPort: 80, name: 'http', protocol: 'TCP' },
  { containerPort: 443, name: 'https', protocol: 'TCP' },
];
const lastApplied = '{"apiVersion":"apps/v1","kind":"Deployment"}\n';

// [name, original, patch, expected result]
const kubectlCases: [string, unknown, unknown, unknown][] = [
  [
    'set image: $setElementOrder/containers plus the changed image',
    deploy({ containers: [nginx] }),
    podPatch({ '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ image: 'nginx:1.28', name: 'nginx' }] }),
    deploy({ containers: [{ ...nginx, image: 'nginx:1.28' }] }),
  ],
  [
    'set image on the second container keeps the order',
    deploy({ containers: [nginx, sidecar] }),
    podPatch({ '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }], containers: [{ image: 'busybox:2', name: 'sidecar' }] }),
    deploy({ containers: [nginx, { name: 'sidecar', image: 'busybox:2' }] }),
  ],
  [
    'rollout restart adds the restartedAt annotation to the template',
    deploy({ containers: [nginx] }),
    { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } } } } },
    {
      metadata: { name: 'web', labels: { app: 'web', tier: 'fe' } },
      spec: {
        replicas: 1,
        template: {
          metadata: { labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } },
          spec: { containers: [nginx] },
        },
      },
    },
  ],
  [
    'apply after a port was removed from the manifest: $setElementOrder/ports and a $patch: delete item',
    deploy({ containers: [{ name: 'web', image: 'web:1', ports: webPorts }] }),
    {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }],
            containers: [{ '$setElementOrder/ports': [{ containerPort: 80 }], name: 'web', ports: [{ $patch: 'delete', containerPort: 443 }] }],
          },
        },
      },
    },
    {
      metadata: { name: 'web', labels: { app: 'web', tier: 'fe' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } },
      spec: { replicas: 1, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1', ports: [webPorts[0]] }] } } },
    },
  ],
  [
    'apply inserting a port between two others follows $setElementOrder',
    deploy({ containers: [{ name: 'web', image: 'web:1', ports: webPorts }] }),
    podPatch({
      '$setElementOrder/containers': [{ name: 'web' }],
      containers: [
        {
          '$setElementOrder/ports': [{ containerPort: 80 }, { containerPort: 8080 }, { containerPort: 443 }],
          name: 'web',
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
        },
      ],
    }),
    deploy({ containers: [{ name: 'web', image: 'web:1', ports: [webPorts[0], { containerPort: 8080, protocol: 'TCP' }, webPorts[1]] }] }),
  ],
  [
    'edit changing replicas',
    deploy({ containers: [nginx] }),
    { spec: { replicas: 5 } },
    { ...deploy({ containers: [nginx] }), spec: { replicas: 5, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [nginx] } } } },
  ],
  [
    'removing an env var with {"name":"X","$patch":"delete"}',
    deploy({
      containers: [
        {
          name: 'web',
          image: 'web:1',
          env: [
            { name: 'X', value: '1' },
            { name: 'Y', value: '2' },
          ],
        },
      ],
    }),
    podPatch({ containers: [{ name: 'web', env: [{ name: 'X', $patch: 'delete' }] }] }),
    deploy({ containers: [{ name: 'web', image: 'web:1', env: [{ name: 'Y', value: '2' }] }] }),
  ],
  [
    'patch adding a container without $setElementOrder puts it before the live ones, as upstream does',
    deploy({ containers: [nginx] }),
    podPatch({ containers: [sidecar] }),
    deploy({ containers: [sidecar, nginx] }),
  ],
  [
    'apply removing a container that the server added after the manifest ones: deletion, addition and server-only items',
    deploy({ containers: [{ name: 'a' }, { name: 'b' }, { name: 'x' }] }),
    podPatch({ '$setElementOrder/containers': [{ name: 'a' }, { name: 'c' }], containers: [{ name: 'c' }, { name: 'b', $patch: 'delete' }] }),
    deploy({ containers: [{ name: 'a' }, { name: 'x' }, { name: 'c' }] }),
  ],
  [
    'volumeMounts merge by mountPath',
    deploy({ containers: [{ name: 'web', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] }),
    podPatch({ containers: [{ name: 'web', volumeMounts: [{ name: 'cache', mountPath: '/data' }] }] }),
    deploy({ containers: [{ name: 'web', volumeMounts: [{ name: 'cache', mountPath: '/data' }] }] }),
  ],
  [
    'tolerations have no merge key: the patch list replaces the live one',
    deploy({ containers: [nginx], tolerations: [{ key: 'a', operator: 'Exists' }] }),
    podPatch({ tolerations: [{ key: 'b', operator: 'Exists', effect: 'NoSchedule' }] }),
    deploy({ containers: [nginx], tolerations: [{ key: 'b', operator: 'Exists', effect: 'NoSchedule' }] }),
  ],
  [
    'apply switching a volume source: $retainKeys clears configMap',
    deploy({ containers: [nginx], volumes: [{ name: 'data', configMap: { name: 'cm' } }] }),
    podPatch({ '$setElementOrder/volumes': [{ name: 'data' }], volumes: [{ $retainKeys: ['emptyDir', 'name'], configMap: null, emptyDir: {}, name: 'data' }] }),
    deploy({ containers: [nginx], volumes: [{ name: 'data', emptyDir: {} }] }),
  ],
  [
    'apply switching the deployment strategy to Recreate: $retainKeys clears rollingUpdate',
    { spec: { replicas: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } } },
    { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } },
    { spec: { replicas: 1, strategy: { type: 'Recreate' } } },
  ],
  [
    'finalizers merge as a set; a new one goes first, as upstream orders it',
    { metadata: { name: 'web', finalizers: ['example.com/a'] } },
    { metadata: { finalizers: ['example.com/b', 'example.com/a'] } },
    { metadata: { name: 'web', finalizers: ['example.com/b', 'example.com/a'] } },
  ],
  [
    'apply removing a finalizer: $deleteFromPrimitiveList/finalizers',
    { metadata: { name: 'web', finalizers: ['example.com/a', 'example.com/b'] } },
    { metadata: { '$setElementOrder/finalizers': ['example.com/a'], '$deleteFromPrimitiveList/finalizers': ['example.com/b'] } },
    { metadata: { name: 'web', finalizers: ['example.com/a'] } },
  ],
  [
    'status conditions merge by type',
    {
      status: {
        conditions: [
          { type: 'Available', status: 'False' },
          { type: 'Progressing', status: 'True' },
        ],
      },
    },
    { status: { conditions: [{ type: 'Available', status: 'True' }] } },
    {
      status: {
        conditions: [
          { type: 'Available', status: 'True' },
          { type: 'Progressing', status: 'True' },
        ],
      },
    },
  ],
  [
    'null deletes a key; a null for an absent key or inside a new map is dropped',
    { metadata: { name: 'web', labels: { app: 'web', tier: 'fe' } } },
    { metadata: { labels: { tier: null, missing: null }, annotations: { a: '1', b: null } } },
    { metadata: { name: 'web', labels: { app: 'web' }, annotations: { a: '1' } } },
  ],
];

describe(applyStrategicMergePatch.name, () => {
  it.each(kubectlCases)('%s', (_name, original, patch, expected) => {
    expect(applyStrategicMergePatch(original, patch, deployment, resolve)).toStrictEqual(expected);
  });

  it('merges fields the schema does not describe like a JSON merge patch: maps recursively, lists replaced', () => {
    const original = { spec: { unknown: { list: [{ name: 'a', v: 1 }], keep: 1, m: { a: 1 } } } };
    const patch = { spec: { unknown: { list: [{ name: 'b' }], m: { b: 2, a: null } } } };
    expect(applyStrategicMergePatch(original, patch, deployment, resolve)).toStrictEqual({
      spec: { unknown: { list: [{ name: 'b' }], keep: 1, m: { b: 2 } } },
    });
  });

  it('replaces every list when there is no schema at all', () => {
    const result = applyStrategicMergePatch(deploy({ containers: [nginx] }), podPatch({ containers: [sidecar] }), undefined, resolve);
    expect(result).toStrictEqual(deploy({ containers: [sidecar] }));
  });

  it('does not modify its inputs', () => {
    const original = deploy({ containers: [nginx, sidecar] });
    const patch = podPatch({
      '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }],
      containers: [
        { name: 'nginx', $patch: 'delete' },
        { name: 'sidecar', image: null },
      ],
    });
    const before = JSON.stringify([original, patch]);
    expect(applyStrategicMergePatch(original, patch, deployment, resolve)).toStrictEqual(deploy({ containers: [{ name: 'sidecar' }] }));
    expect(JSON.stringify([original, patch])).toBe(before);
  });

  it('keeps a `__proto__` key as plain data', () => {
    const patch = JSON.parse('{"metadata":{"labels":{"__proto__":{"polluted":"yes"}}}}') as unknown;
    const result = applyStrategicMergePatch({ metadata: { labels: {} } }, patch, deployment, resolve) as { metadata: { labels: Record<string, unknown> } };
    expect(Object.getPrototypeOf(result.metadata.labels)).toBe(Object.prototype);
    expect(Object.keys(result.metadata.labels)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
