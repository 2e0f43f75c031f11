// The CronJob controller (with the Job controller) against a real apiserver, on a clock the test
// moves: one Job per minute named by its minute, the history limit, Forbid, and
// `kubectl create job --from=cronjob/...`. The test plays the kubelet by writing pod phases.
import { cronJobController } from 'src/controllers/cronjob/cronjob.reconciler';
import { jobController } from 'src/controllers/job/job.reconciler';
import { CONTROLLERS } from 'src/controllers/index';
import { startControllers, type ControllerSet } from 'src/controllers/controller-manager';
import type { ControllerOptions } from 'src/controllers/runtime/controller';
import { KubeClient, resourcePath } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';
import { createNamespace, startTestApiServer, waitFor, type TestApiServer } from 'test/support/apiserver';
import { kubectl } from 'test/support/kubectl';

function cronJobBody(name: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      schedule: '* * * * *',
      jobTemplate: {
        metadata: { labels: { cron: name } },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } } },
      },
      ...spec,
    },
  };
}

describe('cronjob controller', () => {
  let server: TestApiServer;
  let client: KubeClient;
  let controllers: ControllerSet;
  /** The controllers' clock; the test moves it. */
  let now = Date.now();

  const jobsIn = (ns: string): string => resourcePath('batch/v1', 'jobs', ns);
  const cronJobsIn = (ns: string): string => resourcePath('batch/v1', 'cronjobs', ns);
  const jobNames = async (ns: string): Promise<string[]> => (await client.list<KubeObject>(jobsIn(ns))).items.map((j) => j.metadata.name!).sort();
  const eventsOf = async (obj: KubeObject): Promise<string[]> =>
    (
      await client.list<KubeObject>(resourcePath('v1', 'events', obj.metadata.namespace), { fieldSelector: `involvedObject.uid=${obj.metadata.uid}` })
    ).items.map((e) => `${e.type} ${e.reason} ${e.message}`);

  const minuteIso = (minute: number): string => new Date(minute * 60_000).toISOString().replace('.000Z', 'Z');
  const getCronJob = (cj: KubeObject): Promise<KubeObject> => client.get<KubeObject>(`${cronJobsIn(cj.metadata.namespace!)}/${cj.metadata.name}`);

  /**
   * Moves the clock to 5 s past the minute `minute` (since the epoch) and pokes the CronJob so it
   * syncs now (the patch is retried: kubepg's PATCH still answers 409 when a concurrent write lands).
   */
  async function tick(cj: KubeObject, minute: number): Promise<void> {
    now = minute * 60_000 + 5000;
    const path = `${cronJobsIn(cj.metadata.namespace!)}/${cj.metadata.name}`;
    await waitFor(() => client.patch(path, { metadata: { annotations: { 'test/clock': String(now) } } }, 'merge').then(() => true), 'the clock poke');
  }

  /** tick, then wait until the CronJob recorded that start time (so the next tick cannot overtake it). */
  async function tickAndStart(cj: KubeObject, minute: number): Promise<void> {
    await tick(cj, minute);
    await waitFor(async () => (await getCronJob(cj)).status?.lastScheduleTime === minuteIso(minute), `lastScheduleTime ${minuteIso(minute)}`);
  }

  /** Plays the kubelet: the Job's pod succeeds. */
  async function succeedPodOf(ns: string, job: string): Promise<void> {
    const pod = await waitFor(
      async () => (await client.list<KubeObject>(resourcePath('v1', 'pods', ns), { labelSelector: `batch.kubernetes.io/job-name=${job}` })).items[0],
      `a pod of ${job}`,
    );
    const t = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const status = {
      phase: 'Succeeded',
      conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: t }],
      containerStatuses: [
        { name: 'main', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, finishedAt: t } } },
      ],
    };
    await client.patch(resourcePath('v1', 'pods', ns, pod.metadata.name, 'status'), { status }, 'strategic');
  }

  beforeAll(async () => {
    server = await startTestApiServer();
    client = await KubeClient.load({ kubeconfig: server.kubeconfigPath, userAgent: 'cronjob-test' });
    for (const ns of ['cron-history', 'cron-forbid', 'cron-manual']) {
      await createNamespace(server.api, ns);
    }
    CONTROLLERS.job ??= jobController;
    CONTROLLERS.cronjob ??= cronJobController;
    const options = { now: () => new Date(now), jobSyncBatchPeriodMs: 100 } as Partial<ControllerOptions>;
    controllers = await startControllers(client, { controllers: ['job', 'cronjob'], options });
  });

  afterAll(async () => {
    await controllers?.stop();
    client?.close();
    await server?.stop();
  });

  it('creates one Job per minute, named by its minute, and keeps successfulJobsHistoryLimit of them', async () => {
    const ns = 'cron-history';
    now = Date.now();
    const cj = await client.create<KubeObject>(cronJobsIn(ns), cronJobBody('every', { successfulJobsHistoryLimit: 2 }));
    const first = Math.floor(Date.parse(cj.metadata.creationTimestamp!) / 60_000) + 1;
    for (let m = first; m < first + 4; m++) {
      await tickAndStart(cj, m);
      const job = await waitFor(async () => await client.get<KubeObject>(`${jobsIn(ns)}/every-${m}`).catch(() => undefined), `job every-${m}`);
      expect(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(minuteIso(m));
      expect(job.metadata.labels).toMatchObject({ cron: 'every' });
      expect(job.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'CronJob', name: 'every', uid: cj.metadata.uid, controller: true })]);
      await succeedPodOf(ns, `every-${m}`);
      await waitFor(async () => (await client.get<KubeObject>(`${jobsIn(ns)}/every-${m}`)).status?.completionTime, `every-${m} to complete`);
    }
    const last = first + 3;
    await waitFor(async () => (await jobNames(ns)).join() === [`every-${last - 1}`, `every-${last}`].join(), 'the two newest Jobs only', 30_000);
    const status = await waitFor(async () => {
      const c = await getCronJob(cj);
      return (c.status?.active ?? []).length === 0 && c.status?.lastSuccessfulTime ? c.status : undefined;
    }, 'an empty active list and lastSuccessfulTime');
    expect(status.lastScheduleTime).toBe(minuteIso(last));
    const events = await eventsOf(cj);
    for (let m = first; m <= last; m++) {
      expect(events).toContain(`Normal SuccessfulCreate Created job every-${m}`);
    }
    expect(events).toContain(`Normal SuccessfulDelete Deleted job every-${first}`);
    expect(events).toContain(`Normal SawCompletedJob Saw completed job: every-${last}, status: Complete`);
  });

  it('Forbid skips a start while the previous Job still runs', async () => {
    const ns = 'cron-forbid';
    now = Date.now();
    const cj = await client.create<KubeObject>(cronJobsIn(ns), cronJobBody('solo', { concurrencyPolicy: 'Forbid' }));
    const first = Math.floor(Date.parse(cj.metadata.creationTimestamp!) / 60_000) + 1;
    await tickAndStart(cj, first);
    await tick(cj, first + 1);
    await waitFor(
      async () => (await eventsOf(cj)).includes('Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid'),
      'the JobAlreadyActive event',
    );
    expect(await jobNames(ns)).toEqual([`solo-${first}`]);
    const status = (await getCronJob(cj)).status;
    expect(status.active.map((r: { name: string }) => r.name)).toEqual([`solo-${first}`]);
  });

  it('kubectl create job --from=cronjob makes a Job the controllers run', async () => {
    const ns = 'cron-manual';
    now = Date.now();
    const cj = await client.create<KubeObject>(cronJobsIn(ns), cronJobBody('nightly', { schedule: '0 3 * * *' }));
    const res = await kubectl(['create', 'job', 'by-hand', '--from=cronjob/nightly', '-n', ns], { kubeconfig: server.kubeconfigPath });
    expect(res.stderr).toBe('');
    expect(res.stdout.trim()).toBe('job.batch/by-hand created');
    const job = await client.get<KubeObject>(`${jobsIn(ns)}/by-hand`);
    expect(job.metadata.annotations).toMatchObject({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(job.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'CronJob', name: 'nightly', uid: cj.metadata.uid, controller: true })]);
    await succeedPodOf(ns, 'by-hand');
    await waitFor(
      async () => (await client.get<KubeObject>(`${jobsIn(ns)}/by-hand`)).status?.conditions?.some((c: { type: string }) => c.type === 'Complete'),
      'by-hand to complete',
    );
  });
});
