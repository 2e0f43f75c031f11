import { hasSelector } from 'src/controllers/common/service-endpoints';
import { selectedPods, watchServicesAndPods } from 'src/controllers/common/service-pod-informers';
import { LAST_CHANGE_TRIGGER_TIME, rfc3339Nano, TriggerTimeTracker } from 'src/controllers/common/trigger-time';
import { isNamespaceTerminating } from 'src/controllers/endpoints/endpoints.reconciler';
import { CONTROLLER_NAME, LABEL_MANAGED_BY } from 'src/controllers/endpointslice/slice-endpoint';
import { planSlices } from 'src/controllers/endpointslice/slice-plan';
import { EndpointSliceTracker, serviceKeyOfSlice } from 'src/controllers/endpointslice/slice-tracker';
import { QueueController, type ControllerContext, type ControllerFactory } from 'src/controllers/runtime/controller';
import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import type { Informer } from 'src/controllers/runtime/informer';
import { errorMessage, isNotFound, resourcePath } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/endpointslice/endpointslice_controller.go (handlers,
// syncService, queueServiceForEndpointSlice) and staging/src/k8s.io/endpointslice/reconciler.go finalize.

/** Endpoints per slice (--max-endpoints-per-slice). */
export const MAX_ENDPOINTS_PER_SLICE = 100;
/** The least delay before syncing a Service after one of its slices changed (endpointSliceChangeMinSyncDelay). */
const SLICE_CHANGE_MIN_SYNC_DELAY_MS = 1000;
/** Index of managed slices by their Service's `ns/name`. */
const SLICES_BY_SERVICE = 'endpointslice.byService';

const SLICES = 'discovery.k8s.io/v1';

/** Informer indexer: slices managed by this controller, filed under their Service's key. */
function slicesByService(slice: KubeObject): string[] {
  const key = serviceKeyOfSlice(slice);
  return key && slice.metadata.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME ? [key] : [];
}

/** Tunables of the EndpointSlice controller. */
export interface EndpointSliceOptions {
  maxEndpointsPerSlice: number;
  /** Delay of syncs triggered by pod changes (--endpointslice-updates-batch-period, default 0). */
  batchPeriodMs: number;
}

/** The EndpointSlice controller: a Service's selected pods as EndpointSlices (controllers.md §5.1). */
export class EndpointSliceReconciler extends QueueController {
  private readonly services: Informer<KubeObject>;
  private readonly pods: Informer<KubeObject>;
  private readonly nodes: Informer<KubeObject>;
  private readonly slices: Informer<KubeObject>;
  private readonly recorder: EventRecorder;
  private readonly triggers = new TriggerTimeTracker();
  private readonly tracker = new EndpointSliceTracker();

  constructor(
    ctx: ControllerContext,
    private readonly opts: EndpointSliceOptions,
  ) {
    super('endpointslice', ctx);
    this.recorder = ctx.recorder('endpoint-slice-controller');
    const watched = watchServicesAndPods(
      ctx,
      (key) => this.enqueue(key),
      (key) => this.queue.addAfter(key, this.opts.batchPeriodMs),
    );
    this.services = watched.services;
    this.pods = watched.pods;
    this.nodes = ctx.informers.informer('/api/v1/nodes');
    this.slices = ctx.informers.informer(`/apis/${SLICES}/endpointslices`, { [SLICES_BY_SERVICE]: slicesByService });
    this.slices.on('add', (s) => this.managed(s) && this.tracker.shouldSync(s) && this.queueForSlice(s));
    this.slices.on('update', (s, old) => this.onSliceUpdate(old, s));
    this.slices.on('delete', (s) => this.managed(s) && this.tracker.has(s) && !this.tracker.handleDeletion(s) && this.queueForSlice(s));
  }

  private managed(slice: KubeObject): boolean {
    return slice.metadata.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME;
  }

  private onSliceUpdate(old: KubeObject, cur: KubeObject): void {
    if (serviceKeyOfSlice(old) !== serviceKeyOfSlice(cur)) {
      this.queueForSlice(cur);
      this.queueForSlice(old);
      return;
    }
    if (this.managed(old) !== this.managed(cur) || (this.managed(cur) && this.tracker.shouldSync(cur))) {
      this.queueForSlice(cur);
    }
  }

  private queueForSlice(slice: KubeObject): void {
    const key = serviceKeyOfSlice(slice);
    if (key) {
      this.queue.addAfter(key, Math.max(SLICE_CHANGE_MIN_SYNC_DELAY_MS, this.opts.batchPeriodMs));
    }
  }

  protected async reconcile(key: string): Promise<void> {
    const [namespace, name] = key.split('/');
    const svc = this.services.get(key);
    if (!svc) {
      this.triggers.delete(namespace, name);
      this.tracker.deleteService(key);
      return;
    }
    if (!hasSelector(svc)) {
      return;
    }
    const pods = selectedPods(this.pods, svc);
    const existing = this.slices.byIndex(SLICES_BY_SERVICE, key).filter((s) => !s.metadata.deletionTimestamp);
    if (this.tracker.staleSlices(key, existing)) {
      throw new Error('EndpointSlice informer cache is out of date');
    }
    const trigger = this.triggers.compute(svc, pods);
    const plan = planSlices({ service: svc, pods, nodeOf: (n) => this.nodes.get(n), existing, maxEndpointsPerSlice: this.opts.maxEndpointsPerSlice });
    try {
      await this.apply(svc, plan, trigger);
      this.triggers.commit(svc.metadata.namespace!, svc.metadata.name!);
      if (plan.missingNodes.length > 0) {
        throw new Error(`skipping Pods for Service ${key}: Node ${plan.missingNodes.join(', ')} Not Found`);
      }
    } catch (err) {
      const text = errorMessage(err);
      this.recorder.event(svc, 'Warning', 'FailedToUpdateEndpointSlices', `Error updating Endpoint Slices for Service ${key}: ${text}`);
      throw err;
    }
  }

  private async apply(svc: KubeObject, plan: ReturnType<typeof planSlices>, trigger: number | undefined): Promise<void> {
    const ns = svc.metadata.namespace;
    const stamp = (slice: KubeObject): KubeObject => {
      const annotations: Record<string, string> = { ...(slice.metadata.annotations ?? {}) };
      if (trigger !== undefined) {
        annotations[LAST_CHANGE_TRIGGER_TIME] = rfc3339Nano(trigger);
      } else {
        delete annotations[LAST_CHANGE_TRIGGER_TIME];
      }
      return { ...slice, metadata: { ...slice.metadata, annotations } };
    };
    // No new slices for a Service being deleted: the garbage collector is removing them.
    const creates = svc.metadata.deletionTimestamp ? [] : plan.create;
    const created = await settle(creates.map((s) => this.ctx.client.create<KubeObject>(resourcePath(SLICES, 'endpointslices', ns), stamp(s))));
    created.done.forEach((s) => this.tracker.update(s));
    if (created.error !== undefined) {
      if (isNamespaceTerminating(created.error)) {
        return;
      }
      throw created.error;
    }
    const updated = await settle(
      plan.update.map((s) => this.ctx.client.replace<KubeObject>(resourcePath(SLICES, 'endpointslices', ns, s.metadata.name), stamp(s))),
    );
    updated.done.forEach((s) => this.tracker.update(s));
    if (updated.error !== undefined) {
      throw updated.error;
    }
    const deleted = await settle(
      plan.delete.map((s) =>
        this.ctx.client.delete(resourcePath(SLICES, 'endpointslices', ns, s.metadata.name)).then(
          () => s,
          (e: unknown) => {
            if (isNotFound(e)) {
              return undefined;
            }
            throw e;
          },
        ),
      ),
    );
    deleted.done.forEach((s) => s && this.tracker.expectDeletion(s));
    if (deleted.error !== undefined) {
      throw deleted.error;
    }
  }
}

/** Waits for every write; returns the results of those that succeeded and the first error. */
async function settle<T>(writes: Promise<T>[]): Promise<{ done: T[]; error?: unknown }> {
  const results = await Promise.allSettled(writes);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  return { done: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])), ...(failed ? { error: failed.reason } : {}) };
}

/** Builds the EndpointSlice controller with explicit tunables. */
export function newEndpointSliceController(opts: Partial<EndpointSliceOptions> = {}): ControllerFactory {
  return (ctx) => new EndpointSliceReconciler(ctx, { maxEndpointsPerSlice: MAX_ENDPOINTS_PER_SLICE, batchPeriodMs: 0, ...opts });
}

/** Factory of the EndpointSlice controller (kube-controller-manager `endpointslice`). */
export const endpointSliceController: ControllerFactory = newEndpointSliceController();
