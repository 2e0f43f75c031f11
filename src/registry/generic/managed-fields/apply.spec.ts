import { serverSideApply } from 'src/registry/generic/managed-fields/apply';
import { conflictError } from 'src/registry/generic/managed-fields/conflicts';
import { resetFieldsFor } from 'src/registry/generic/managed-fields/defaults';
import { LAST_APPLIED_ANNOTATION } from 'src/registry/generic/managed-fields/last-applied';
import { CONFIG_MAP, DEPLOYMENT, resolve } from 'src/registry/generic/managed-fields/test-schema';
import type { ApplyArgs, ApplyResult, ManagedFieldsEntry } from 'src/registry/generic/managed-fields/types';
import { updateManagedFields } from 'src/registry/generic/managed-fields/update';
import type { KubeObject } from 'src/registry/generic/object';

const T0 = new Date('2026-11-23T10:00:00Z');
const T1 = new Date('2026-11-23T10:05:00Z');
const T2 = new Date('2026-11-23T10:10:00Z');

type Ok = Extract<ApplyResult, { object: unknown }>;

function applyCm(live: KubeObject | undefined, applied: KubeObject, more: Partial<ApplyArgs> = {}): ApplyResult {
  return serverSideApply({
    live,
    applied,
    manager: 'kubectl',
    force: false,
    now: T0,
    schema: CONFIG_MAP,
    resolve,
    apiVersion: 'v1',
    kind: 'ConfigMap',
    ...more,
  });
}

function applyDeploy(live: KubeObject | undefined, applied: KubeObject, more: Partial<ApplyArgs> = {}): ApplyResult {
  return serverSideApply({
    live,
    applied,
    manager: 'helm',
    force: false,
    now: T1,
    schema: DEPLOYMENT,
    resolve,
    resetFields: resetFieldsFor(true),
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    ...more,
  });
}

function ok(r: ApplyResult): Ok {
  if ('conflicts' in r) {
    throw new Error(`unexpected conflicts: ${JSON.stringify(r.conflicts)}`);
  }
  return r;
}

/** What the store adds to a created object. */
function stored(obj: KubeObject): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, uid: 'u-1', resourceVersion: '5', creationTimestamp: '2026-11-23T10:00:00Z' } };
}

const cm = (data: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm', namespace: 'default', ...extra },
  data,
});

const entry = (manager: string, operation: 'Apply' | 'Update', time: string, fieldsV1: object, apiVersion = 'v1'): ManagedFieldsEntry =>
  ({ manager, operation, apiVersion, time, fieldsType: 'FieldsV1', fieldsV1 }) as ManagedFieldsEntry;

/** A Deployment created by client-side `kubectl apply` (manager kubectl-client-side-apply). */
function csaDeployment(annotation?: string): KubeObject {
  const obj: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, ...(annotation ? { annotations: { [LAST_APPLIED_ANNOTATION]: annotation } } : {}) },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', imagePullPolicy: 'Always' }] } },
    },
  };
  obj.metadata.managedFields = updateManagedFields({
    old: undefined,
    next: obj,
    manager: 'kubectl-client-side-apply',
    now: T0,
    schema: DEPLOYMENT,
    resolve,
    resetFields: resetFieldsFor(true),
  });
  return stored(obj);
}

/** The same Deployment as an apply configuration with a different replica count. */
function webConfig(replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
    },
  };
}

const HELM_WEB_FIELDS = {
  'f:spec': {
    'f:replicas': {},
    'f:selector': {},
    'f:template': {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
    },
  },
};

describe('serverSideApply', () => {
  it('creates the object when there is none, owning exactly the applied fields', () => {
    const r = ok(applyCm(undefined, cm({ a: '1', b: '2' }, { labels: { app: 'x' } })));
    expect(r.changed).toBe(true);
    expect(r.object).toEqual({
      ...cm({ a: '1', b: '2' }, { labels: { app: 'x' } }),
      metadata: {
        name: 'cm',
        namespace: 'default',
        labels: { app: 'x' },
        managedFields: [
          entry('kubectl', 'Apply', '2026-11-23T10:00:00Z', { 'f:data': { 'f:a': {}, 'f:b': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } }),
        ],
      },
    });
    expect(r.managedFields).toEqual(r.object.metadata.managedFields);
  });

  it('removes a field the manager applied before and no longer specifies', () => {
    const live = stored(ok(applyCm(undefined, cm({ a: '1', b: '2' }))).object);
    const r = ok(applyCm(live, cm({ a: '1' }), { now: T1 }));
    expect(r.object.data).toEqual({ a: '1' });
    expect(r.object.metadata.uid).toBe('u-1');
    expect(r.managedFields).toEqual([entry('kubectl', 'Apply', '2026-11-23T10:05:00Z', { 'f:data': { 'f:a': {} } })]);
  });

  it('keeps the time when a re-apply changes nothing', () => {
    const live = stored(ok(applyCm(undefined, cm({ a: '1' }))).object);
    const r = ok(applyCm(live, cm({ a: '1' }), { now: T1 }));
    expect(r.changed).toBe(false);
    expect(r.managedFields[0].time).toBe('2026-11-23T10:00:00Z');
  });

  it('keeps a dropped field that another manager owns too', () => {
    const first = stored(ok(applyCm(undefined, cm({ a: '1' }, { labels: { app: 'x', team: 'a' } }))).object);
    const next = structuredClone(first);
    next.metadata.labels = { app: 'x', team: 'b' };
    next.metadata.managedFields = updateManagedFields({ old: first, next, manager: 'kubectl-label', now: T1, schema: CONFIG_MAP, resolve });
    const r = ok(applyCm(next, cm({ a: '1' }, { labels: { app: 'x' } }), { now: T2 }));
    expect(r.object.metadata.labels).toEqual({ app: 'x', team: 'b' });
    expect(r.managedFields.map((e) => [e.manager, e.fieldsV1])).toEqual([
      ['kubectl', { 'f:data': { 'f:a': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } }],
      ['kubectl-label', { 'f:metadata': { 'f:labels': { 'f:team': {} } } }],
    ]);
  });

  it('answers a conflict with another manager’s Update with the 409 upstream sends', () => {
    const r = applyDeploy(csaDeployment(), webConfig(3));
    expect(r).toEqual({ conflicts: [{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', field: '.spec.replicas' }] });
    const status = conflictError((r as { conflicts: never[] }).conflicts).status;
    expect(JSON.stringify(status)).toBe(
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
        reason: 'Conflict',
        details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }] },
        code: 409,
      }),
    );
  });

  it('takes ownership with force, sharing the fields it set to equal values', () => {
    const live = csaDeployment();
    const r = ok(applyDeploy(live, webConfig(3), { force: true }));
    expect(r.object.spec.replicas).toBe(3);
    expect(r.object.spec.template.spec.containers).toEqual([{ name: 'nginx', image: 'nginx', imagePullPolicy: 'Always' }]);
    const csa = (live.metadata.managedFields as ManagedFieldsEntry[])[0].fieldsV1 as { 'f:spec': Record<string, unknown> };
    const { 'f:replicas': _taken, ...csaSpec } = csa['f:spec'];
    expect(r.managedFields).toEqual([
      entry('helm', 'Apply', '2026-11-23T10:05:00Z', HELM_WEB_FIELDS, 'apps/v1'),
      entry('kubectl-client-side-apply', 'Update', '2026-11-23T10:00:00Z', { ...csa, 'f:spec': csaSpec }, 'apps/v1'),
    ]);
  });

  it('lets kubectl take over from client-side apply without conflict and keeps last-applied in step', () => {
    const annotation = `${JSON.stringify(webConfig(1))}\n`;
    const r = ok(applyDeploy(csaDeployment(annotation), webConfig(3), { manager: 'kubectl' }));
    expect(r.object.spec.replicas).toBe(3);
    expect(r.object.metadata.annotations).toEqual({
      [LAST_APPLIED_ANNOTATION]:
        '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx","name":"nginx"}]}}}}\n',
    });
    expect(r.managedFields.map((e) => e.manager)).toEqual(['kubectl', 'kubectl-client-side-apply']);
  });

  it('merges map-list items by key: other items stay in place, shared ones follow the configuration', () => {
    const live = csaDeployment();
    const r = ok(applyDeploy(live, { ...webConfig(1), spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox' }] } } } }));
    expect(r.object.spec.template.spec.containers).toEqual([
      { name: 'nginx', image: 'nginx', imagePullPolicy: 'Always' },
      { name: 'sidecar', image: 'busybox' },
    ]);
    expect(r.managedFields[0].fieldsV1).toEqual({
      'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"sidecar"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } },
    });

    const three = { ...webConfig(1), spec: { template: { spec: { containers: ['a', 'b', 'c'].map((name) => ({ name, image: name })) } } } };
    const reordered = ok(
      applyDeploy(stored(three), {
        ...three,
        spec: {
          template: {
            spec: {
              containers: [
                { name: 'c', image: 'c' },
                { name: 'a', image: 'a' },
              ],
            },
          },
        },
      }),
    );
    expect(reordered.object.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['b', 'c', 'a']);
  });

  it('removes a list item it applied before and dropped, leaving the other items', () => {
    const both = {
      ...webConfig(1),
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'nginx', image: 'nginx' },
              { name: 'sidecar', image: 'busybox' },
            ],
          },
        },
      },
    };
    const live = stored(ok(applyDeploy(undefined, both)).object);
    live.spec.template.spec.containers[1].imagePullPolicy = 'Always';
    const r = ok(applyDeploy(live, { ...both, spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } } }));
    expect(r.object.spec.template.spec.containers).toEqual([{ name: 'nginx', image: 'nginx' }]);
  });

  it('treats a kind without schema as untyped: maps granular, lists atomic', () => {
    const cr = (spec: object): KubeObject => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec });
    const args = { manager: 'ctl', force: false, now: T0, schema: undefined, resolve, apiVersion: 'example.com/v1', kind: 'Widget' };
    const first = ok(serverSideApply({ ...args, live: undefined, applied: cr({ a: 1, b: { c: 2 }, list: [1, 2] }) }));
    expect(first.managedFields[0].fieldsV1).toEqual({ 'f:spec': { '.': {}, 'f:a': {}, 'f:b': { '.': {}, 'f:c': {} }, 'f:list': {} } });
    const second = ok(serverSideApply({ ...args, live: stored(first.object), applied: cr({ a: 1, list: [3] }) }));
    expect(second.object.spec).toEqual({ a: 1, list: [3] });
  });

  it('records what an object without managed fields held as before-first-apply, which then conflicts', () => {
    const r = applyCm(stored(cm({ a: '1' })), cm({ a: '2' }));
    expect(r).toEqual({ conflicts: [{ manager: 'before-first-apply', operation: 'Update', apiVersion: 'v1', field: '.data.a' }] });
    const forced = ok(applyCm(stored(cm({ a: '1', b: '1' })), cm({ a: '2' }), { force: true }));
    expect(forced.managedFields).toEqual([
      entry('kubectl', 'Apply', '2026-11-23T10:00:00Z', { 'f:data': { 'f:a': {} } }),
      entry('before-first-apply', 'Update', '2026-11-23T10:00:00Z', { 'f:data': { '.': {}, 'f:b': {} } }),
    ]);
  });

  it('unions set lists (finalizers) and removes only its own items', () => {
    const live = cm({ a: '1' }, { finalizers: ['example.com/a'] });
    live.metadata.managedFields = [entry('ctrl', 'Update', '2026-11-23T09:00:00Z', { 'f:metadata': { 'f:finalizers': { '.': {}, 'v:"example.com/a"': {} } } })];
    const added = ok(applyCm(stored(live), cm({}, { finalizers: ['example.com/b'] })));
    expect(added.object.metadata.finalizers).toEqual(['example.com/a', 'example.com/b']);
    expect(added.managedFields[0].fieldsV1).toEqual({ 'f:data': {}, 'f:metadata': { 'f:finalizers': { 'v:"example.com/b"': {} } } });
    const removed = ok(applyCm(stored(added.object), cm({}), { now: T1 }));
    expect(removed.object.metadata.finalizers).toEqual(['example.com/a']);
    expect(removed.object.data).toEqual({ a: '1' });
  });

  it('replaces atomic lists whole and never owns reset fields (status)', () => {
    const withArgs = (args: string[]): KubeObject => ({
      ...webConfig(1),
      spec: { template: { spec: { containers: [{ name: 'nginx', args }] } } },
      status: { replicas: 7 },
    });
    const first = stored(ok(applyDeploy(undefined, withArgs(['x', 'y']))).object);
    const r = ok(applyDeploy(first, withArgs(['z'])));
    expect(r.object.spec.template.spec.containers[0].args).toEqual(['z']);
    expect(r.managedFields[0].fieldsV1).toEqual({
      'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:args': {}, 'f:name': {} } } } } },
    });
  });

  it.each([
    ['another kind', { ...webConfig(1), kind: 'ReplicaSet' }, 400, 'invalid object type: apps/v1, Kind=ReplicaSet'],
    ['managedFields', { ...webConfig(1), metadata: { name: 'web', managedFields: [] } }, 400, 'metadata.managedFields must be nil'],
    [
      'duplicate keys',
      { ...webConfig(1), spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'a' }] } } } },
      500,
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name="a"]',
    ],
  ])('rejects %s as upstream does', (_name, applied, code, message) => {
    expect(() => applyDeploy(undefined, applied as KubeObject)).toThrow(expect.objectContaining({ code, message }));
  });
});
