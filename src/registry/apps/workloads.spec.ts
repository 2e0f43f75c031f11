import { fieldErrorMessage } from 'src/apiserver/status';
import type { KubeObject } from 'src/registry/generic/object';
import type { ResourceDefinition, StrategyContext } from 'src/registry/generic/resource';
import { daemonset, TEMPLATE_GENERATION_ANNOTATION } from 'src/registry/apps/daemonset';
import { replicaset } from 'src/registry/apps/replicaset';
import { statefulset } from 'src/registry/apps/statefulset';
import { controllerrevision } from 'src/registry/apps/controllerrevision';
import { replicationcontroller } from 'src/registry/core/replicationcontroller';

const ctx: StrategyContext = { namespace: 'default', now: new Date('2026-01-01T00:00:00Z') };

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

const template = () => ({ metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:17' }] } });
const workload = (spec: object = {}): KubeObject => ({ metadata: { name: 'db', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'db' } }, template: template(), ...spec } });

describe('statefulsets', () => {
  it('defaults like a 1.35 cluster', () => {
    const obj = workload({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] });
    expect(create(statefulset, obj)).toEqual([]);
    const { template: _t, selector: _s, ...rest } = obj.spec;
    expect(rest).toEqual({
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      podManagementPolicy: 'OrderedReady',
      replicas: 1,
      revisionHistoryLimit: 10,
      serviceName: '',
      updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
          status: { phase: 'Pending' },
        },
      ],
    });
    expect(obj.status).toEqual({ replicas: 0, availableReplicas: 0 });
  });

  it('uses DNS-1123 labels for names and rejects bad policies', () => {
    expect(statefulset.nameValidator!('db.v1', false)).toEqual(['must not contain dots']);
    const obj = workload({ podManagementPolicy: 'Sometimes', selector: {} });
    expect(create(statefulset, obj)).toEqual([
      'spec.podManagementPolicy: Invalid value: "Sometimes": must be \'OrderedReady\' or \'Parallel\'',
      'spec.selector: Invalid value: {}: empty selector is invalid for statefulset',
    ]);
  });

  it('forbids spec changes outside the updatable fields, and selector changes', () => {
    const old = workload();
    create(statefulset, old);
    const next = structuredClone(old);
    next.spec.serviceName = 'other';
    next.spec.replicas = 3;
    expect(update(statefulset, next, old)).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
    const moved = structuredClone(old);
    moved.spec.selector = { matchLabels: { app: 'db', v: '2' } };
    moved.spec.template.metadata.labels = { app: 'db', v: '2' };
    expect(update(statefulset, moved, old)).toContain('spec.selector: Invalid value: {"matchLabels":{"app":"db","v":"2"}}: field is immutable');
  });
});

describe('daemonsets', () => {
  it('defaults the update strategy and records the template generation annotation', () => {
    const obj = workload();
    expect(create(daemonset, obj)).toEqual([]);
    expect(obj.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(obj.spec.revisionHistoryLimit).toBe(10);
    expect(obj.metadata.annotations).toEqual({ [TEMPLATE_GENERATION_ANNOTATION]: '1' });
    expect(obj.status).toEqual({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });
  });

  it('bumps the template generation only when the template changes', () => {
    const old = workload();
    create(daemonset, old);
    const same = structuredClone(old);
    update(daemonset, same, old);
    expect(same.metadata.annotations![TEMPLATE_GENERATION_ANNOTATION]).toBe('1');
    const changed = structuredClone(old);
    changed.spec.template.spec.containers[0].image = 'postgres:18';
    expect(update(daemonset, changed, old)).toEqual([]);
    expect(changed.metadata.annotations![TEMPLATE_GENERATION_ANNOTATION]).toBe('2');
  });

  it('rejects a rolling update with both surge and unavailability', () => {
    const obj = workload({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } });
    expect(create(daemonset, obj)).toEqual(['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero']);
  });
});

describe('replicasets and replicationcontrollers', () => {
  it('replicasets default to one replica and keep their selector', () => {
    const obj = workload();
    expect(create(replicaset, obj)).toEqual([]);
    expect(obj.spec.replicas).toBe(1);
    expect(obj.status).toEqual({ replicas: 0 });
    expect(replicaset.selectableFields!['status.replicas'](obj)).toBe('0');
    const next = structuredClone(obj);
    next.spec.selector = { matchLabels: { app: 'x' } };
    next.spec.template.metadata.labels = { app: 'x' };
    expect(update(replicaset, next, obj)).toEqual(['spec.selector: Invalid value: {"matchLabels":{"app":"x"}}: field is immutable']);
  });

  it('replicationcontrollers take selector and labels from the template', () => {
    const obj: KubeObject = { metadata: { name: 'rc', namespace: 'default' }, spec: { template: template() } };
    expect(create(replicationcontroller, obj)).toEqual([]);
    expect(obj.spec.selector).toEqual({ app: 'db' });
    expect(obj.metadata.labels).toEqual({ app: 'db' });
    expect(obj.spec.replicas).toBe(1);
  });

  it('replicationcontrollers need a selector', () => {
    const obj: KubeObject = { metadata: { name: 'rc', namespace: 'default' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }] } } } };
    expect(create(replicationcontroller, obj)).toEqual(['spec.selector: Required value']);
  });
});

describe('controllerrevisions', () => {
  it('require data and keep it immutable', () => {
    expect(create(controllerrevision, { metadata: { name: 'r', namespace: 'default' }, revision: 1 })).toEqual(['data: Required value: data is mandatory']);
    const old: KubeObject = { metadata: { name: 'r', namespace: 'default' }, revision: 1, data: { a: 1 } };
    expect(update(controllerrevision, { ...old, data: { a: 2 } }, old)).toEqual(['data: Invalid value: {"a":2}: field is immutable']);
  });
});
