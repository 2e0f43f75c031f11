import { BY_CONTROLLER_UID, claimCandidates, claimDependents } from 'src/controllers/common/claim-dependents';
import { timerDelay } from 'src/controllers/common/delay';
import { ORPHANS_BY_NAMESPACE, orphansByNamespace } from 'src/controllers/common/orphans';
import { byControllerUid, byNamespace, controllerRef } from 'src/controllers/common/pods';
import { QueueController, type ControllerContext, type ControllerFactory } from 'src/controllers/runtime/controller';
import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import { Expectations } from 'src/controllers/runtime/expectations';
import { keyOf, type Informer } from 'src/controllers/runtime/informer';
import { ApiError, errorMessage, isNotFound, resourcePath } from 'src/controllers/runtime/kube-client';
import { WorkQueue } from 'src/controllers/runtime/work-queue';
import type { BackoffRecord } from 'src/controllers/job/job-backoff';
import { isJobFinished, managedByExternalController } from 'src/controllers/job/job-conditions';
import { FinalizerExpectations, jobOptions, type JobSyncDeps } from 'src/controllers/job/job-context';
import { asJob } from 'src/controllers/job/job-pod-template';
import { hasTrackingFinalizer, removeTrackingFinalizerPatch, TRACKING_FINALIZER } from 'src/controllers/job/job-pods';
import { syncJob } from 'src/controllers/job/job-sync';
import { normalizeStatus } from 'src/controllers/job/job-tracking';
import { fromLabelSelector } from 'src/registry/generic/label-selector';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/job/job_controller.go NewController (event handlers,
// enqueue batching, the orphan-pod queue), syncJob's preamble and syncOrphanPod.

const sameRef = (a?: { uid: string }, b?: { uid: string }): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The Job controller: runs a Job's pods to completion and keeps its status (controllers.md §4.3). */
export class JobReconciler extends QueueController {
  private readonly jobs: Informer<KubeObject>;
  private readonly pods: Informer<KubeObject>;
  private readonly orphanQueue: WorkQueue;
  private readonly recorder: EventRecorder;
  private readonly deps: JobSyncDeps;
  private readonly batchMs: number;

  constructor(ctx: ControllerContext) {
    super('job', ctx);
    this.recorder = ctx.recorder('job-controller');
    this.jobs = ctx.informers.informer('/apis/batch/v1/jobs', { byNamespace });
    this.pods = ctx.informers.informer('/api/v1/pods', { [BY_CONTROLLER_UID]: byControllerUid, [ORPHANS_BY_NAMESPACE]: orphansByNamespace });
    this.orphanQueue = new WorkQueue('job_orphan_pod', (key) => this.syncOrphanPod(key), { workers: 1, onResult: ctx.metrics.resultHook('job_orphan_pod') });
    ctx.metrics.track(this.orphanQueue);
    const options = jobOptions(ctx.options);
    this.batchMs = options.jobSyncBatchPeriodMs;
    this.deps = this.makeDeps(ctx, options);
    this.jobs.on('add', (j) => this.enqueue(keyOf(j)));
    this.jobs.on('update', (j, old) => this.onJobUpdate(j, old));
    this.jobs.on('delete', (j) => {
      this.enqueue(keyOf(j));
      this.cleanupPodFinalizers(j);
    });
    this.pods.on('add', (p) => this.onPodAdd(p));
    this.pods.on('update', (p, old) => this.onPodUpdate(p, old));
    this.pods.on('delete', (p) => this.onPodDelete(p, true));
  }

  /** Starts the workers of both queues. */
  override start(): void {
    super.start();
    this.orphanQueue.start();
  }

  /** Stops both queues. */
  override async stop(): Promise<void> {
    await Promise.all([super.stop(), this.orphanQueue.stop()]);
  }

  protected async reconcile(key: string): Promise<void> {
    const job = this.jobs.get(key);
    if (!job) {
      this.deps.expectations.delete(key);
      this.deps.finalizerExpectations.delete(key);
      this.deps.backoff.delete(key);
      return;
    }
    if (managedByExternalController(job) !== undefined) {
      return;
    }
    if (isJobFinished(job)) {
      this.deps.backoff.delete(key);
      return;
    }
    const mode = job.spec?.completionMode;
    if (mode != null && mode !== 'NonIndexed' && mode !== 'Indexed') {
      this.recorder.event(asJob(job), 'Warning', 'UnknownCompletionMode', 'Skipped Job sync because completion mode is unknown');
      return;
    }
    await syncJob(this.deps, key, job);
  }

  private makeDeps(ctx: ControllerContext, options: ReturnType<typeof jobOptions>): JobSyncDeps {
    const client = ctx.client;
    const podPath = (p: KubeObject): string => resourcePath('v1', 'pods', p.metadata.namespace, p.metadata.name);
    return {
      now: () => ctx.options.now(),
      options,
      expectations: new Expectations(),
      finalizerExpectations: new FinalizerExpectations(),
      backoff: new Map<string, BackoffRecord>(),
      // getPodsForJob: adopted orphans get the tracking finalizer in the same patch.
      podsForJob: (job) =>
        claimDependents(client, {
          owner: asJob(job),
          selector: job.spec?.selector,
          candidates: claimCandidates(this.pods, job),
          finalizers: [TRACKING_FINALIZER],
          pathOf: podPath,
          fetchOwner: () => client.get<KubeObject>(resourcePath('batch/v1', 'jobs', job.metadata.namespace, job.metadata.name)),
        }),
      createPod: async (job, pod) => {
        try {
          const created = await client.create<KubeObject>(resourcePath('v1', 'pods', job.metadata.namespace), pod);
          this.recorder.event(asJob(job), 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
        } catch (err) {
          if (!this.deps.isNamespaceTerminating(err)) {
            this.recorder.event(asJob(job), 'Warning', 'FailedCreate', `Error creating: ${errorMessage(err)}`);
          }
          throw err;
        }
      },
      deletePod: async (job, pod) => {
        try {
          await client.delete(podPath(pod));
          this.recorder.event(asJob(job), 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
        } catch (err) {
          if (!isNotFound(err)) {
            this.recorder.event(asJob(job), 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(err)}`);
          }
          throw err;
        }
      },
      patchPod: async (pod, patch) => {
        await client.patch(podPath(pod), patch, 'strategic');
      },
      updateStatus: (job) =>
        client.replace<KubeObject>(resourcePath('batch/v1', 'jobs', job.metadata.namespace, job.metadata.name, 'status'), normalizeStatus(asJob(job))),
      event: (job, type, reason, message) => this.recorder.event(asJob(job), type, reason, message),
      requeueAfter: (key, ms) => this.queue.addAfter(key, timerDelay(ms)),
      isNotFound,
      isNamespaceTerminating: (err) =>
        err instanceof ApiError && ((err.status.details?.causes as { type?: string }[] | undefined) ?? []).some((c) => c.type === 'NamespaceTerminating'),
    };
  }

  private enqueueBatched(job: KubeObject): void {
    this.queue.addAfter(keyOf(job), this.batchMs);
  }

  private onJobUpdate(cur: KubeObject, old: KubeObject): void {
    if (cur.metadata.generation === old.metadata.generation) {
      this.enqueueBatched(cur);
    } else {
      this.enqueue(keyOf(cur));
    }
    if (isJobFinished(cur)) {
      this.cleanupPodFinalizers(cur);
    }
    const ads = cur.spec?.activeDeadlineSeconds;
    const start = Date.parse(cur.status?.startTime ?? '');
    if (ads != null && Number.isFinite(start) && ads !== old.spec?.activeDeadlineSeconds) {
      this.queue.addAfter(keyOf(cur), timerDelay(ads * 1000 - (this.ctx.options.now().getTime() - start)));
    }
  }

  /** The Job a controllerRef names, if it is in the cache with that uid. */
  private resolve(namespace: string | undefined, ref: { kind: string; name: string; uid: string }): KubeObject | undefined {
    if (ref.kind !== 'Job') {
      return undefined;
    }
    const job = this.jobs.get(`${namespace}/${ref.name}`);
    return job?.metadata.uid === ref.uid ? job : undefined;
  }

  /** getPodJobs: the Jobs of the pod's namespace whose selector matches an orphan pod. */
  private podJobs(pod: KubeObject): KubeObject[] {
    return this.jobs.byIndex('byNamespace', pod.metadata.namespace ?? '').filter((j) => {
      const sel = fromLabelSelector(j.spec?.selector);
      return !sel.empty && !sel.nothing && sel(pod.metadata.labels);
    });
  }

  private onPodAdd(pod: KubeObject): void {
    if (pod.metadata.deletionTimestamp) {
      this.onPodDelete(pod, false);
      return;
    }
    const ref = controllerRef(pod);
    if (ref) {
      const job = this.resolve(pod.metadata.namespace, ref);
      if (job) {
        this.deps.expectations.creationObserved(keyOf(job));
        this.enqueueBatched(job);
      }
      return;
    }
    if (hasTrackingFinalizer(pod)) {
      this.orphanQueue.add(keyOf(pod));
    }
    this.podJobs(pod).forEach((j) => this.enqueueBatched(j));
  }

  private onPodUpdate(cur: KubeObject, old: KubeObject): void {
    if (cur.metadata.resourceVersion === old.metadata.resourceVersion) {
      return;
    }
    if (cur.metadata.deletionTimestamp) {
      this.onPodDelete(cur, false);
      return;
    }
    const removed = !hasTrackingFinalizer(cur);
    const curRef = controllerRef(cur);
    const oldRef = controllerRef(old);
    const refChanged = !sameRef(curRef, oldRef);
    const touch = (job: KubeObject | undefined): void => {
      if (job) {
        if (removed) {
          this.deps.finalizerExpectations.observed(keyOf(job), cur.metadata.uid!);
        }
        this.enqueueBatched(job);
      }
    };
    if (refChanged && oldRef) {
      touch(this.resolve(old.metadata.namespace, oldRef));
    }
    if (curRef) {
      touch(this.resolve(cur.metadata.namespace, curRef));
      return;
    }
    if (hasTrackingFinalizer(cur)) {
      this.orphanQueue.add(keyOf(cur));
    }
    if (refChanged || JSON.stringify(cur.metadata.labels ?? {}) !== JSON.stringify(old.metadata.labels ?? {})) {
      this.podJobs(cur).forEach((j) => this.enqueueBatched(j));
    }
  }

  private onPodDelete(pod: KubeObject, final: boolean): void {
    const ref = controllerRef(pod);
    const hasFinalizer = hasTrackingFinalizer(pod);
    const job = ref ? this.resolve(pod.metadata.namespace, ref) : undefined;
    if (!job || isJobFinished(job)) {
      if (hasFinalizer) {
        this.orphanQueue.add(keyOf(pod));
      }
      return;
    }
    const key = keyOf(job);
    this.deps.expectations.deletionObserved(key, pod.metadata.uid!);
    if (final || !hasFinalizer) {
      this.deps.finalizerExpectations.observed(key, pod.metadata.uid!);
    }
    this.enqueueBatched(job);
  }

  /** Queues the Job's pods that still carry the tracking finalizer for removal (the Job finished or is gone). */
  private cleanupPodFinalizers(job: KubeObject): void {
    for (const pod of this.pods.byIndex(BY_CONTROLLER_UID, job.metadata.uid!)) {
      if (hasTrackingFinalizer(pod)) {
        this.orphanQueue.add(keyOf(pod));
      }
    }
  }

  /** syncOrphanPod: removes the tracking finalizer from a pod no unfinished Job of ours controls. */
  private async syncOrphanPod(key: string): Promise<void> {
    const pod = this.pods.get(key);
    if (!pod) {
      return;
    }
    const ref = controllerRef(pod);
    if (ref) {
      if (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') {
        return;
      }
      const job = this.resolve(pod.metadata.namespace, ref);
      if (job && (managedByExternalController(job) !== undefined || !isJobFinished(job))) {
        return;
      }
    }
    const patch = removeTrackingFinalizerPatch(pod);
    if (patch) {
      await this.ctx.client.patch(resourcePath('v1', 'pods', pod.metadata.namespace, pod.metadata.name), patch).catch((err: unknown) => {
        if (!isNotFound(err)) {
          throw err;
        }
      });
    }
  }
}

/** Factory of the Job controller (kube-controller-manager name `job`). */
export const jobController: ControllerFactory = (ctx) => new JobReconciler(ctx);
