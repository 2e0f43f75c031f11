import { Expectations } from 'src/controllers/runtime/expectations';
import { FinalizerExpectations, DEFAULT_JOB_OPTIONS, type JobSyncDeps } from 'src/controllers/job/job-context';
import { syncJob } from 'src/controllers/job/job-sync';
import { normalizeStatus } from 'src/controllers/job/job-tracking';
import { TRACKING_FINALIZER } from 'src/controllers/job/job-pods';
import type { KubeObject } from 'src/registry/generic/object';

const KEY = 'default/work';

/** An in-memory apiserver for one Job and its pods, recording what syncJob does. */
class FakeCluster {
  job: KubeObject;
  readonly pods = new Map<string, KubeObject>();
  readonly log: string[] = [];
  readonly requeues: number[] = [];
  /** For each status write: the status written and which pods still had the finalizer then. */
  readonly writes: { status: Record<string, any>; withFinalizer: string[] }[] = [];
  now = new Date('2026-01-01T00:00:00Z');
  private seq = 0;
  readonly deps: JobSyncDeps;

  constructor(spec: Record<string, unknown>, status: Record<string, unknown> = {}) {
    this.job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'work', namespace: 'default', uid: 'job-uid', generation: 1 },
      spec: { ...spec },
      status,
    };
    this.job.spec = { parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', template: { spec: { containers: [{ name: 'c' }] } }, ...spec };
    const notFound = Object.assign(new Error('gone'), { code: 404 });
    this.deps = {
      now: () => this.now,
      options: DEFAULT_JOB_OPTIONS,
      expectations: new Expectations(),
      finalizerExpectations: new FinalizerExpectations(),
      backoff: new Map(),
      podsForJob: async () => [...this.pods.values()].map((p) => structuredClone(p)),
      createPod: async (_job, pod) => {
        const name = `${pod.metadata.generateName}${++this.seq}`;
        const created = {
          ...pod,
          metadata: { ...pod.metadata, name, uid: `uid-${name}`, creationTimestamp: this.now.toISOString() },
          status: { phase: 'Pending' },
        };
        this.pods.set(created.metadata.uid, created);
        this.log.push(`create ${name}`);
      },
      deletePod: async (_job, pod) => {
        const p = this.pods.get(pod.metadata.uid!);
        if (!p) {
          throw notFound;
        }
        this.log.push(`delete ${p.metadata.name}`);
        p.metadata.deletionTimestamp = this.now.toISOString();
        this.gc(p);
      },
      patchPod: async (pod, patch) => {
        const p = this.pods.get(pod.metadata.uid!);
        if (!p) {
          throw notFound;
        }
        const drop = (patch.metadata as Record<string, string[]>)[`$deleteFromPrimitiveList/finalizers`] ?? [];
        p.metadata.finalizers = (p.metadata.finalizers ?? []).filter((f) => !drop.includes(f));
        this.log.push(`unfinalize ${p.metadata.name}`);
        this.gc(p);
      },
      updateStatus: async (job) => {
        const stored = normalizeStatus(structuredClone(job));
        this.writes.push({
          status: stored.status,
          withFinalizer: [...this.pods.values()].filter((p) => p.metadata.finalizers?.length).map((p) => p.metadata.name!),
        });
        this.job = { ...this.job, status: stored.status };
        return structuredClone(this.job);
      },
      event: (_job, type, reason, message) => this.log.push(`event ${type} ${reason}: ${message}`),
      requeueAfter: (_key, ms) => this.requeues.push(ms),
      isNotFound: (e) => (e as { code?: number }).code === 404,
      isNamespaceTerminating: () => false,
    };
  }

  private gc(p: KubeObject): void {
    if (p.metadata.deletionTimestamp && !p.metadata.finalizers?.length) {
      this.pods.delete(p.metadata.uid!);
    }
  }

  /** Runs one sync and observes its own pod creations (as the informer would). */
  async sync(): Promise<void> {
    const before = this.pods.size;
    await syncJob(this.deps, KEY, structuredClone(this.job));
    for (let i = before; i < this.pods.size; i++) {
      this.deps.expectations.creationObserved(KEY);
    }
  }

  /** The kubelet finishes a pod. */
  finish(name: string, phase: 'Succeeded' | 'Failed', at = this.now): void {
    const p = [...this.pods.values()].find((x) => x.metadata.name === name)!;
    const t = at.toISOString();
    p.status = { phase, containerStatuses: [{ name: 'c', state: { terminated: { exitCode: phase === 'Failed' ? 1 : 0, finishedAt: t } } }] };
  }

  names(): string[] {
    return [...this.pods.values()].map((p) => p.metadata.name!);
  }

  condition(type: string): Record<string, any> | undefined {
    return this.job.status?.conditions?.find((c: { type: string }) => c.type === type);
  }
}

describe('syncJob', () => {
  it('creates parallelism pods with the tracking finalizer and reports them active', async () => {
    const c = new FakeCluster({ completions: 3, parallelism: 2 });
    await c.sync();
    expect(c.names()).toEqual(['work-1', 'work-2']);
    expect([...c.pods.values()].every((p) => p.metadata.finalizers?.includes(TRACKING_FINALIZER))).toBe(true);
    expect(c.job.status).toEqual({ active: 2, ready: 0, terminating: 0, startTime: '2026-01-01T00:00:00Z', uncountedTerminatedPods: {} });
  });

  it('creates in slow-start batches (1, 2, 4 ...) and skips the rest after a failing batch', async () => {
    const c = new FakeCluster({ completions: 10, parallelism: 10 });
    let calls = 0;
    c.deps.createPod = ((orig) => async (job: KubeObject, pod: KubeObject) => {
      if (++calls === 4) {
        throw new Error('quota');
      }
      return orig(job, pod);
    })(c.deps.createPod);
    await expect(syncJob(c.deps, KEY, structuredClone(c.job))).rejects.toThrow('quota');
    // Batches of 1 and 2, then 3 of the batch of 4: the last 3 creations were never tried.
    expect(calls).toBe(7);
    expect(c.pods.size).toBe(6);
    expect(c.job.status.active).toBe(6);
    for (let i = 0; i < 5; i++) {
      c.deps.expectations.creationObserved(KEY);
    }
    expect(c.deps.expectations.satisfied(KEY)).toBe(false);
    c.deps.expectations.creationObserved(KEY);
    expect(c.deps.expectations.satisfied(KEY)).toBe(true);
  });

  it('counts finished pods through uncountedTerminatedPods before releasing them, then completes', async () => {
    const c = new FakeCluster({ completions: 3, parallelism: 2 });
    await c.sync();
    c.finish('work-1', 'Succeeded');
    c.finish('work-2', 'Succeeded');
    await c.sync();
    // First write: the UIDs are logged while both pods still hold their finalizer.
    expect(c.writes[1]).toEqual({
      status: expect.objectContaining({ uncountedTerminatedPods: { succeeded: ['uid-work-1', 'uid-work-2'] } }),
      withFinalizer: ['work-1', 'work-2', 'work-3'],
    });
    expect(c.writes[2].status).toEqual(expect.objectContaining({ succeeded: 2, uncountedTerminatedPods: {}, active: 1 }));
    expect(c.names()).toEqual(['work-1', 'work-2', 'work-3']);
    c.finish('work-3', 'Succeeded');
    await c.sync();
    const reached = { status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };
    expect(c.condition('SuccessCriteriaMet')).toMatchObject(reached);
    expect(c.condition('Complete')).toMatchObject(reached);
    expect(c.job.status).toMatchObject({ succeeded: 3, ready: 0, terminating: 0, uncountedTerminatedPods: {}, completionTime: '2026-01-01T00:00:00Z' });
    expect(c.job.status.active).toBeUndefined();
    expect(c.log).toContain('event Normal Completed: Job completed');
  });

  it('after a crash between writes, counts a pod logged as uncounted whose finalizer is gone exactly once', async () => {
    const c = new FakeCluster({ completions: 2 }, { succeeded: 0, uncountedTerminatedPods: { succeeded: ['uid-old'] }, startTime: '2026-01-01T00:00:00Z' });
    c.pods.set('uid-old', { metadata: { name: 'old', uid: 'uid-old', finalizers: [] }, status: { phase: 'Succeeded' } });
    await c.sync();
    expect(c.job.status).toMatchObject({ succeeded: 1, uncountedTerminatedPods: {}, active: 1 });
    await c.sync();
    expect(c.job.status.succeeded).toBe(1);
  });

  it('backs off before replacing a failed pod, 10 s after the first failure', async () => {
    const c = new FakeCluster({ completions: 1 });
    await c.sync();
    c.finish('work-1', 'Failed');
    c.now = new Date('2026-01-01T00:00:02Z');
    await c.sync();
    expect(c.names()).toEqual(['work-1']);
    expect(c.job.status).toMatchObject({ failed: 1, uncountedTerminatedPods: {} });
    expect(c.pods.get('uid-work-1')!.metadata.finalizers).toEqual([]);
    expect(c.requeues).toContain(8000);
    c.now = new Date('2026-01-01T00:00:11Z');
    await c.sync();
    expect(c.names()).toEqual(['work-1', 'work-2']);
  });

  it('fails past backoffLimit: FailureTarget first, active pods deleted, Failed once they are gone', async () => {
    const c = new FakeCluster({ completions: 2, parallelism: 2, backoffLimit: 0 });
    await c.sync();
    c.finish('work-1', 'Failed');
    await c.sync();
    const reason = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
    expect(c.condition('FailureTarget')).toMatchObject({ status: 'True', ...reason });
    expect(c.log).toContain('delete work-2');
    expect(c.names()).toEqual(['work-1']);
    expect(c.job.status).toMatchObject({ failed: 2, terminating: 1 });
    expect(c.job.status.active).toBeUndefined();
    expect(c.condition('Failed')).toBeUndefined();
    await c.sync();
    expect(c.condition('Failed')).toMatchObject({ status: 'True', ...reason });
    expect(c.log).toContain('event Warning BackoffLimitExceeded: Job has reached the specified backoff limit');
  });

  it('does not count an Ignored failure (the replacement still waits out the back-off)', async () => {
    const podFailurePolicy = { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [1] } }] };
    const c = new FakeCluster({ completions: 1, backoffLimit: 0, podFailurePolicy });
    await c.sync();
    c.finish('work-1', 'Failed');
    await c.sync();
    expect(c.condition('FailureTarget')).toBeUndefined();
    expect(c.job.status.failed).toBeUndefined();
    expect(c.names()).toEqual(['work-1']);
    c.now = new Date('2026-01-01T00:00:11Z');
    await c.sync();
    expect(c.names()).toEqual(['work-1', 'work-2']);
  });

  it('fails at once on a FailJob rule, with the rule in the message', async () => {
    const podFailurePolicy = { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'c', operator: 'NotIn', values: [0, 2] } }] };
    const c = new FakeCluster({ completions: 1, backoffLimit: 6, podFailurePolicy });
    await c.sync();
    c.finish('work-1', 'Failed');
    await c.sync();
    const message = 'Container c for pod default/work-1 failed with exit code 1 matching FailJob rule at index 0';
    expect(c.condition('FailureTarget')).toMatchObject({ reason: 'PodFailurePolicy', message });
    expect(c.condition('Failed')).toMatchObject({ reason: 'PodFailurePolicy', message });
  });

  it('Indexed: creates the missing indexes and removes a duplicate', async () => {
    const c = new FakeCluster({ completions: 3, parallelism: 3, completionMode: 'Indexed' });
    await c.sync();
    const indexes = [...c.pods.values()].map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']);
    expect(indexes).toEqual(['0', '1', '2']);
    const dup = structuredClone([...c.pods.values()][0]);
    dup.metadata = { ...dup.metadata, name: 'dup', uid: 'uid-dup', creationTimestamp: '2026-01-01T00:00:05Z' };
    c.pods.set('uid-dup', dup);
    await c.sync();
    expect(c.log).toContain('delete dup');
  });

  it('suspends: deletes the active pods and sets Suspended', async () => {
    const c = new FakeCluster({ completions: 1 });
    await c.sync();
    c.job.spec.suspend = true;
    c.job.metadata.generation = 2;
    await c.sync();
    expect(c.condition('Suspended')).toMatchObject({ status: 'True', reason: 'JobSuspended', message: 'Job suspended' });
    expect(c.pods.size).toBe(0);
    expect(c.log).toContain('event Normal Suspended: Job suspended');
  });
});
