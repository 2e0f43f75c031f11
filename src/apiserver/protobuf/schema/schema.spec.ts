import { parseField } from 'src/apiserver/protobuf/schema/notation';
import type { PackageTable } from 'src/apiserver/protobuf/schema/notation';
import { TABLES, compileTables, messageForKind, messageNamed, servedKinds } from 'src/apiserver/protobuf/schema/registry';

describe('the field notation', () => {
  it('parses numbers, JSON names, omitempty/omitzero, pointers, slices, maps and qualified types', () => {
    expect(parseField('1 replicas? *int32', 'apps.v1')).toMatchObject({ num: 1, json: 'replicas', omitempty: true, pointer: true, scalar: 'int32' });
    expect(parseField('8 creationTimestamp?! Time', 'meta.v1')).toMatchObject({ omitempty: true, omitzero: true, message: 'meta.v1.Time', pointer: false });
    expect(parseField('2 containers []Container', 'core.v1')).toMatchObject({ repeated: true, message: 'core.v1.Container', omitempty: false });
    expect(parseField('2 data? map[string]bytes', 'core.v1')).toMatchObject({ map: true, scalar: 'bytes' });
    expect(parseField('1 limits? map[string]resource.Quantity', 'core.v1')).toMatchObject({ map: true, message: 'resource.Quantity' });
    expect(parseField('2 ... VolumeSource', 'core.v1')).toMatchObject({ inline: true, json: '', message: 'core.v1.VolumeSource' });
  });

  it.each(['replicas 1 int32', '1 replicas', '1 replicas *[]int32', '0 x string', '2 ... *VolumeSource', '2 ... string'])('rejects %j', (spec) => {
    expect(() => parseField(spec, 'x')).toThrow(/protobuf schema x/);
  });
});

describe('compileTables', () => {
  const table = (messages: PackageTable['messages'], kinds: string[] = []): PackageTable => ({ package: 't', apiVersion: 't/v1', kinds, messages });

  it('rejects a reference to a message no table defines', () => {
    expect(() => compileTables([table({ A: ['1 b B'] })])).toThrow('t.A.b refers to unknown message t.B');
  });

  it('rejects a repeated field number or JSON name', () => {
    expect(() => compileTables([table({ A: ['1 a string', '1 b string'] })])).toThrow(/repeats field 1/);
    expect(() => compileTables([table({ A: ['1 a string', '2 a string'] })])).toThrow(/repeats field 2 or "a"/);
  });

  it('rejects a message defined twice and a kind without its message', () => {
    expect(() => compileTables([table({ A: [] }), table({ A: [] })])).toThrow(/t.A is defined twice/);
    expect(() => compileTables([table({ A: [] }, ['B'])])).toThrow(/kind t\/v1\/B has no message t.B/);
  });

  it('compiles the real tables', () => {
    expect(() => compileTables(TABLES)).not.toThrow();
    expect(messageNamed('core.v1.PodSpec').fields.find((f) => f.json === 'containers')).toMatchObject({ num: 2, repeated: true });
  });
});

describe('served kinds', () => {
  const required: Record<string, string[]> = {
    v1: [
      'Pod',
      'PodTemplate',
      'ReplicationController',
      'Service',
      'Endpoints',
      'ConfigMap',
      'Secret',
      'Namespace',
      'ServiceAccount',
      'Event',
      'Node',
      'PersistentVolume',
      'PersistentVolumeClaim',
      'LimitRange',
      'ResourceQuota',
    ],
    'apps/v1': ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision'],
    'coordination.k8s.io/v1': ['Lease'],
    'events.k8s.io/v1': ['Event'],
    'batch/v1': ['Job', 'CronJob'],
    'rbac.authorization.k8s.io/v1': ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'],
    'networking.k8s.io/v1': ['Ingress'],
    'policy/v1': ['PodDisruptionBudget'],
    'scheduling.k8s.io/v1': ['PriorityClass'],
  };
  const singles: Array<[string, string]> = [
    ['v1', 'Binding'],
    ['policy/v1', 'Eviction'],
    ['authentication.k8s.io/v1', 'TokenRequest'],
    ['authentication.k8s.io/v1', 'SelfSubjectReview'],
    ['authorization.k8s.io/v1', 'SelfSubjectAccessReview'],
    ['autoscaling/v1', 'Scale'],
    ['v1', 'Status'],
    ['v1', 'DeleteOptions'],
    ['v1', 'WatchEvent'],
  ];
  const expected = [
    ...Object.entries(required).flatMap(([v, kinds]) =>
      kinds.flatMap((k) => [
        [v, k],
        [v, `${k}List`],
      ]),
    ),
    ...singles,
  ];

  it.each(expected)('has a schema for %s %s', (apiVersion, kind) => {
    expect(messageForKind(apiVersion, kind)).toBeDefined();
  });

  it('lists every kind it serves', () => {
    expect(servedKinds()).toContainEqual({ apiVersion: 'apps/v1', kind: 'DeploymentList' });
    expect(servedKinds()).toContainEqual({ apiVersion: '*', kind: 'DeleteOptions' });
  });
});
