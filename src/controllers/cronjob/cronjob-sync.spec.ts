import { jobFromTemplate, jobsBeyondHistory } from 'src/controllers/cronjob/cronjob-jobs';
import { cleanupFinishedJobs, syncCronJob, type CronJobSyncDeps } from 'src/controllers/cronjob/cronjob-sync';
import type { KubeObject } from 'src/registry/generic/object';

const CJ_UID = 'cj-uid';

function cronJob(spec: Record<string, unknown> = {}, status: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'cj', namespace: 'default', uid: CJ_UID, creationTimestamp: '2026-01-01T09:59:30Z' },
    spec: {
      schedule: '* * * * *',
      concurrencyPolicy: 'Allow',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { labels: { app: 'x' } }, spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } },
      ...spec,
    },
    status,
  };
}

function job(name: string, state: 'running' | 'Complete' | 'Failed', startTime?: string, uid = `${name}-uid`): KubeObject {
  const conditions = state === 'running' ? [] : [{ type: state, status: 'True' }];
  return {
    metadata: { name, namespace: 'default', uid, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'cj', uid: CJ_UID, controller: true }] },
    status: { conditions, ...(startTime ? { startTime } : {}), ...(state === 'Complete' ? { completionTime: startTime } : {}) },
  };
}

/** Fake API: records calls and events; `existing` jobs answer GETs. */
function fakeDeps(now: string, existing: KubeObject[] = []): CronJobSyncDeps & { events: string[]; created: KubeObject[]; deleted: string[] } {
  const store = new Map(existing.map((j) => [j.metadata.name!, j]));
  const notFound = Object.assign(new Error('not found'), { code: 404 });
  const deps = {
    events: [] as string[],
    created: [] as KubeObject[],
    deleted: [] as string[],
    now: () => new Date(now),
    getCronJob: async () => cronJob(),
    getJob: async (_ns: string, name: string) => {
      const j = store.get(name);
      if (!j) {
        throw notFound;
      }
      return j;
    },
    createJob: async (j: KubeObject) => {
      if (store.has(j.metadata.name!)) {
        throw Object.assign(new Error('exists'), { code: 409 });
      }
      const made = { ...j, metadata: { ...j.metadata, uid: `${j.metadata.name}-uid`, resourceVersion: '7' } };
      store.set(j.metadata.name!, made);
      deps.created.push(made);
      return made;
    },
    deleteJob: async (j: KubeObject) => {
      deps.deleted.push(j.metadata.name!);
      store.delete(j.metadata.name!);
    },
    event: (_cj: KubeObject, type: string, reason: string, message: string) => deps.events.push(`${type} ${reason} ${message}`),
    isNotFound: (e: unknown) => (e as { code?: number }).code === 404,
    isAlreadyExists: (e: unknown) => (e as { code?: number }).code === 409,
    isNamespaceTerminating: () => false,
    errorText: (e: unknown) => String((e as Error).message),
  };
  return deps;
}

// 2026-01-01T10:00:00Z is minute 29454360 since the epoch.
const MINUTE_10_00 = 29454360;

describe('syncCronJob', () => {
  it('creates the Job due now, named by its minute, and requeues for the next start', async () => {
    const deps = fakeDeps('2026-01-01T10:00:05Z');
    const res = await syncCronJob(deps, cronJob(), []);
    expect(deps.created.map((j) => j.metadata.name)).toEqual([`cj-${MINUTE_10_00}`]);
    expect(deps.events).toEqual([`Normal SuccessfulCreate Created job cj-${MINUTE_10_00}`]);
    expect(res.updateStatus).toBe(true);
    expect(res.cj.status).toEqual({
      active: [{ kind: 'Job', namespace: 'default', name: `cj-${MINUTE_10_00}`, uid: `cj-${MINUTE_10_00}-uid`, apiVersion: 'batch/v1', resourceVersion: '7' }],
      lastScheduleTime: '2026-01-01T10:00:00Z',
    });
    expect(res.requeueMs).toBe(55_100);
  });

  it('does nothing twice for one start time', async () => {
    const deps = fakeDeps('2026-01-01T10:00:05Z');
    const res = await syncCronJob(deps, cronJob({}, { lastScheduleTime: '2026-01-01T10:00:00Z' }), []);
    expect(deps.created).toEqual([]);
    expect(res.updateStatus).toBe(false);
    expect(res.requeueMs).toBe(55_100);
  });

  it('Forbid skips the start while a Job is active', async () => {
    const running = job('cj-1', 'running', '2026-01-01T09:59:00Z');
    const status = { active: [{ kind: 'Job', name: 'cj-1', namespace: 'default', uid: 'cj-1-uid' }], lastScheduleTime: '2026-01-01T09:59:00Z' };
    const deps = fakeDeps('2026-01-01T10:00:05Z', [running]);
    const res = await syncCronJob(deps, cronJob({ concurrencyPolicy: 'Forbid' }, status), [running]);
    expect(deps.created).toEqual([]);
    expect(deps.events).toEqual(['Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid']);
    expect(res.requeueMs).toBe(55_100);
  });

  it('Replace deletes the active Job before creating the next', async () => {
    const running = job('cj-1', 'running', '2026-01-01T09:59:00Z');
    const status = { active: [{ kind: 'Job', name: 'cj-1', namespace: 'default', uid: 'cj-1-uid' }], lastScheduleTime: '2026-01-01T09:59:00Z' };
    const deps = fakeDeps('2026-01-01T10:00:05Z', [running]);
    const res = await syncCronJob(deps, cronJob({ concurrencyPolicy: 'Replace' }, status), [running]);
    expect(deps.deleted).toEqual(['cj-1']);
    expect(deps.events).toEqual(['Normal SuccessfulDelete Deleted job cj-1', `Normal SuccessfulCreate Created job cj-${MINUTE_10_00}`]);
    expect(res.cj.status.active.map((r: { name: string }) => r.name)).toEqual([`cj-${MINUTE_10_00}`]);
  });

  it('never starts a Job later than startingDeadlineSeconds after its time (upstream looks no further back)', async () => {
    const deps = fakeDeps('2026-01-01T10:00:45Z');
    const res = await syncCronJob(deps, cronJob({ startingDeadlineSeconds: 30 }, { lastScheduleTime: '2026-01-01T09:59:00Z' }), []);
    expect(deps.created).toEqual([]);
    expect(deps.events).toEqual([]);
    expect(res.requeueMs).toBe(15_100);
    const inTime = fakeDeps('2026-01-01T10:00:25Z');
    await syncCronJob(inTime, cronJob({ startingDeadlineSeconds: 30 }, { lastScheduleTime: '2026-01-01T09:59:00Z' }), []);
    expect(inTime.created.map((j) => j.metadata.name)).toEqual([`cj-${MINUTE_10_00}`]);
  });

  it('moves a finished Job out of active and records the last success', async () => {
    const finished = job('cj-1', 'Complete', '2026-01-01T09:59:00Z');
    const status = { active: [{ kind: 'Job', name: 'cj-1', namespace: 'default', uid: 'cj-1-uid' }], lastScheduleTime: '2026-01-01T10:00:00Z' };
    const deps = fakeDeps('2026-01-01T10:00:30Z', [finished]);
    const res = await syncCronJob(deps, cronJob({}, status), [finished]);
    expect(deps.events).toEqual(['Normal SawCompletedJob Saw completed job: cj-1, status: Complete']);
    expect(res.cj.status.active).toEqual([]);
    expect(res.updateStatus).toBe(true);
  });

  it('warns about an unknown active Job and forgets one that went missing', async () => {
    const stray = job('stray', 'running');
    const status = { active: [{ kind: 'Job', name: 'gone', namespace: 'default', uid: 'gone-uid' }], lastScheduleTime: '2026-01-01T10:00:00Z' };
    const deps = fakeDeps('2026-01-01T10:00:30Z', [stray]);
    const res = await syncCronJob(deps, cronJob({}, status), [stray]);
    expect(deps.events).toEqual([
      'Warning UnexpectedJob Saw a job that the controller did not create or forgot: stray',
      'Normal MissingJob Active job went missing: gone',
    ]);
    expect(res.cj.status.active).toEqual([]);
  });

  it('starts nothing while suspended, and does not requeue', async () => {
    const deps = fakeDeps('2026-01-01T10:00:05Z');
    const res = await syncCronJob(deps, cronJob({ suspend: true }), []);
    expect(deps.created).toEqual([]);
    expect(res.requeueMs).toBeUndefined();
  });

  it('adds a Job it created before (AlreadyExists) to active', async () => {
    const existing = job(`cj-${MINUTE_10_00}`, 'running');
    const deps = fakeDeps('2026-01-01T10:00:05Z', [existing]);
    const res = await syncCronJob(deps, cronJob(), []);
    expect(res.cj.status.active.map((r: { uid: string }) => r.uid)).toEqual([existing.metadata.uid]);
    expect(deps.events).toEqual([]);
  });
});

describe('history clean-up', () => {
  const jobs = [
    job('ok-c', 'Complete', '2026-01-01T10:03:00Z'),
    job('ok-a', 'Complete', '2026-01-01T10:01:00Z'),
    job('ok-b', 'Complete', '2026-01-01T10:01:00Z'),
    job('ok-unstarted', 'Complete'),
    job('bad-a', 'Failed', '2026-01-01T10:00:00Z'),
    job('bad-b', 'Failed', '2026-01-01T10:02:00Z'),
    job('running', 'running', '2026-01-01T09:00:00Z'),
  ];

  it.each([
    [{ successfulJobsHistoryLimit: 2, failedJobsHistoryLimit: 1 }, ['ok-a', 'ok-b', 'bad-a']],
    [{ successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 0 }, ['ok-a', 'ok-b', 'ok-c', 'ok-unstarted', 'bad-a', 'bad-b']],
    [{ successfulJobsHistoryLimit: 10, failedJobsHistoryLimit: 10 }, []],
    [{ successfulJobsHistoryLimit: undefined, failedJobsHistoryLimit: undefined }, []],
  ])('limits %j delete the oldest: %j', (limits, want) => {
    expect(jobsBeyondHistory(cronJob(limits), jobs).map((j) => j.metadata.name)).toEqual(want);
  });

  it('deletes them with events and drops them from active', async () => {
    const old = job('ok-a', 'Complete', '2026-01-01T10:01:00Z');
    const cj = cronJob({ successfulJobsHistoryLimit: 0 }, { active: [{ name: 'ok-a', uid: 'ok-a-uid' }] });
    const deps = fakeDeps('2026-01-01T10:05:00Z', [old]);
    expect(await cleanupFinishedJobs(deps, cj, [old])).toBe(true);
    expect(deps.events).toEqual(['Normal SuccessfulDelete Deleted job ok-a']);
    expect(cj.status.active).toEqual([]);
  });
});

describe('jobFromTemplate', () => {
  it('copies the template, names the Job by minute and stamps the scheduled time in the time zone', () => {
    const cj = cronJob({ timeZone: 'Europe/Paris', jobTemplate: { metadata: { labels: { app: 'x' }, annotations: { a: 'b' } }, spec: { backoffLimit: 2 } } });
    const j = jobFromTemplate(cj, Date.parse('2026-01-01T10:00:00Z'));
    expect(j.metadata).toEqual({
      name: `cj-${MINUTE_10_00}`,
      namespace: 'default',
      labels: { app: 'x' },
      annotations: { a: 'b', 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-01-01T11:00:00+01:00' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'cj', uid: CJ_UID, controller: true, blockOwnerDeletion: true }],
    });
    expect(j.spec).toEqual({ backoffLimit: 2 });
    expect(jobFromTemplate(cronJob(), Date.parse('2026-01-01T10:00:00Z')).metadata.annotations).toEqual({
      'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-01-01T10:00:00Z',
    });
  });
});
