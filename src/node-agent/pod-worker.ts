import { isConflict, isNotFound, resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import { CrashBackOff } from 'src/node-agent/crash-backoff';
import { parseImageRef } from 'src/node-agent/image-ref';
import { kubeletMessages, type KubeletEvents } from 'src/node-agent/kubelet-events';
import { newest, type NodeSet } from 'src/node-agent/node-set';
import { podBehaviour } from 'src/node-agent/pod-behaviour';
import { planPod, type PodAction, type PodPlan } from 'src/node-agent/pod-plan';
import { desiredPodStatus } from 'src/node-agent/pod-status';
import type { NodeNetwork, Runtime } from 'src/node-agent/runtime';
import { twoWayStatusPatch } from 'src/node-agent/status-patch';
import type { KubeObject } from 'src/registry/generic/object';

/** Runtime steps taken in one sync before the status is written (init containers that exit at once …). */
const MAX_STEPS_PER_SYNC = 16;
/** The pod status lists merged by key. */
const POD_STATUS_MERGE_KEYS = { conditions: 'type' };

/** What the agent remembers about a pod between syncs (kubelet keeps the same in memory only). */
interface PodMemory {
  uid: string;
  backOff: CrashBackOff;
  /** Container IDs told to stop. */
  stopping: Set<string>;
  /** Per container, the end of the back-off a BackOff event was recorded for. */
  backOffEvents: Map<string, number>;
  /** The final DELETE was sent. */
  deleted: boolean;
  /** The pod object our last status write returned. */
  written?: KubeObject;
}

/** Options of the pod worker. */
export interface PodWorkerOptions {
  crashBackOffBaseMs: number;
  crashBackOffMaxMs: number;
}

function isTerminalPhase(phase: unknown): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The grace period containers get when stopped, in ms. */
function gracePeriodMs(pod: KubeObject): number {
  const seconds = pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, Number(seconds)) * 1000;
}

/**
 * One sync of one pod, as the kubelet's pod worker does it: plan against the runtime, carry out
 * the plan (sandbox, image pulls, container starts and stops) recording kubelet events, write the
 * status by strategic-merge PATCH when it changed, delete the pod once it has shut down after a
 * graceful deletion, and say when to look again (an exit, the end of a back-off, a readiness delay).
 * Semantics: kubelet pod_workers.go, kubelet.go SyncPod / SyncTerminatingPod, status_manager.go
 * syncPod (patch with the pod UID as precondition; final DELETE with grace 0 and a UID precondition).
 */
export class PodWorker {
  private readonly memory = new Map<string, PodMemory>();

  constructor(
    private readonly client: KubeClient,
    private readonly runtime: Runtime,
    private readonly nodes: NodeSet,
    private readonly cached: (key: string) => KubeObject | undefined,
    private readonly events: KubeletEvents,
    private readonly opts: PodWorkerOptions,
  ) {}

  /** Syncs the pod with this `namespace/name` key; resolves with a requeue delay when something is due later. */
  async sync(key: string): Promise<number | void> {
    const cached = this.cached(key);
    let mem = this.memory.get(key);
    if (mem && (!cached || cached.metadata.uid !== mem.uid)) {
      await this.forget(key, mem);
      mem = undefined;
    }
    if (!cached || !this.nodes.has(cached.spec?.nodeName)) {
      return;
    }
    const uid = String(cached.metadata.uid);
    if (!mem) {
      mem = { uid, backOff: new CrashBackOff(this.opts.crashBackOffBaseMs, this.opts.crashBackOffMaxMs), stopping: new Set(), backOffEvents: new Map(), deleted: false };
      this.memory.set(key, mem);
    }
    const pod = newest(cached, mem.written)!;
    if (mem.deleted) {
      return;
    }
    const node = this.nodes.network(pod.spec.nodeName);
    let plan: PodPlan | undefined;
    for (let step = 0; step < MAX_STEPS_PER_SYNC; step++) {
      const now = Date.now();
      const m = mem;
      plan = planPod({ pod, runtime: this.runtime.status(uid, now), now, backOff: (c, at) => m.backOff.waiting(c, at, now), stopping: mem.stopping });
      if (plan.actions.length === 0) {
        break;
      }
      for (const action of plan.actions) {
        if (await this.execute(key, pod, node, mem, action)) {
          return;
        }
      }
    }
    return this.writeStatus(key, pod, node, mem, plan!);
  }

  /** Drops what is known about a pod that is gone, releasing its sandbox. */
  private async forget(key: string, mem: PodMemory): Promise<void> {
    this.memory.delete(key);
    await this.runtime.removePod(mem.uid);
  }

  private statusPath(pod: KubeObject): string {
    return resourcePath('v1', 'pods', pod.metadata.namespace, pod.metadata.name, 'status');
  }

  /** Carries out one action; true when the pod has been deleted and the sync is over. */
  private async execute(key: string, pod: KubeObject, node: NodeNetwork, mem: PodMemory, action: PodAction): Promise<boolean> {
    const now = Date.now();
    switch (action.type) {
      case 'createSandbox':
        try {
          await this.runtime.createSandbox(pod, node, now);
        } catch (err) {
          this.events.pod(node.nodeName, pod, 'Warning', 'FailedCreatePodSandBox', kubeletMessages.sandboxFailed((err as Error).message));
          throw err;
        }
        return false;
      case 'start': {
        const c = action.container;
        if (action.restartOf) {
          mem.backOff.next(c.name, action.restartOf.finishedAt ?? now);
        }
        await this.ensureImage(node.nodeName, pod, c);
        await this.runtime.startContainer(pod, c, action.kind, action.attempt, now);
        this.events.pod(node.nodeName, pod, 'Normal', 'Created', kubeletMessages.created(), c.name);
        this.events.pod(node.nodeName, pod, 'Normal', 'Started', kubeletMessages.started(), c.name);
        return false;
      }
      case 'stop': {
        const ids = new Map((this.runtime.status(mem.uid, now)?.containers ?? []).filter((c) => c.state === 'running').map((c) => [c.name, c.id]));
        for (const name of await this.runtime.stopContainers(mem.uid, gracePeriodMs(pod), now, action.names)) {
          mem.stopping.add(ids.get(name) ?? name);
          this.events.pod(node.nodeName, pod, 'Normal', 'Killing', kubeletMessages.killing(name), name);
        }
        return false;
      }
      case 'finish':
        await this.finish(key, pod, node, mem);
        return true;
    }
  }

  /**
   * Pulls the image when the pull policy asks for it (Always, or IfNotPresent and missing) and
   * records Pulling/Pulled; `Never` trusts the image to be there. Semantics: kubelet
   * images/image_manager.go EnsureImageExists, shouldPullImage; api defaults for imagePullPolicy.
   */
  private async ensureImage(nodeName: string, pod: KubeObject, c: Record<string, any>): Promise<void> {
    const ref = parseImageRef(c.image);
    const policy = c.imagePullPolicy ?? (ref.tag === 'latest' && !ref.digest ? 'Always' : 'IfNotPresent');
    const present = await this.runtime.hasImage(nodeName, c.image);
    if (policy === 'Always' || (policy === 'IfNotPresent' && !present)) {
      this.events.pod(nodeName, pod, 'Normal', 'Pulling', kubeletMessages.pulling(c.image), c.name);
      const pulled = await this.runtime.pullImage(nodeName, c.image, Date.now());
      this.events.pod(nodeName, pod, 'Normal', 'Pulled', kubeletMessages.pulled(c.image, pulled.durationMs, pulled.sizeBytes), c.name);
    } else {
      this.events.pod(nodeName, pod, 'Normal', 'Pulled', kubeletMessages.present(c.image), c.name);
    }
  }

  /** Writes the terminal status of a deleted pod whose containers stopped, then deletes it for good. */
  private async finish(key: string, pod: KubeObject, node: NodeNetwork, mem: PodMemory): Promise<void> {
    if (pod.status?.containerStatuses !== undefined || this.runtime.status(mem.uid, Date.now())) {
      await this.writeStatus(key, pod, node, mem, { actions: [], backOffs: new Map() }).catch((err: unknown) => {
        if (!isNotFound(err) && !isConflict(err)) {
          throw err;
        }
      });
    }
    try {
      await this.client.delete(resourcePath('v1', 'pods', pod.metadata.namespace, pod.metadata.name), {
        gracePeriodSeconds: 0,
        preconditions: { uid: mem.uid },
      });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) {
        throw err;
      }
    }
    mem.deleted = true;
    await this.runtime.removePod(mem.uid);
  }

  /** Records BackOff events, writes the status when it changed, and returns when to look again. */
  private async writeStatus(key: string, pod: KubeObject, node: NodeNetwork, mem: PodMemory, plan: PodPlan): Promise<number | void> {
    const now = Date.now();
    for (const [name, wait] of plan.backOffs) {
      if (mem.backOffEvents.get(name) !== wait.until) {
        mem.backOffEvents.set(name, wait.until);
        this.events.pod(node.nodeName, pod, 'Warning', 'BackOff', kubeletMessages.backOff(pod, name), name);
      }
    }
    const runtime = this.runtime.status(mem.uid, now);
    if (isTerminalPhase(pod.status?.phase)) {
      // A terminal pod never changes phase again; once its containers are gone, so is its sandbox.
      if (runtime?.containers.some((c) => c.state === 'running')) {
        return runtime.nextChangeAt === undefined ? undefined : Math.max(0, runtime.nextChangeAt - now);
      }
      await this.runtime.removePod(mem.uid);
      return;
    }
    const { status, nextAt } = desiredPodStatus({ pod, node, runtime, backOffs: plan.backOffs, behaviour: podBehaviour(pod), now });
    const patch = twoWayStatusPatch(pod.status, status, POD_STATUS_MERGE_KEYS);
    if (patch) {
      try {
        mem.written = await this.client.patch<KubeObject>(this.statusPath(pod), { metadata: { uid: mem.uid }, status: patch });
      } catch (err) {
        if (isNotFound(err)) {
          await this.forget(key, mem);
          return;
        }
        throw err;
      }
      if (isTerminalPhase(status.phase)) {
        await this.runtime.removePod(mem.uid);
      }
    }
    const due = Math.min(plan.wakeAt ?? Infinity, nextAt ?? Infinity, runtime?.nextChangeAt ?? Infinity);
    return due === Infinity ? undefined : Math.max(0, due - Date.now());
  }
}
