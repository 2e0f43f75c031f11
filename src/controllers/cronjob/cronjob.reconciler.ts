import { BY_CONTROLLER_UID } from 'src/controllers/common/claim-dependents';
import { timerDelay } from 'src/controllers/common/delay';
import { byControllerUid, controllerRef } from 'src/controllers/common/pods';
import { QueueController, type ControllerContext, type ControllerFactory } from 'src/controllers/runtime/controller';
import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import { keyOf, type Informer } from 'src/controllers/runtime/informer';
import { ApiError, errorMessage, isAlreadyExists, isNotFound, resourcePath } from 'src/controllers/runtime/kube-client';
import { parseSchedule } from 'src/controllers/cronjob/cron-schedule';
import { asCronJob } from 'src/controllers/cronjob/cronjob-jobs';
import { cleanupFinishedJobs, formatSchedule, syncCronJob, type CronJobSyncDeps } from 'src/controllers/cronjob/cronjob-sync';
import { nextScheduleDelay } from 'src/controllers/cronjob/cronjob-times';
import { localZone } from 'src/controllers/cronjob/zoned-time';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/cronjob/cronjob_controllerv2.go (ControllerV2: handlers,
// updateCronJob's requeue at the next schedule, sync). No polling: every CronJob is requeued for
// its next start time.

/** The CronJob controller: creates a Job at each scheduled time and keeps the history (controllers.md §4.4). */
export class CronJobReconciler extends QueueController {
  private readonly cronJobs: Informer<KubeObject>;
  private readonly jobs: Informer<KubeObject>;
  private readonly recorder: EventRecorder;
  private readonly deps: CronJobSyncDeps;

  constructor(ctx: ControllerContext) {
    super('cronjob', ctx);
    this.recorder = ctx.recorder('cronjob-controller');
    this.cronJobs = ctx.informers.informer('/apis/batch/v1/cronjobs');
    this.jobs = ctx.informers.informer('/apis/batch/v1/jobs', { [BY_CONTROLLER_UID]: byControllerUid });
    this.deps = this.makeDeps(ctx);
    this.cronJobs.on('add', (cj) => this.enqueue(keyOf(cj)));
    this.cronJobs.on('update', (cj, old) => this.onCronJobUpdate(cj, old));
    this.cronJobs.on('delete', (cj) => this.enqueue(keyOf(cj)));
    this.jobs.on('add', (j) => this.onJobChange(j));
    this.jobs.on('update', (j, old) => {
      if (j.metadata.resourceVersion === old.metadata.resourceVersion) {
        return;
      }
      if (JSON.stringify(controllerRef(j)) !== JSON.stringify(controllerRef(old))) {
        this.onJobChange(old);
      }
      this.onJobChange(j);
    });
    this.jobs.on('delete', (j) => this.onJobChange(j));
  }

  protected async reconcile(key: string): Promise<number | void> {
    const cached = this.cronJobs.get(key);
    if (!cached) {
      return;
    }
    const jobs = this.jobs.byIndex(BY_CONTROLLER_UID, cached.metadata.uid!);
    const copy = structuredClone(cached);
    const cleaned = await cleanupFinishedJobs(this.deps, copy, jobs);
    const res = await syncCronJob(this.deps, copy, jobs);
    if (cleaned || res.updateStatus) {
      const path = resourcePath('batch/v1', 'cronjobs', res.cj.metadata.namespace, res.cj.metadata.name, 'status');
      await this.ctx.client.replace(path, asCronJob(res.cj));
    }
    if (res.requeueMs !== undefined) {
      return timerDelay(res.requeueMs);
    }
    if (res.error !== undefined) {
      throw res.error;
    }
  }

  private makeDeps(ctx: ControllerContext): CronJobSyncDeps {
    const client = ctx.client;
    const jobPath = (ns: string, name: string): string => resourcePath('batch/v1', 'jobs', ns, name);
    return {
      now: () => ctx.options.now(),
      getCronJob: (ns, name) => client.get<KubeObject>(resourcePath('batch/v1', 'cronjobs', ns, name)),
      getJob: (ns, name) => client.get<KubeObject>(jobPath(ns, name)),
      createJob: (job) => client.create<KubeObject>(resourcePath('batch/v1', 'jobs', job.metadata.namespace), job),
      deleteJob: async (job) => {
        await client.delete(jobPath(job.metadata.namespace!, job.metadata.name!), { propagationPolicy: 'Background' });
      },
      event: (cj, type, reason, message) => this.recorder.event(asCronJob(cj), type, reason, message),
      isNotFound,
      isAlreadyExists,
      isNamespaceTerminating: (err) =>
        err instanceof ApiError && ((err.status.details?.causes as { type?: string }[] | undefined) ?? []).some((c) => c.type === 'NamespaceTerminating'),
      errorText: errorMessage,
    };
  }

  /** The CronJob a Job's controllerRef names, if cached with that uid. */
  private owner(job: KubeObject): KubeObject | undefined {
    const ref = controllerRef(job);
    if (ref?.kind !== 'CronJob') {
      return undefined;
    }
    const cj = this.cronJobs.get(`${job.metadata.namespace}/${ref.name}`);
    return cj?.metadata.uid === ref.uid ? cj : undefined;
  }

  private onJobChange(job: KubeObject): void {
    const cj = this.owner(job);
    if (cj) {
      this.enqueue(keyOf(cj));
    }
  }

  /** updateCronJob: a new schedule or time zone requeues at its next time; any other change syncs now. */
  private onCronJobUpdate(cur: KubeObject, old: KubeObject): void {
    if (cur.spec?.schedule === old.spec?.schedule && (cur.spec?.timeZone ?? null) === (old.spec?.timeZone ?? null)) {
      this.enqueue(keyOf(cur));
      return;
    }
    let delay: number | undefined;
    try {
      delay = nextScheduleDelay(cur, this.ctx.options.now().getTime(), parseSchedule(formatSchedule(cur), localZone()));
    } catch {
      this.recorder.event(asCronJob(cur), 'Warning', 'UnParseableCronJobSchedule', `unparseable schedule for cronjob: ${cur.spec?.schedule}`);
      return;
    }
    if (delay !== undefined) {
      this.queue.addAfter(keyOf(cur), timerDelay(delay));
    }
  }
}

/** Factory of the CronJob controller (kube-controller-manager name `cronjob`). */
export const cronJobController: ControllerFactory = (ctx) => new CronJobReconciler(ctx);
