import { randomBytes } from 'node:crypto';
import { imageIDFor, normalizedImage } from 'src/node-agent/image-ref';
import { PodIPAllocator, isIpv4 } from 'src/node-agent/ip-allocator';
import { podBehaviour, type PodBehaviour } from 'src/node-agent/pod-behaviour';
import type { ContainerKind, ImagePullResult, NodeNetwork, Runtime, RuntimeContainer, RuntimePodStatus, RuntimeSandbox } from 'src/node-agent/runtime';
import type { KubeObject } from 'src/registry/generic/object';

/** The containerRuntimeVersion simulated nodes report. */
export const SIMULATED_RUNTIME_VERSION = 'kubepg://0.1.0';
/** Exit code of a container killed with SIGKILL (128 + 9). */
const SIGKILL_EXIT = 137;

/** A container attempt plus when (and how) it will exit by itself. */
interface SimContainer extends RuntimeContainer {
  exitAt?: number;
  plannedExitCode: number;
}

interface SimPod {
  nodeName: string;
  behaviour: PodBehaviour;
  sandbox?: RuntimeSandbox;
  containers: SimContainer[];
}

/** An exited attempt's reason, as the CRI reports it. */
function exitReason(code: number): string {
  return code === 0 ? 'Completed' : 'Error';
}

/** A time field of the API status in epoch ms, or undefined. */
function ms(t: unknown): number | undefined {
  const n = typeof t === 'string' ? Date.parse(t) : NaN;
  return Number.isNaN(n) ? undefined : n;
}

/**
 * A runtime that runs nothing: containers are records whose exits are scheduled from the pod's
 * behaviour annotations and resolved lazily when status() is asked (no timers of its own), pod IPs
 * come from a host-local style allocator per node, images are "present" once pulled on a node.
 */
export class SimulatedRuntime implements Runtime {
  readonly version = SIMULATED_RUNTIME_VERSION;
  private readonly pods = new Map<string, SimPod>();
  private readonly allocators = new Map<string, PodIPAllocator>();
  private readonly images = new Map<string, Set<string>>();

  recover(pod: KubeObject, node: NodeNetwork): void {
    const uid = String(pod.metadata.uid);
    const status = pod.status ?? {};
    if (this.pods.has(uid) || status.phase === 'Succeeded' || status.phase === 'Failed') {
      return;
    }
    const sim: SimPod = { nodeName: node.nodeName, behaviour: podBehaviour(pod), containers: [] };
    const ips: string[] = (status.podIPs ?? []).map((p: { ip: string }) => p.ip).filter(Boolean);
    if (ips.length > 0) {
      const at = ms(status.startTime) ?? Date.now();
      sim.sandbox = { createdAt: at, readyAt: at, ips };
      if (!pod.spec?.hostNetwork) {
        ips.filter(isIpv4).forEach((ip) => this.allocator(node)?.reserve(ip, uid));
      }
    }
    const specs = [
      ...(pod.spec?.initContainers ?? []).map((c: any) => ({ c, kind: 'init' as const })),
      ...(pod.spec?.containers ?? []).map((c: any) => ({ c, kind: 'app' as const })),
    ];
    const statuses = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])];
    for (const { c, kind } of specs) {
      const cs = statuses.find((s: any) => s.name === c.name);
      if (cs) {
        sim.containers.push(...this.recoverContainer(sim, c, kind, cs));
      }
    }
    this.pods.set(uid, sim);
  }

  status(uid: string, now: number): RuntimePodStatus | undefined {
    const sim = this.pods.get(uid);
    if (!sim) {
      return undefined;
    }
    let next = sim.sandbox && sim.sandbox.readyAt > now ? sim.sandbox.readyAt : undefined;
    for (const c of sim.containers) {
      if (c.state === 'running' && c.exitAt !== undefined) {
        if (c.exitAt <= now) {
          Object.assign(c, { state: 'exited', finishedAt: c.exitAt, exitCode: c.plannedExitCode, reason: exitReason(c.plannedExitCode) });
        } else {
          next = Math.min(next ?? Infinity, c.exitAt);
        }
      }
    }
    return {
      sandbox: sim.sandbox && { ...sim.sandbox, ips: [...sim.sandbox.ips] },
      containers: sim.containers.map(({ exitAt: _e, plannedExitCode: _p, ...c }) => ({ ...c })),
      nextChangeAt: next,
    };
  }

  async createSandbox(pod: KubeObject, node: NodeNetwork, now: number): Promise<RuntimeSandbox> {
    const uid = String(pod.metadata.uid);
    const sim = this.pods.get(uid) ?? { nodeName: node.nodeName, behaviour: podBehaviour(pod), containers: [] };
    let ips: string[];
    if (pod.spec?.hostNetwork) {
      ips = [...node.nodeIPs];
    } else {
      const ip = this.allocator(node)?.allocate(uid);
      if (!ip) {
        throw new Error(`failed to allocate for range 0: no IP addresses available in range set: ${node.podCIDRs.join(',')}`);
      }
      ips = [ip];
    }
    sim.sandbox = { createdAt: now, readyAt: now + sim.behaviour.startDelayMs, ips };
    this.pods.set(uid, sim);
    return { ...sim.sandbox };
  }

  async hasImage(nodeName: string, image: string): Promise<boolean> {
    return this.images.get(nodeName)?.has(normalizedImage(image)) ?? false;
  }

  async pullImage(nodeName: string, image: string): Promise<ImagePullResult> {
    this.markImage(nodeName, normalizedImage(image));
    return { durationMs: 0, sizeBytes: 0 };
  }

  private markImage(nodeName: string, normalized: string): void {
    let set = this.images.get(nodeName);
    if (!set) {
      this.images.set(nodeName, (set = new Set()));
    }
    set.add(normalized);
  }

  async startContainer(pod: KubeObject, container: Record<string, any>, kind: ContainerKind, attempt: number, now: number): Promise<RuntimeContainer> {
    const sim = this.pods.get(String(pod.metadata.uid));
    if (!sim?.sandbox) {
      throw new Error(`pod ${pod.metadata.namespace}/${pod.metadata.name} has no sandbox`);
    }
    const b = sim.behaviour;
    const sidecar = kind === 'init' && container.restartPolicy === 'Always';
    const runMs = kind === 'init' && !sidecar ? b.initDurationMs : sidecar ? undefined : b.runDurationMs;
    const c: SimContainer = {
      name: container.name,
      kind,
      attempt,
      id: `kubepg://${randomBytes(32).toString('hex')}`,
      image: normalizedImage(container.image),
      imageID: imageIDFor(container.image),
      state: 'running',
      startedAt: now,
      exitAt: runMs === undefined ? undefined : now + runMs,
      plannedExitCode: kind === 'init' ? 0 : b.exitCode,
    };
    // Keep the attempt before this one (it becomes lastState) and drop older ones.
    sim.containers = sim.containers.filter((o) => o.name !== c.name || o.attempt >= attempt - 1);
    sim.containers.push(c);
    return this.status(String(pod.metadata.uid), now)!.containers.find((x) => x.id === c.id)!;
  }

  async stopContainers(uid: string, gracePeriodMs: number, now: number, names?: string[]): Promise<string[]> {
    const sim = this.pods.get(uid);
    if (!sim) {
      return [];
    }
    this.status(uid, now);
    const stopped: string[] = [];
    for (const c of sim.containers) {
      if (c.state !== 'running' || (names && !names.includes(c.name))) {
        continue;
      }
      stopped.push(c.name);
      const killed = sim.behaviour.shutdownDelayMs > gracePeriodMs;
      const at = now + Math.min(sim.behaviour.shutdownDelayMs, gracePeriodMs);
      if (c.exitAt === undefined || c.exitAt > at) {
        c.exitAt = at;
        c.plannedExitCode = killed ? SIGKILL_EXIT : 0;
      }
    }
    this.status(uid, now);
    return stopped;
  }

  async removePod(uid: string): Promise<void> {
    const sim = this.pods.get(uid);
    if (sim) {
      this.allocators.get(sim.nodeName)?.release(uid);
      this.pods.delete(uid);
    }
  }

  /** The allocator of the node's first IPv4 pod CIDR. */
  private allocator(node: NodeNetwork): PodIPAllocator | undefined {
    let a = this.allocators.get(node.nodeName);
    const cidr = node.podCIDRs.find((c) => isIpv4(c.split('/')[0]));
    if (!a || a.cidr !== cidr) {
      if (!cidr) {
        return undefined;
      }
      a = new PodIPAllocator(cidr);
      this.allocators.set(node.nodeName, a);
    }
    return a;
  }

  /** The attempts a container status describes: the current one and the one in lastState. */
  private recoverContainer(sim: SimPod, spec: Record<string, any>, kind: ContainerKind, cs: Record<string, any>): SimContainer[] {
    const out: SimContainer[] = [];
    const restarts: number = cs.restartCount ?? 0;
    const fromTerminated = (t: Record<string, any>, attempt: number): SimContainer => ({
      name: spec.name,
      kind,
      attempt,
      id: t.containerID ?? cs.containerID ?? `kubepg://${randomBytes(32).toString('hex')}`,
      image: cs.image || normalizedImage(spec.image),
      imageID: cs.imageID || imageIDFor(spec.image),
      state: 'exited',
      startedAt: ms(t.startedAt) ?? 0,
      finishedAt: ms(t.finishedAt) ?? 0,
      exitCode: t.exitCode ?? 0,
      reason: t.reason ?? exitReason(t.exitCode ?? 0),
      plannedExitCode: t.exitCode ?? 0,
    });
    const last = cs.lastState?.terminated;
    const waiting = cs.state?.waiting;
    if (waiting) {
      if (last) {
        out.push(fromTerminated(last, restarts));
      }
    } else {
      if (last && restarts > 0) {
        out.push(fromTerminated(last, restarts - 1));
      }
      if (cs.state?.terminated) {
        out.push(fromTerminated(cs.state.terminated, restarts));
      } else if (cs.state?.running && cs.containerID) {
        const startedAt = ms(cs.state.running.startedAt) ?? Date.now();
        const sidecar = kind === 'init' && spec.restartPolicy === 'Always';
        const runMs = kind === 'init' && !sidecar ? sim.behaviour.initDurationMs : sidecar ? undefined : sim.behaviour.runDurationMs;
        out.push({
          ...fromTerminated({ containerID: cs.containerID }, restarts),
          state: 'running',
          startedAt,
          finishedAt: undefined,
          exitCode: undefined,
          reason: undefined,
          exitAt: runMs === undefined ? undefined : startedAt + runMs,
          plannedExitCode: kind === 'init' ? 0 : sim.behaviour.exitCode,
        });
      }
    }
    for (const c of out) {
      this.markImage(sim.nodeName, c.image);
    }
    return out;
  }
}
