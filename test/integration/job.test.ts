// The Job controller against a real apiserver: pods are created with the tracking finalizer,
// counted through status.uncountedTerminatedPods, and the Job finishes with 1.35's conditions.
// No kubelet runs here: the test plays it by writing pod status phases through /status.
import { jobController } from 'src/controllers/job/job.reconciler';
import { ttlAfterFinishedController } from 'src/controllers/ttl-after-finished/ttl-after-finished.reconciler';
import { CONTROLLERS } from 'src/controllers/index';
import { startControllers, type ControllerSet } from 'src/controllers/controller-manager';
import type { ControllerOptions } from 'src/controllers/runtime/controller';
import { KubeClient, resourcePath } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';
import { runNodeAgent, type RunningNodeAgent } from 'src/node-agent/node-agent';
import { runScheduler, type RunningScheduler } from 'src/scheduler/scheduler';
import { createNamespace, startTestApiServer, waitFor, type TestApiServer } from 'test/support/apiserver';

const NS = 'jobs';

/** A Job body; `spec` overrides the defaults. */
function jobBody(name: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } }, ...spec },
  };
}

/** What a kubelet writes when the pod's only container ends with `exitCode` (or starts running). */
async function setPhase(client: KubeClient, pod: KubeObject, phase: 'Running' | 'Succeeded' | 'Failed', exitCode = phase === 'Failed' ? 1 : 0): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const running = phase === 'Running';
  const state = running
    ? { running: { startedAt: now } }
    : { terminated: { exitCode, reason: exitCode ? 'Error' : 'Completed', startedAt: now, finishedAt: now } };
  const status = {
    phase,
    conditions: [{ type: 'Ready', status: running ? 'True' : 'False', lastTransitionTime: now }],
    containerStatuses: [{ name: 'main', image: 'busybox', imageID: '', ready: running, restartCount: 0, started: running, state }],
  };
  await client.patch(resourcePath('v1', 'pods', pod.metadata.namespace, pod.metadata.name, 'status'), { status }, 'strategic');
}

describe('job controller', () => {
  let server: TestApiServer;
  let client: KubeClient;
  let controllers: ControllerSet;
  const jobs = resourcePath('batch/v1', 'jobs', NS);

  const podsOf = async (job: string): Promise<KubeObject[]> =>
    (await client.list<KubeObject>(resourcePath('v1', 'pods', NS), { labelSelector: `batch.kubernetes.io/job-name=${job}` })).items;
  const activePodsOf = async (job: string): Promise<KubeObject[]> =>
    (await podsOf(job)).filter((p) => !p.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes(p.status?.phase));
  const getJob = (name: string): Promise<KubeObject> => client.get<KubeObject>(`${jobs}/${name}`);
  const condition = (job: KubeObject, type: string): Record<string, any> | undefined => job.status?.conditions?.find((c: { type: string }) => c.type === type);
  const eventsOf = async (job: KubeObject): Promise<string[]> =>
    (await client.list<KubeObject>(resourcePath('v1', 'events', NS), { fieldSelector: `involvedObject.uid=${job.metadata.uid}` })).items.map(
      (e) => `${e.type} ${e.reason} ${e.message}`,
    );

  beforeAll(async () => {
    server = await startTestApiServer();
    client = await KubeClient.load({ kubeconfig: server.kubeconfigPath, userAgent: 'job-test' });
    await createNamespace(server.api, NS);
    CONTROLLERS.job ??= jobController;
    CONTROLLERS['ttl-after-finished'] ??= ttlAfterFinishedController;
    const options = { jobPodFailureBackoffMs: 50, jobSyncBatchPeriodMs: 100 } as Partial<ControllerOptions>;
    controllers = await startControllers(client, { controllers: ['job', 'ttl-after-finished'], options });
  });

  afterAll(async () => {
    await controllers?.stop();
    client?.close();
    await server?.stop();
  });

  it('runs completions 3 with parallelism 2 and ends Complete, every pod counted and released', async () => {
    await client.create(jobs, jobBody('three', { completions: 3, parallelism: 2 }));
    const firstTwo = await waitFor(async () => ((await activePodsOf('three')).length === 2 ? activePodsOf('three') : undefined), 'two pods');
    for (const p of firstTwo) {
      expect(p.metadata.finalizers).toContain('batch.kubernetes.io/job-tracking');
      expect(p.metadata.generateName).toBe('three-');
      expect(p.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Job', name: 'three', controller: true, blockOwnerDeletion: true })]);
      await setPhase(client, p, 'Succeeded');
    }
    const third = await waitFor(async () => (await activePodsOf('three'))[0], 'the third pod');
    expect(firstTwo.map((p) => p.metadata.uid)).not.toContain(third.metadata.uid);
    await setPhase(client, third, 'Succeeded');
    const done = await waitFor(async () => {
      const j = await getJob('three');
      return condition(j, 'Complete') ? j : undefined;
    }, 'the Complete condition');
    expect(done.status).toMatchObject({ succeeded: 3, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(done.status.active).toBeUndefined();
    expect(done.status.failed).toBeUndefined();
    for (const type of ['SuccessCriteriaMet', 'Complete']) {
      expect(condition(done, type)).toMatchObject({ status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' });
    }
    expect(done.status.completionTime).toBe(condition(done, 'Complete')!.lastTransitionTime);
    expect((await podsOf('three')).map((p) => p.metadata.finalizers ?? [])).toEqual([[], [], []]);
    const events = await waitFor(async () => {
      const e = await eventsOf(done);
      return e.includes('Normal Completed Job completed') ? e : undefined;
    }, 'the Completed event');
    expect(events.filter((e) => e.startsWith('Normal SuccessfulCreate Created pod: three-'))).toHaveLength(3);
  });

  it('fails a Job past its backoffLimit with FailureTarget, then Failed BackoffLimitExceeded', async () => {
    await client.create(jobs, jobBody('failing', { backoffLimit: 1 }));
    for (let i = 0; i < 2; i++) {
      const p = await waitFor(async () => (await activePodsOf('failing'))[0], `pod ${i + 1}`);
      await setPhase(client, p, 'Failed');
    }
    const failed = await waitFor(async () => {
      const j = await getJob('failing');
      return condition(j, 'Failed') ? j : undefined;
    }, 'the Failed condition');
    const message = 'Job has reached the specified backoff limit';
    expect(condition(failed, 'FailureTarget')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded', message });
    expect(condition(failed, 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded', message });
    expect(failed.status).toMatchObject({ failed: 2, uncountedTerminatedPods: {}, terminating: 0 });
    expect(failed.status.completionTime).toBeUndefined();
    expect(await podsOf('failing')).toHaveLength(2);
    await waitFor(async () => (await eventsOf(failed)).includes(`Warning BackoffLimitExceeded ${message}`), 'the BackoffLimitExceeded event');
  });

  it('gives Indexed pods their index and replaces a failed index until every index succeeded', async () => {
    await client.create(jobs, jobBody('indexed', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    const pods = await waitFor(async () => ((await activePodsOf('indexed')).length === 3 ? activePodsOf('indexed') : undefined), 'three pods');
    const byIndex = new Map(pods.map((p) => [p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'], p]));
    expect([...byIndex.keys()].sort()).toEqual(['0', '1', '2']);
    for (const [ix, p] of byIndex) {
      expect(p.metadata.labels?.['batch.kubernetes.io/job-completion-index']).toBe(ix);
      expect(p.metadata.generateName).toBe(`indexed-${ix}-`);
      expect(p.spec.hostname).toBe(`indexed-${ix}`);
      expect(p.spec.containers[0].env).toEqual([
        {
          name: 'JOB_COMPLETION_INDEX',
          valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } },
        },
      ]);
    }
    await setPhase(client, byIndex.get('1')!, 'Succeeded');
    await setPhase(client, byIndex.get('2')!, 'Succeeded');
    await setPhase(client, byIndex.get('0')!, 'Failed');
    await waitFor(async () => (await getJob('indexed')).status?.completedIndexes === '1,2', 'completedIndexes 1,2');
    const retry = await waitFor(async () => (await activePodsOf('indexed'))[0], 'a new pod for index 0');
    expect(retry.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).toBe('0');
    await setPhase(client, retry, 'Succeeded');
    const done = await waitFor(async () => {
      const j = await getJob('indexed');
      return condition(j, 'Complete') ? j : undefined;
    }, 'the Complete condition');
    expect(done.status).toMatchObject({ completedIndexes: '0-2', succeeded: 3, failed: 1 });
  });

  it('fails at once on a FailJob exit code and ignores failures a DisruptionTarget rule ignores', async () => {
    const podFailurePolicy = {
      rules: [
        { action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } },
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
      ],
    };
    await client.create(jobs, jobBody('policy', { backoffLimit: 0, podFailurePolicy }));
    const evicted = await waitFor(async () => (await activePodsOf('policy'))[0], 'the first pod');
    await client.patch(
      resourcePath('v1', 'pods', NS, evicted.metadata.name, 'status'),
      { status: { conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI' }] } },
      'strategic',
    );
    await setPhase(client, evicted, 'Failed');
    const second = await waitFor(async () => (await activePodsOf('policy'))[0], 'a replacement, the ignored failure not counting');
    await setPhase(client, second, 'Failed', 42);
    const failed = await waitFor(async () => {
      const j = await getJob('policy');
      return condition(j, 'Failed') ? j : undefined;
    }, 'the Failed condition');
    const message = `Container main for pod ${NS}/${second.metadata.name} failed with exit code 42 matching FailJob rule at index 0`;
    expect(condition(failed, 'Failed')).toMatchObject({ reason: 'PodFailurePolicy', message });
    expect(failed.status.failed).toBe(1);
  });

  it('keeps a suspended Job without pods, then starts it on resume', async () => {
    await client.create(jobs, jobBody('sleeper', { suspend: true }));
    const suspended = await waitFor(async () => {
      const j = await getJob('sleeper');
      return condition(j, 'Suspended') ? j : undefined;
    }, 'the Suspended condition');
    expect(condition(suspended, 'Suspended')).toMatchObject({ status: 'True', reason: 'JobSuspended', message: 'Job suspended' });
    expect(suspended.status.startTime).toBeUndefined();
    expect(await podsOf('sleeper')).toEqual([]);
    await client.patch(`${jobs}/sleeper`, { spec: { suspend: false } }, 'merge');
    await waitFor(async () => (await activePodsOf('sleeper')).length === 1, 'a pod after resume');
    const resumed = await waitFor(async () => {
      const j = await getJob('sleeper');
      return condition(j, 'Suspended')?.status === 'False' ? j : undefined;
    }, 'Suspended=False');
    expect(condition(resumed, 'Suspended')).toMatchObject({ reason: 'JobResumed', message: 'Job resumed' });
    expect(resumed.status.startTime).toBeDefined();
  });

  it('stops a Job past activeDeadlineSeconds: its pod is deleted and the Job fails with DeadlineExceeded', async () => {
    // Long enough that the controller creates the pod before the deadline even on a loaded machine.
    await client.create(jobs, jobBody('deadline', { activeDeadlineSeconds: 5 }));
    await waitFor(async () => (await podsOf('deadline'))[0], 'a pod');
    const failed = await waitFor(async () => {
      const j = await getJob('deadline');
      return condition(j, 'Failed') ? j : undefined;
    }, 'the Failed condition');
    expect(condition(failed, 'Failed')).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
    expect(failed.status).toMatchObject({ failed: 1, ready: 0, terminating: 0 });
    expect(await podsOf('deadline')).toEqual([]);
  });

  it('deletes a finished Job with ttlSecondsAfterFinished in the foreground, and leaves others', async () => {
    await client.create(jobs, jobBody('short-lived', { ttlSecondsAfterFinished: 0 }));
    await client.create(jobs, jobBody('kept'));
    for (const name of ['short-lived', 'kept']) {
      await setPhase(client, await waitFor(async () => (await activePodsOf(name))[0], `a pod of ${name}`), 'Succeeded');
    }
    const gone = await waitFor(async () => {
      const j = await getJob('short-lived').catch(() => 'deleted' as const);
      return j === 'deleted' || j.metadata.deletionTimestamp ? j : undefined;
    }, 'short-lived to be deleted');
    if (gone !== 'deleted') {
      // Without a garbage collector running, the foreground delete waits on the Job's pods.
      expect(gone.metadata.finalizers).toContain('foregroundDeletion');
    }
    const kept = await waitFor(async () => {
      const j = await getJob('kept');
      return condition(j, 'Complete') ? j : undefined;
    }, 'kept to complete');
    expect(kept.metadata.deletionTimestamp).toBeUndefined();
  });
});

describe('job controller with the scheduler and simulated kubelets', () => {
  let server: TestApiServer;
  let client: KubeClient;
  let controllers: ControllerSet;
  let scheduler: RunningScheduler;
  let agent: RunningNodeAgent;
  const jobs = resourcePath('batch/v1', 'jobs', NS);
  const finished = async (name: string, type: string): Promise<KubeObject> =>
    waitFor(async () => {
      const j = await client.get<KubeObject>(`${jobs}/${name}`);
      return j.status?.conditions?.some((c: { type: string; status: string }) => c.type === type && c.status === 'True') ? j : undefined;
    }, `${name} ${type}`);
  const withPods = (body: KubeObject, annotations: Record<string, string>): KubeObject => {
    body.spec.template.metadata = { annotations };
    return body;
  };

  beforeAll(async () => {
    server = await startTestApiServer();
    client = await KubeClient.load({ kubeconfig: server.kubeconfigPath, userAgent: 'job-agent-test' });
    await createNamespace(server.api, NS);
    CONTROLLERS.job ??= jobController;
    controllers = await startControllers(client, {
      controllers: ['job'],
      options: { jobPodFailureBackoffMs: 50, jobSyncBatchPeriodMs: 100 } as Partial<ControllerOptions>,
    });
    scheduler = await runScheduler(client, { leaderElect: false });
    agent = await runNodeAgent(client, { nodes: 2, prefix: 'job-node', identity: 'job-test' });
  });

  afterAll(async () => {
    await agent?.stop();
    await scheduler?.stop();
    await controllers?.stop();
    client?.close();
    await server?.stop();
  });

  it('completes 3 completions with parallelism 2 on real pod lifecycles', async () => {
    await client.create(jobs, jobBody('run3', { completions: 3, parallelism: 2 }));
    const done = await finished('run3', 'Complete');
    expect(done.status).toMatchObject({ succeeded: 3, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    const pods = (await client.list<KubeObject>(resourcePath('v1', 'pods', NS), { labelSelector: 'batch.kubernetes.io/job-name=run3' })).items;
    expect(pods.map((p) => [p.status.phase, Boolean(p.spec.nodeName), p.metadata.finalizers ?? []])).toEqual([
      ['Succeeded', true, []],
      ['Succeeded', true, []],
      ['Succeeded', true, []],
    ]);
  });

  it('fails with BackoffLimitExceeded when every pod exits 1', async () => {
    await client.create(jobs, withPods(jobBody('crash', { backoffLimit: 1 }), { 'kubepg.io/exit-code': '1' }));
    const failed = await finished('crash', 'Failed');
    expect(failed.status.conditions.find((c: { type: string }) => c.type === 'Failed')).toMatchObject({ reason: 'BackoffLimitExceeded' });
    expect(failed.status).toMatchObject({ failed: 2, uncountedTerminatedPods: {} });
  });

  it('completes an Indexed Job', async () => {
    await client.create(jobs, jobBody('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    expect((await finished('idx', 'Complete')).status).toMatchObject({ completedIndexes: '0-2', succeeded: 3 });
  });

  it('terminates a running pod past activeDeadlineSeconds and fails once it is gone', async () => {
    await client.create(jobs, withPods(jobBody('slow', { activeDeadlineSeconds: 5 }), { 'kubepg.io/run-duration': '1h' }));
    const failed = await finished('slow', 'Failed');
    expect(failed.status.conditions.find((c: { type: string }) => c.type === 'Failed')).toMatchObject({ reason: 'DeadlineExceeded' });
    expect(failed.status).toMatchObject({ failed: 1, terminating: 0 });
  });
});
