import { defaultManager, resetFieldsFor } from 'src/registry/generic/managed-fields/defaults';
import { DEPLOYMENT, resolve } from 'src/registry/generic/managed-fields/test-schema';
import type { ManagedFieldsEntry, UpdateArgs } from 'src/registry/generic/managed-fields/types';
import { updateManagedFields } from 'src/registry/generic/managed-fields/update';
import type { KubeObject } from 'src/registry/generic/object';

const T0 = new Date('2026-11-23T10:00:00.123Z');
const T1 = new Date('2026-11-23T10:05:00Z');

/** A Deployment as `kubectl create deployment web --image=nginx` stores it, after defaulting. */
function created(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: 'u-1',
      resourceVersion: '7',
      generation: 1,
      creationTimestamp: '2026-11-23T10:00:00Z',
      labels: { app: 'web' },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'nginx', image: 'nginx', imagePullPolicy: 'Always', resources: {} }],
          restartPolicy: 'Always',
          dnsPolicy: 'ClusterFirst',
          terminationGracePeriodSeconds: 30,
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  };
}

function update(args: Partial<UpdateArgs> & Pick<UpdateArgs, 'old' | 'next' | 'manager'>): ManagedFieldsEntry[] {
  return updateManagedFields({ now: T0, schema: DEPLOYMENT, resolve, resetFields: resetFieldsFor(true), ...args });
}

/** The stored object after a create by kubectl-create. */
function stored(): KubeObject {
  const obj = created();
  obj.metadata.managedFields = update({ old: undefined, next: created(), manager: 'kubectl-create' });
  return obj;
}

const CREATE_FIELDS = {
  'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
  'f:spec': {
    'f:progressDeadlineSeconds': {},
    'f:replicas': {},
    'f:revisionHistoryLimit': {},
    'f:selector': {},
    'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
    'f:template': {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {}, 'f:resources': {} } },
        'f:dnsPolicy': {},
        'f:restartPolicy': {},
        'f:terminationGracePeriodSeconds': {},
      },
    },
  },
};

describe('updateManagedFields', () => {
  it('gives a create everything it set, as upstream writes it (no "." on spec, template or metadata; status reset)', () => {
    const entries = update({ old: undefined, next: created(), manager: 'kubectl-create' });
    expect(JSON.stringify(entries)).toBe(
      JSON.stringify([
        {
          manager: 'kubectl-create',
          operation: 'Update',
          apiVersion: 'apps/v1',
          time: '2026-11-23T10:00:00Z',
          fieldsType: 'FieldsV1',
          fieldsV1: CREATE_FIELDS,
        },
      ]),
    );
  });

  it('moves the fields a second manager changes to it, keeping the first entry and its time', () => {
    const next = stored();
    next.spec.replicas = 3;
    next.metadata.labels = { app: 'web', tier: 'fe' };
    const entries = update({ old: stored(), next, manager: 'kubectl-edit', now: T1 });
    const { 'f:replicas': _moved, ...specRest } = CREATE_FIELDS['f:spec'];
    expect(entries).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2026-11-23T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { ...CREATE_FIELDS, 'f:spec': specRest },
      },
      {
        manager: 'kubectl-edit',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2026-11-23T10:05:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': { 'f:tier': {} } }, 'f:spec': { 'f:replicas': {} } },
      },
    ]);
  });

  it('takes changed fields from Apply entries too, and removed fields from everybody', () => {
    const old = created();
    old.metadata.managedFields = [
      {
        manager: 'helm',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2026-11-23T09:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:replicas': {}, 'f:revisionHistoryLimit': {} } },
      },
    ];
    const next = created();
    next.spec.replicas = 5;
    delete next.spec.revisionHistoryLimit;
    expect(update({ old, next, manager: 'kubectl-scale', now: T1 })).toEqual([
      {
        manager: 'helm',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2026-11-23T09:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } } },
      },
      {
        manager: 'kubectl-scale',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2026-11-23T10:05:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
    ]);
  });

  it('leaves entries and times alone when the write changes nothing a manager can own', () => {
    const next = stored();
    next.metadata.resourceVersion = '8';
    next.status = { replicas: 1 };
    expect(update({ old: stored(), next, manager: 'kubectl-edit', now: T1 })).toEqual(stored().metadata.managedFields);
  });

  it('tracks status writes per subresource, with spec reset', () => {
    const next = stored();
    next.status = { replicas: 1, observedGeneration: 1 };
    next.spec.replicas = 9;
    const entries = update({
      old: stored(),
      next,
      manager: 'kube-controller-manager',
      subresource: 'status',
      resetFields: resetFieldsFor(true, 'status'),
      now: T1,
    });
    expect(entries[1]).toEqual({
      manager: 'kube-controller-manager',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: '2026-11-23T10:05:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:status': { 'f:observedGeneration': {}, 'f:replicas': {} } },
      subresource: 'status',
    });
    expect(Object.keys(entries[1])).toEqual(['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1', 'subresource']);
  });

  it.each([
    ['a stored object without managed fields stays untracked', { ...created(), metadata: { ...created().metadata } }, undefined],
    ['a request with [{}] clears them', stored(), [{}]],
    ['a request with [] clears them', stored(), []],
  ])('%s', (_name, old, requested) => {
    const next = stored();
    next.spec.replicas = 2;
    next.metadata.managedFields = requested;
    expect(update({ old, next, manager: 'kubectl-edit' })).toEqual([]);
  });

  it('starts from the managed fields the request carries when they are valid, else from the stored ones', () => {
    const next = created();
    next.metadata.managedFields = [
      { manager: 'x', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:paused': {} } } },
    ];
    expect(update({ old: stored(), next, manager: 'kubectl-edit' }).map((e) => e.manager)).toEqual(['x']);
    next.metadata.managedFields = [{ manager: 'x', operation: 'Bogus', apiVersion: 'apps/v1' }];
    expect(update({ old: stored(), next, manager: 'kubectl-edit' }).map((e) => e.manager)).toEqual(['kubectl-create']);
  });

  it("hands back an untouched manager's stored fieldsV1 as it is and encodes the changed ones anew", () => {
    const old = stored();
    const next = structuredClone(old);
    next.metadata.labels = { ...next.metadata.labels, extra: 'x' };
    const entries = update({ old, next, manager: 'labeller', now: T1 });
    const [create, labeller] = entries;
    expect([create.manager, labeller.manager]).toEqual(['kubectl-create', 'labeller']);
    // kubectl-create's set did not change: its fieldsV1 is the stored object's, not a new emit.
    expect(create.fieldsV1).toBe((old.metadata.managedFields as ManagedFieldsEntry[])[0].fieldsV1);
    expect(labeller.fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { 'f:extra': {} } } });
    next.metadata.managedFields = entries;
    // A write that takes a field from kubectl-create re-encodes its set without that field.
    const again = structuredClone(next);
    again.spec.replicas = 3;
    const [create2] = update({ old: next, next: again, manager: 'scaler', now: T1 });
    expect(create2.fieldsV1).not.toBe(create.fieldsV1);
    expect(create2.fieldsV1['f:spec']).not.toHaveProperty('f:replicas');
    // The labeller changing its own label again keeps its set, and so its stored fieldsV1.
    const relabel = structuredClone(next);
    relabel.metadata.labels = { ...relabel.metadata.labels, extra: 'y' };
    const relabelled = update({ old: next, next: relabel, manager: 'labeller', now: T1 });
    expect(relabelled.map((e) => e.manager)).toEqual(['kubectl-create', 'labeller']);
    expect(relabelled[1].fieldsV1).toBe(labeller.fieldsV1);
  });

  it('treats stored managed fields whose fieldsV1 does not decode as none once a write uses them', () => {
    const old = stored();
    (old.metadata.managedFields as ManagedFieldsEntry[])[0].fieldsV1 = { 'k:not json': {} };
    const next = structuredClone(old);
    next.metadata.labels = { ...next.metadata.labels, extra: 'x' };
    // Upstream's decodeLiveOrNew falls back to empty managed fields, and an object that has a
    // uid but no managers stays untracked: the entries go.
    expect(update({ old, next, manager: 'kubectl-create', now: T1 })).toEqual([]);
    delete next.metadata.managedFields;
    expect(update({ old, next, manager: 'kubectl-create', now: T1 })).toEqual([]);
    // Stored fieldsV1 are decoded on first use: a write that never looks into the broken entry
    // (another manager's, sharing no field with the write) keeps it as stored, where upstream
    // would have dropped it.
    const other = update({ old, next, manager: 'labeller', now: T1 });
    expect(other.map((e) => [e.manager, e.fieldsV1])).toEqual([
      ['kubectl-create', { 'k:not json': {} }],
      ['labeller', { 'f:metadata': { 'f:labels': { 'f:extra': {} } } }],
    ]);
  });

  it('merges the oldest of more than ten update managers into ancient-changes', () => {
    let obj = stored();
    for (let i = 0; i < 11; i++) {
      const next = structuredClone(obj);
      next.metadata.labels = { ...next.metadata.labels, [`l${i}`]: 'x' };
      next.metadata.managedFields = update({ old: obj, next, manager: `m${i}`, now: new Date(T1.getTime() + i * 1000) });
      obj = next;
    }
    const managers = (obj.metadata.managedFields as ManagedFieldsEntry[]).map((e) => e.manager);
    // kubectl-create and m0 went into the bucket at m9's write, m1 at m10's; the bucket takes
    // the time of the last entry merged into it.
    expect(managers).toEqual(['ancient-changes', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10']);
    const ancient = (obj.metadata.managedFields as ManagedFieldsEntry[])[0];
    expect(ancient.time).toBe('2026-11-23T10:05:01Z');
    expect(JSON.stringify(ancient.fieldsV1['f:metadata'])).toBe(JSON.stringify({ 'f:labels': { '.': {}, 'f:app': {}, 'f:l0': {}, 'f:l1': {} } }));
    expect(ancient.fieldsV1['f:spec']).toEqual(CREATE_FIELDS['f:spec']);
  });
});

describe('defaultManager', () => {
  it.each([
    ['kubectl/v1.35.0 (linux/amd64) kubernetes/66452049', 'kubectl'],
    ['node-fetch', 'node-fetch'],
    ['Helm/4.1.4', 'Helm'],
    ['', ''],
    ['a\u0007b/1', 'ab'],
    ['x'.repeat(200), 'x'.repeat(128)],
  ])('%j → %j', (ua, manager) => {
    expect(defaultManager(ua)).toBe(manager);
  });
});
