import { hasSelector, isServiceIPSet } from 'src/controllers/common/service-endpoints';
import { selectedPods, watchServicesAndPods } from 'src/controllers/common/service-pod-informers';
import { LAST_CHANGE_TRIGGER_TIME, rfc3339Nano, TriggerTimeTracker } from 'src/controllers/common/trigger-time';
import { QueueController, type ControllerContext, type ControllerFactory } from 'src/controllers/runtime/controller';
import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import { keyOf, type Informer } from 'src/controllers/runtime/informer';
import { ApiError, isNotFound, resourcePath } from 'src/controllers/runtime/kube-client';
import { countAddresses, desiredSubsets, MAX_ENDPOINTS_CAPACITY, subsetsEqual, truncateSubsets } from 'src/controllers/endpoints/subsets';
import { jsonEqual } from 'src/registry/generic/validation';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/endpoint/endpoints_controller.go (handlers, syncService,
// checkLeftoverEndpoints, staleEndpointsTracker).

/** The annotation marking Endpoints cut down to MAX_ENDPOINTS_CAPACITY addresses. */
export const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
/** The label of Endpoints/EndpointSlices of a headless Service. */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
/** Leader-election records on Endpoints (old locks) are never cleaned up. */
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';
/** Endpoints the apiserver itself maintains. */
const APISERVER_ENDPOINTS = 'default/kubernetes';

/** Whether an API error says the namespace is being deleted. */
export function isNamespaceTerminating(err: unknown): boolean {
  return err instanceof ApiError && ((err.status.details?.causes as { type?: string }[] | undefined) ?? []).some((c) => c.type === 'NamespaceTerminating');
}

/** Labels without the headless marker (it is never on the Service itself). */
function withoutHeadless(labels: Record<string, string> | undefined): Record<string, string> {
  const { [HEADLESS_LABEL]: _, ...rest } = labels ?? {};
  return rest;
}

/** The legacy Endpoints controller: one `Endpoints` per selector Service, named after it (controllers.md §5.1). */
export class EndpointsReconciler extends QueueController {
  private readonly services: Informer<KubeObject>;
  private readonly pods: Informer<KubeObject>;
  private readonly endpoints: Informer<KubeObject>;
  private readonly recorder: EventRecorder;
  private readonly triggers = new TriggerTimeTracker();
  /** resourceVersions of Endpoints we have replaced: a cache still showing one is stale. */
  private readonly staleVersions = new Map<string, string>();

  constructor(ctx: ControllerContext) {
    super('endpoints', ctx);
    this.recorder = ctx.recorder('endpoint-controller');
    const enqueue = (key: string): void => this.enqueue(key);
    const watched = watchServicesAndPods(ctx, enqueue, enqueue);
    this.services = watched.services;
    this.pods = watched.pods;
    this.endpoints = ctx.informers.informer('/api/v1/endpoints');
    this.endpoints.on('delete', (e) => this.enqueue(keyOf(e)));
  }

  /** Starts the workers and queues every existing Endpoints once, to delete those whose Service is gone. */
  override start(): void {
    super.start();
    for (const ep of this.endpoints.list()) {
      if (!ep.metadata.annotations?.[LEADER_ANNOTATION]) {
        this.enqueue(keyOf(ep));
      }
    }
  }

  protected async reconcile(key: string): Promise<void> {
    if (key === APISERVER_ENDPOINTS) {
      return;
    }
    const [namespace, name] = key.split('/');
    const svc = this.services.get(key);
    if (!svc) {
      await this.ctx.client.delete(resourcePath('v1', 'endpoints', namespace, name)).catch((e: unknown) => {
        if (!isNotFound(e)) {
          throw e;
        }
      });
      this.triggers.delete(namespace, name);
      this.staleVersions.delete(key);
      return;
    }
    if (!hasSelector(svc)) {
      return;
    }
    const pods = selectedPods(this.pods, svc);
    const current = this.endpoints.get(key);
    if (current && this.staleVersions.get(key) === current.metadata.resourceVersion) {
      throw new Error(`endpoints informer cache is out of date, resource version ${current.metadata.resourceVersion} already processed for endpoints ${key}`);
    }
    const trigger = this.triggers.compute(svc, pods);
    const { subsets } = desiredSubsets(svc, pods);
    const svcLabels = svc.metadata.labels ?? {};
    const capacityOk = countAddresses(current?.subsets ?? []) <= MAX_ENDPOINTS_CAPACITY && !current?.metadata.annotations?.[OVER_CAPACITY];
    if (current && subsetsEqual(current.subsets, subsets) && jsonEqual(withoutHeadless(current.metadata.labels), svcLabels) && capacityOk) {
      this.triggers.commit(namespace, name);
      return;
    }
    const next = this.buildEndpoints(svc, current, subsets, trigger);
    await this.write(svc, current, next);
    this.triggers.commit(namespace, name);
  }

  private buildEndpoints(svc: KubeObject, current: KubeObject | undefined, subsets: KubeObject['subsets'], trigger: number | undefined): KubeObject {
    const annotations: Record<string, string> = { ...(current?.metadata.annotations ?? {}) };
    if (trigger !== undefined) {
      annotations[LAST_CHANGE_TRIGGER_TIME] = rfc3339Nano(trigger);
    } else {
      delete annotations[LAST_CHANGE_TRIGGER_TIME];
    }
    const truncated = truncateSubsets(subsets);
    if (truncated) {
      annotations[OVER_CAPACITY] = 'truncated';
    } else {
      delete annotations[OVER_CAPACITY];
    }
    const labels = withoutHeadless(svc.metadata.labels);
    if (!isServiceIPSet(svc)) {
      labels[HEADLESS_LABEL] = '';
    }
    const metadata = current ? { ...current.metadata } : { name: svc.metadata.name, namespace: svc.metadata.namespace };
    return { apiVersion: 'v1', kind: 'Endpoints', metadata: { ...metadata, labels, annotations }, subsets: truncated ?? subsets };
  }

  private async write(svc: KubeObject, current: KubeObject | undefined, next: KubeObject): Promise<void> {
    const { namespace, name } = svc.metadata;
    try {
      if (!current) {
        await this.ctx.client.create(resourcePath('v1', 'endpoints', namespace), next);
        return;
      }
      const updated = await this.ctx.client.replace<KubeObject>(resourcePath('v1', 'endpoints', namespace, name), next);
      if (updated.metadata.resourceVersion !== current.metadata.resourceVersion) {
        this.staleVersions.set(`${namespace}/${name}`, current.metadata.resourceVersion!);
      }
    } catch (err) {
      if (!current && isNamespaceTerminating(err)) {
        return;
      }
      const text = err instanceof ApiError ? String(err.status.message ?? err.message) : String(err);
      if (current) {
        this.recorder.event(next, 'Warning', 'FailedToUpdateEndpoint', `Failed to update endpoint ${namespace}/${name}: ${text}`);
      } else {
        this.recorder.event(next, 'Warning', 'FailedToCreateEndpoint', `Failed to create endpoint for service ${namespace}/${name}: ${text}`);
      }
      throw err;
    }
  }
}

/** Factory of the Endpoints controller (kube-controller-manager `endpoint`). */
export const endpointsController: ControllerFactory = (ctx) => new EndpointsReconciler(ctx);
