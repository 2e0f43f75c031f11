import { ensureCondition, newCondition, type JobCondition } from 'src/controllers/job/job-conditions';
import { activePodsForRemoval } from 'src/controllers/job/job-manage';
import { generateNameWithIndex, podForJob } from 'src/controllers/job/job-pod-template';
import { COMPLETION_INDEX, compareActivePods, completionIndex, isPodFailed, TRACKING_FINALIZER } from 'src/controllers/job/job-pods';
import type { KubeObject } from 'src/registry/generic/object';

const NOW = new Date('2026-01-01T00:00:00Z');

function pod(
  name: string,
  opts: { phase?: string; node?: string; ready?: string; restarts?: number; created?: string; deleting?: boolean; ix?: number } = {},
): KubeObject {
  return {
    metadata: {
      name,
      uid: name,
      creationTimestamp: opts.created ?? '2026-01-01T00:00:00Z',
      ...(opts.deleting ? { deletionTimestamp: '2026-01-01T00:01:00Z' } : {}),
      ...(opts.ix !== undefined ? { annotations: { [COMPLETION_INDEX]: String(opts.ix) } } : {}),
    },
    spec: { nodeName: opts.node },
    status: {
      phase: opts.phase ?? 'Running',
      conditions: opts.ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: opts.ready }] : [],
      containerStatuses: [{ restartCount: opts.restarts ?? 0 }],
    },
  };
}

describe('job pods', () => {
  const job = (spec: Record<string, unknown> = {}): KubeObject => ({ metadata: { name: 'j' }, spec });

  it.each([
    ['Failed', pod('a', { phase: 'Failed' }), job(), true],
    ['Running', pod('a'), job(), false],
    ['deleted before finishing', pod('a', { deleting: true }), job(), true],
    ['deleted after success', pod('a', { phase: 'Succeeded', deleting: true }), job(), false],
    ['deleted, but only Failed pods are replaced', pod('a', { deleting: true }), job({ podReplacementPolicy: 'Failed' }), false],
    ['deleted, with a podFailurePolicy', pod('a', { deleting: true }), job({ podFailurePolicy: { rules: [] } }), false],
  ])('isPodFailed: %s', (_what, p, j, want) => {
    expect(isPodFailed(p, j)).toBe(want);
  });

  it.each([
    ['3', 3],
    ['-1', -1],
    ['x', -1],
    [undefined, -1],
  ])('completion index %j is %i', (value, want) => {
    expect(completionIndex({ metadata: value === undefined ? {} : { annotations: { [COMPLETION_INDEX]: value } } })).toBe(want);
  });

  it('deletes first: unassigned, pending, not ready, ready for less time, more restarts, newer', () => {
    const pods = [
      pod('old-ready', { node: 'n', ready: '2026-01-01T00:00:01Z' }),
      pod('new-ready', { node: 'n', ready: '2026-01-01T00:00:09Z' }),
      pod('running', { node: 'n' }),
      pod('restarted', { node: 'n', restarts: 3 }),
      pod('pending', { node: 'n', phase: 'Pending' }),
      pod('unassigned', {}),
      pod('running-newer', { node: 'n', created: '2026-01-01T00:00:05Z' }),
    ];
    expect([...pods].sort(compareActivePods).map((p) => p.metadata.name)).toEqual([
      'unassigned',
      'pending',
      'restarted',
      'running-newer',
      'running',
      'new-ready',
      'old-ready',
    ]);
  });

  it('removes pods without a valid index and all but the best of a repeated index first', () => {
    const j = job({ completionMode: 'Indexed', completions: 3 });
    const pods = [pod('a0', { ix: 0, node: 'n' }), pod('b0', { ix: 0 }), pod('c1', { ix: 1 }), pod('d5', { ix: 5 }), pod('none')];
    expect(
      activePodsForRemoval(j, pods, 0)
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['b0', 'd5', 'none']);
    expect(
      activePodsForRemoval(j, pods, 4)
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['b0', 'c1', 'd5', 'none']);
  });
});

describe('pod template', () => {
  const indexedJob: KubeObject = {
    metadata: { name: 'sum', namespace: 'ns', uid: 'u1' },
    spec: {
      completionMode: 'Indexed',
      template: {
        metadata: { labels: { app: 'x' } },
        spec: { initContainers: [{ name: 'init' }], containers: [{ name: 'main', env: [{ name: 'A', value: '1' }] }] },
      },
    },
  };

  it('gives an Indexed pod its index, hostname, env and the tracking finalizer', () => {
    const p = podForJob(indexedJob, 2);
    const env = { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.labels['${COMPLETION_INDEX}']` } } };
    expect(p.metadata).toEqual({
      generateName: 'sum-2-',
      namespace: 'ns',
      labels: { app: 'x', [COMPLETION_INDEX]: '2' },
      annotations: { [COMPLETION_INDEX]: '2' },
      finalizers: [TRACKING_FINALIZER],
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'sum', uid: 'u1', controller: true, blockOwnerDeletion: true }],
    });
    expect(p.spec.hostname).toBe('sum-2');
    expect(p.spec.initContainers[0].env).toEqual([env]);
    expect(p.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }, env]);
    expect(indexedJob.spec.template.spec.containers[0].env).toHaveLength(1);
  });

  it('names NonIndexed pods <job>-', () => {
    const p = podForJob({ metadata: { name: 'plain', uid: 'u' }, spec: { template: { spec: { containers: [{ name: 'c' }] } } } });
    expect(p.metadata.generateName).toBe('plain-');
    expect(p.spec.hostname).toBeUndefined();
    expect(p.metadata.labels).toBeUndefined();
  });

  it('cuts long job names so generateName stays within 58 characters', () => {
    expect(generateNameWithIndex('j'.repeat(63), 12)).toBe(`${'j'.repeat(54)}-12-`);
  });
});

describe('job conditions', () => {
  const cond = (type: string, status: JobCondition['status'], reason: string): JobCondition =>
    newCondition(type, status, reason, '', new Date('2025-12-31T00:00:00Z'));

  it.each([
    ['appends a new True condition', [], 'Suspended', 'True', 'JobSuspended', 1, true],
    ['does not append a False one', [], 'Suspended', 'False', 'JobResumed', 0, false],
    ['updates a changed one with a new transition time', [cond('Suspended', 'True', 'JobSuspended')], 'Suspended', 'False', 'JobResumed', 1, true],
    ['leaves an equal one alone', [cond('Suspended', 'True', 'JobSuspended')], 'Suspended', 'True', 'JobSuspended', 1, false],
  ] as const)('%s', (_what, list, type, status, reason, length, changed) => {
    const res = ensureCondition([...list], type, status, reason, '', NOW);
    expect(res.changed).toBe(changed);
    expect(res.conditions).toHaveLength(length);
    if (changed) {
      expect(res.conditions[0]).toEqual({ type, status, reason, lastProbeTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z' });
    }
  });
});
