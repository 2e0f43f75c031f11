import { timerDelay } from 'src/controllers/common/delay';
import { QueueController, type ControllerContext, type ControllerFactory } from 'src/controllers/runtime/controller';
import { keyOf, type Informer } from 'src/controllers/runtime/informer';
import { isNotFound, resourcePath } from 'src/controllers/runtime/kube-client';
import { needsCleanup, ttlLeftMs } from 'src/controllers/ttl-after-finished/ttl';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/ttlafterfinished/ttlafterfinished_controller.go processJob:
// re-check the TTL on a fresh GET, then delete with Foreground propagation and a UID precondition
// (the garbage collector removes the pods, then the Job).

/** Deletes finished Jobs once ttlSecondsAfterFinished has passed (controllers.md §4.5). */
export class TtlAfterFinishedReconciler extends QueueController {
  private readonly jobs: Informer<KubeObject>;

  constructor(ctx: ControllerContext) {
    super('ttl-after-finished', ctx);
    this.jobs = ctx.informers.informer('/apis/batch/v1/jobs');
    const maybeEnqueue = (job: KubeObject): void => {
      if (!job.metadata.deletionTimestamp && needsCleanup(job)) {
        this.enqueue(keyOf(job));
      }
    };
    this.jobs.on('add', maybeEnqueue);
    this.jobs.on('update', maybeEnqueue);
  }

  protected async reconcile(key: string): Promise<number | void> {
    const job = this.jobs.get(key);
    if (!job) {
      return;
    }
    const left = ttlLeftMs(job, this.ctx.options.now().getTime());
    if (left === undefined) {
      return;
    }
    if (left > 0) {
      return timerDelay(left);
    }
    const path = resourcePath('batch/v1', 'jobs', job.metadata.namespace, job.metadata.name);
    let fresh: KubeObject;
    try {
      fresh = await this.ctx.client.get<KubeObject>(path);
    } catch (err) {
      if (isNotFound(err)) {
        return;
      }
      throw err;
    }
    const freshLeft = ttlLeftMs(fresh, this.ctx.options.now().getTime());
    if (freshLeft === undefined) {
      return;
    }
    if (freshLeft > 0) {
      return timerDelay(freshLeft);
    }
    await this.ctx.client.delete(path, { propagationPolicy: 'Foreground', preconditions: { uid: fresh.metadata.uid } }).catch((err: unknown) => {
      if (!isNotFound(err)) {
        throw err;
      }
    });
  }
}

/** Factory of the TTL-after-finished controller (kube-controller-manager name `ttl-after-finished`). */
export const ttlAfterFinishedController: ControllerFactory = (ctx) => new TtlAfterFinishedReconciler(ctx);
