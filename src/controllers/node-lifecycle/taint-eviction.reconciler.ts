import { byNodeName, PODS_BY_NODE_INDEX, taintsOf, type Taint } from 'src/controllers/common/nodes';
import { patchPodStatus, updatePodCondition } from 'src/controllers/common/pod-conditions';
import { QueueController, type ControllerContext, type ControllerFactory } from 'src/controllers/runtime/controller';
import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import type { Informer } from 'src/controllers/runtime/informer';
import { resourcePath } from 'src/controllers/runtime/kube-client';
import type { Toleration } from 'src/controllers/common/tolerations';
import { decideEviction } from 'src/controllers/node-lifecycle/tolerations';
import { jsonEqual } from 'src/registry/generic/validation';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/tainteviction/taint_eviction.go (PodUpdated, NodeUpdated,
// handlePodUpdate, handleNodeUpdate, processPodOnNode, addConditionAndDeletePod) and
// timed_workers.go (TimedWorkerQueue: a finished key stays known until cancelled).

/** Attempts of one eviction. */
const DELETE_RETRIES = 5;

const noExecute = (node: KubeObject | undefined): Taint[] => taintsOf(node ?? { metadata: {} }).filter((t) => t.effect === 'NoExecute');
const podRef = (key: string): KubeObject => {
  const [namespace, name] = key.split('/');
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } };
};

/** A scheduled eviction; null once it ran (so the same pod is not evicted twice). */
type Work = { createdAt: number; fireAt: number; timer: NodeJS.Timeout } | null;

/**
 * The taint eviction controller: deletes pods from nodes with NoExecute taints they do not
 * tolerate, at once or after their tolerationSeconds, marking them DisruptionTarget first
 * (controllers.md §5.5).
 */
export class TaintEvictionReconciler extends QueueController {
  private readonly pods: Informer<KubeObject>;
  private readonly nodes: Informer<KubeObject>;
  private readonly recorder: EventRecorder;
  private readonly taintedNodes = new Map<string, Taint[]>();
  private readonly work = new Map<string, Work>();

  constructor(ctx: ControllerContext) {
    super('taint-eviction-controller', ctx);
    this.recorder = ctx.recorder('taint-eviction-controller');
    this.pods = ctx.informers.informer('/api/v1/pods', { [PODS_BY_NODE_INDEX]: byNodeName });
    this.nodes = ctx.informers.informer('/api/v1/nodes');
    this.pods.on('add', (p) => this.podUpdated(undefined, p));
    this.pods.on('update', (p, old) => this.podUpdated(old, p));
    this.pods.on('delete', (p) => this.podUpdated(p, undefined));
    this.nodes.on('add', (n) => this.enqueue(`node:${n.metadata.name}`));
    this.nodes.on('update', (n, old) => !jsonEqual(noExecute(old), noExecute(n)) && this.enqueue(`node:${n.metadata.name}`));
    this.nodes.on('delete', (n) => this.enqueue(`node:${n.metadata.name}`));
  }

  /** Stops the workers and every scheduled eviction. */
  override async stop(): Promise<void> {
    for (const w of this.work.values()) {
      clearTimeout(w?.timer);
    }
    await super.stop();
  }

  private podUpdated(old: KubeObject | undefined, cur: KubeObject | undefined): void {
    if (old && cur && old.spec?.nodeName === cur.spec?.nodeName && jsonEqual(old.spec?.tolerations ?? [], cur.spec?.tolerations ?? [])) {
      return;
    }
    const p = (cur ?? old)!;
    this.enqueue(`pod:${p.metadata.namespace}/${p.metadata.name}`);
  }

  protected async reconcile(key: string): Promise<void> {
    const now = this.ctx.options.now().getTime();
    if (key.startsWith('node:')) {
      this.handleNode(key.slice('node:'.length), now);
    } else {
      this.handlePod(key.slice('pod:'.length), now);
    }
  }

  private handleNode(name: string, now: number): void {
    const node = this.nodes.get(name);
    if (!node) {
      this.taintedNodes.delete(name);
      return;
    }
    const taints = noExecute(node);
    if (taints.length === 0) {
      this.taintedNodes.delete(name);
    } else {
      this.taintedNodes.set(name, taints);
    }
    for (const pod of this.pods.byIndex(PODS_BY_NODE_INDEX, name)) {
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      if (taints.length === 0) {
        this.cancel(key);
      } else {
        this.processPod(key, pod.spec?.tolerations ?? [], taints, now);
      }
    }
  }

  private handlePod(key: string, now: number): void {
    const pod = this.pods.get(key);
    if (!pod) {
      this.cancel(key);
      return;
    }
    const taints = pod.spec?.nodeName ? this.taintedNodes.get(pod.spec.nodeName) : undefined;
    if (taints) {
      this.processPod(key, pod.spec?.tolerations ?? [], taints, now);
    }
  }

  /** Semantics: processPodOnNode. */
  private processPod(key: string, tolerations: Toleration[], taints: Taint[], now: number): void {
    const scheduled = this.work.get(key);
    const d = decideEviction(taints, tolerations, now, scheduled?.createdAt);
    switch (d.action) {
      case 'cancel':
        this.cancel(key);
        return;
      case 'keep':
        return;
      case 'evict-now':
        this.cancel(key);
        this.schedule(key, now, now, now);
        return;
      case 'schedule':
        if (scheduled) {
          this.cancel(key);
        }
        this.schedule(key, d.createdAt, d.fireAt, now);
    }
  }

  private schedule(key: string, createdAt: number, fireAt: number, now: number): void {
    if (this.work.has(key)) {
      return;
    }
    const timer = setTimeout(() => void this.evict(key), Math.max(0, fireAt - now));
    timer.unref();
    this.work.set(key, { createdAt, fireAt, timer });
  }

  /** Cancels a scheduled eviction, with an event when one was pending. */
  private cancel(key: string): void {
    if (!this.work.has(key)) {
      return;
    }
    const w = this.work.get(key);
    this.work.delete(key);
    if (w) {
      clearTimeout(w.timer);
      this.recorder.event(podRef(key), 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
    }
  }

  /** Semantics: deletePodHandler + addConditionAndDeletePod. */
  private async evict(key: string): Promise<void> {
    this.recorder.event(podRef(key), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    const [namespace, name] = key.split('/');
    const path = resourcePath('v1', 'pods', namespace, name);
    let lastError: unknown;
    for (let i = 0; i < DELETE_RETRIES; i++) {
      try {
        const pod = await this.ctx.client.get<KubeObject>(path);
        const status = structuredClone(pod.status ?? {});
        const condition = {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'DeletionByTaintManager',
          message: 'Taint manager: deleting due to NoExecute taint',
        };
        if (updatePodCondition(status, condition, this.ctx.options.now())) {
          await patchPodStatus(this.ctx.client, pod, { conditions: status.conditions });
        }
        await this.ctx.client.delete(path);
        if (this.work.has(key)) {
          this.work.set(key, null);
        }
        return;
      } catch (err) {
        lastError = err;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    this.work.delete(key);
    this.ctx.log(`taint-eviction-controller: deleting pod ${key}: ${String(lastError)}`);
  }
}

/** Factory of the taint eviction controller (kube-controller-manager `taint-eviction-controller`). */
export const taintEvictionController: ControllerFactory = (ctx) => new TaintEvictionReconciler(ctx);
