import { fieldErrorMessage } from 'src/apiserver/status';
import type { KubeObject } from 'src/registry/generic/object';
import type { ResourceDefinition, StrategyContext } from 'src/registry/generic/resource';
import { configmap } from 'src/registry/core/configmap';
import { event } from 'src/registry/core/event';
import { limitrange } from 'src/registry/core/limitrange';
import { namespace } from 'src/registry/core/namespace';
import { node } from 'src/registry/core/node';
import { persistentvolume } from 'src/registry/core/persistentvolume';
import { persistentvolumeclaim } from 'src/registry/core/persistentvolumeclaim';
import { secret } from 'src/registry/core/secret';
import { service } from 'src/registry/core/service';
import { eventsEvent } from 'src/registry/events/event';

const ctx: StrategyContext = { namespace: 'default', now: new Date('2026-01-02T03:04:05Z') };

/** The store's create path: defaults, strategy, validation; returns rendered messages. */
function create(def: ResourceDefinition<KubeObject>, obj: KubeObject): string[] {
  def.defaults?.(obj, ctx);
  def.prepareForCreate?.(obj, ctx);
  return (def.validate?.(obj, ctx) ?? []).map(fieldErrorMessage);
}

/** The store's update path: defaults, status restored for resources with a status subresource, strategy, validation. */
function update(def: ResourceDefinition<KubeObject>, obj: KubeObject, old: KubeObject): string[] {
  def.defaults?.(obj, ctx);
  if ((def.subresources ?? []).some((s) => s.name === 'status')) {
    obj.status = old.status;
  }
  def.prepareForUpdate?.(obj, old, ctx);
  return (def.validateUpdate?.(obj, old, ctx) ?? []).map(fieldErrorMessage);
}

describe('namespaces', () => {
  it('get the kubernetes finalizer, Active phase and the name label', () => {
    const ns: KubeObject = { metadata: { name: 'team-a' } };
    expect(create(namespace, ns)).toEqual([]);
    expect(ns).toEqual({
      metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    expect(namespace.hasPendingFinalizers!(ns)).toBe(true);
    namespace.prepareForDelete!(ns);
    expect(namespace.selectableFields!['status.phase'](ns)).toBe('Terminating');
  });

  it('keep spec.finalizers on a main-resource update and names are DNS labels', () => {
    const old: KubeObject = { metadata: { name: 'a' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
    const next: KubeObject = { metadata: { name: 'a' }, spec: {} };
    expect(update(namespace, next, old)).toEqual([]);
    expect(next.spec.finalizers).toEqual(['kubernetes']);
    expect(namespace.nameValidator!('a.b', false)).toEqual(['must not contain dots']);
  });
});

describe('services', () => {
  it('default type, affinity, target ports, traffic policies, families and status', () => {
    const svc: KubeObject = { metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
    expect(create(service, svc)).toEqual([]);
    expect(svc.spec).toEqual({
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
    expect(svc.status).toEqual({ loadBalancer: {} });
  });

  it('default NodePort and LoadBalancer extras', () => {
    const svc: KubeObject = { metadata: { name: 'lb', namespace: 'default' }, spec: { type: 'LoadBalancer', ports: [{ port: 443, targetPort: 'https' }] } };
    expect(create(service, svc)).toEqual([]);
    expect(svc.spec.externalTrafficPolicy).toBe('Cluster');
    expect(svc.spec.allocateLoadBalancerNodePorts).toBe(true);
    expect(svc.spec.ports[0].targetPort).toBe('https');
  });

  it.each([
    [{ ports: [] }, ['spec.ports: Required value']],
    [{ clusterIP: 'None' }, []],
    [{ type: 'ExternalName' }, ['spec.externalName: Required value']],
    [{ type: 'Magic', ports: [{ port: 80 }] }, ['spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
    [{ ports: [{ port: 80 }, { port: 81 }] }, ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']],
    [
      { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] },
      ['spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}'],
    ],
    [{ ports: [{ port: 80, nodePort: 30080 }] }, ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]],
  ])('validate spec %j', (spec, expected) => {
    const svc: KubeObject = { metadata: { name: 'svc', namespace: 'default' }, spec: structuredClone(spec) };
    expect(create(service, svc)).toEqual(expected);
  });

  it('names are DNS-1035 labels; cluster IPs are kept and may not change', () => {
    expect(service.nameValidator!('1web', false)[0]).toMatch(/^a DNS-1035 label must consist of/);
    const old: KubeObject = { metadata: { name: 's', namespace: 'default' }, spec: { ports: [{ port: 80 }] } };
    create(service, old);
    old.spec.clusterIP = '10.96.0.10';
    old.spec.clusterIPs = ['10.96.0.10'];
    const replaced: KubeObject = { metadata: { name: 's', namespace: 'default' }, spec: { ports: [{ port: 80 }] } };
    expect(update(service, replaced, old)).toEqual([]);
    expect(replaced.spec.clusterIP).toBe('10.96.0.10');
    const moved: KubeObject = { metadata: { name: 's', namespace: 'default' }, spec: { ports: [{ port: 80 }], clusterIP: '10.96.0.11' } };
    expect(update(service, moved, old)).toEqual(['spec.clusterIPs[0]: Invalid value: ["10.96.0.11"]: may not change once set']);
  });
});

describe('configmaps and secrets', () => {
  it('freeze data once immutable', () => {
    const old: KubeObject = { metadata: { name: 'c', namespace: 'default' }, data: { a: '1' }, immutable: true };
    expect(update(configmap, { ...structuredClone(old), data: { a: '2' } }, old)).toEqual(['data: Forbidden: field is immutable when `immutable` is set']);
    expect(update(configmap, { ...structuredClone(old), immutable: false }, old)).toEqual(['immutable: Forbidden: field is immutable when `immutable` is set']);
  });

  it('check keys', () => {
    expect(create(configmap, { metadata: { name: 'c', namespace: 'default' }, data: { 'bad key': 'x' } })).toEqual([
      "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });

  it('secrets default to Opaque, fold stringData into data and keep their type', () => {
    const s: KubeObject = { metadata: { name: 's', namespace: 'default' }, stringData: { password: 'hunter2' } };
    expect(create(secret, s)).toEqual([]);
    expect(s).toEqual({ metadata: { name: 's', namespace: 'default' }, type: 'Opaque', data: { password: 'aHVudGVyMg==' } });
    expect(secret.selectableFields!.type(s)).toBe('Opaque');
    expect(update(secret, { ...structuredClone(s), type: 'kubernetes.io/tls' }, s)).toEqual([
      'type: Invalid value: "kubernetes.io/tls": field is immutable',
      'data[tls.crt]: Required value',
      'data[tls.key]: Required value',
    ]);
  });
});

describe('events', () => {
  const coreEvent = (): KubeObject => ({
    metadata: { name: 'web.1', namespace: 'default' },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', uid: 'u1' },
    reason: 'Scheduled',
    source: { component: 'default-scheduler' },
    type: 'Normal',
  });

  it('core/v1: namespaces must agree; fields are selectable', () => {
    const e = coreEvent();
    expect(create(event, e)).toEqual([]);
    expect(event.selectableFields!['involvedObject.name'](e)).toBe('web');
    expect(event.selectableFields!.source(e)).toBe('default-scheduler');
    e.involvedObject.namespace = 'other';
    expect(create(event, e)).toEqual(['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
  });

  it('events.k8s.io/v1: strict validation with internal field names', () => {
    const e: KubeObject = { metadata: { name: 'e', namespace: 'default' }, regarding: { kind: 'Pod', namespace: 'default', name: 'web' }, type: 'Info', deprecatedCount: 3 };
    expect(create(eventsEvent, e)).toEqual([
      'eventTime: Required value',
      'type: Invalid value: "": has invalid value: Info',
      'count: Invalid value: "": needs to be unset',
    ]);
    expect(eventsEvent.selectableFields!['regarding.name'](e)).toBe('web');
  });
});

describe('nodes, volumes, claims and limit ranges', () => {
  it('nodes: allocatable defaults to capacity, taints are checked', () => {
    const n: KubeObject = { metadata: { name: 'n1' }, spec: { taints: [{ key: 'a', effect: 'Sometimes' }] }, status: { capacity: { cpu: '4', memory: '8192Mi' } } };
    expect(create(node, n)).toEqual(['metadata.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"']);
    expect(n.status.allocatable).toEqual({ cpu: '4', memory: '8Gi' });
    expect(node.selectableFields!['spec.unschedulable'](n)).toBe('false');
  });

  it('persistentvolumes: Retain/Filesystem, Pending with a transition time, one source', () => {
    const pv: KubeObject = { metadata: { name: 'pv1' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } } };
    expect(create(persistentvolume, pv)).toEqual([]);
    expect(pv.spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem', hostPath: { path: '/data', type: '' } });
    expect(pv.status).toEqual({ phase: 'Pending', lastPhaseTransitionTime: '2026-01-02T03:04:05Z' });
    expect(create(persistentvolume, { metadata: { name: 'pv2' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } })).toEqual(['spec: Required value: must specify a volume type']);
  });

  it('persistentvolumeclaims: need access modes and storage', () => {
    const pvc: KubeObject = { metadata: { name: 'c', namespace: 'default' }, spec: {} };
    expect(create(persistentvolumeclaim, pvc)).toEqual(['spec.accessModes: Required value: at least 1 access mode is required', 'spec.resources[storage]: Required value']);
    expect(pvc.status).toEqual({ phase: 'Pending' });
    expect(pvc.spec.volumeMode).toBe('Filesystem');
  });

  it('limitranges: container defaults come from max and default', () => {
    const lr: KubeObject = { metadata: { name: 'l', namespace: 'default' }, spec: { limits: [{ type: 'Container', max: { cpu: '2' }, default: { memory: '512Mi' } }] } };
    expect(create(limitrange, lr)).toEqual([]);
    expect(lr.spec.limits[0]).toEqual({ type: 'Container', max: { cpu: '2' }, default: { memory: '512Mi', cpu: '2' }, defaultRequest: { memory: '512Mi', cpu: '2' } });
  });
});
