import type { KubeObject } from 'src/registry/generic/object';
import type { GenericStore } from 'src/registry/generic/store';
import type { Registry } from 'src/registry/registry';
import type { Storage } from 'src/storage/storage';
import { IP_ALLOCATOR_NAME, LABEL_MANAGED_BY, ipAddressObject, type ClusterIPAllocator } from 'src/registry/core/service/cluster-ip-allocator';
import type { NodePortAllocator } from 'src/registry/core/service/node-port-allocator';
import { portInRange } from 'src/registry/core/service/port-range';
import { hasClusterIP, healthCheckNodePort, nodePortsOf } from 'src/registry/core/service/spec';

// Semantics: kubernetes pkg/registry/core/service/ipallocator/controller/repairip.go (IPAddress
// objects without a Service holding that IP are deleted once older than a grace period that covers
// in-flight creates; Services whose IP has no IPAddress get one) and
// portallocator/controller/repair.go (the same for node ports). Heals the leaks a crash between an
// allocation and the Service write leaves behind; every step is idempotent, so several apiservers
// may run it at once.

/** A claim younger than this may belong to a create still in flight; repair leaves it alone. */
export const LEAK_GRACE_MS = 60_000;
/** How often the repair pass runs after the first one at start-up. */
export const REPAIR_INTERVAL_MS = 3 * 60_000;

/** What one pass changed. */
export interface RepairReport {
  releasedIPs: string[];
  restoredIPs: string[];
  releasedPorts: number[];
  restoredPorts: number[];
}

/** Brings IPAddress objects and node port claims back in line with the Services that exist. */
export class AllocationRepair {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly storage: Storage,
    private readonly registry: Registry,
    private readonly store: GenericStore,
    private readonly ips: ClusterIPAllocator,
    private readonly ports: NodePortAllocator,
    private readonly log: (msg: string) => void,
  ) {}

  /** Runs the pass every REPAIR_INTERVAL_MS until stop(). */
  start(intervalMs = REPAIR_INTERVAL_MS): void {
    this.timer = setInterval(() => {
      this.running ??= this.runOnce()
        .catch((err: Error) => this.log(`service allocation repair failed: ${err.message}`))
        .finally(() => (this.running = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the periodic pass and waits for one in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every Service, IPAddress and node port claim. */
  async runOnce(now = new Date()): Promise<RepairReport> {
    await this.storage.consistentRv();
    const services = this.services();
    const report: RepairReport = { releasedIPs: [], restoredIPs: [], releasedPorts: [], restoredPorts: [] };
    await this.repairIPs(services, now, report);
    await this.repairPorts(services, now, report);
    for (const [what, list] of Object.entries(report)) {
      if (list.length > 0) {
        this.log(`service allocation repair: ${what} ${list.join(', ')}`);
      }
    }
    return report;
  }

  private services(): Map<string, KubeObject> {
    const r = this.registry.byResource('services')!;
    const out = new Map<string, KubeObject>();
    for (const e of this.storage.cache(r).list({}, false)) {
      const svc = JSON.parse(e.json) as KubeObject;
      out.set(`${svc.metadata.namespace}/${svc.metadata.name}`, svc);
    }
    return out;
  }

  private async repairIPs(services: Map<string, KubeObject>, now: Date, report: RepairReport): Promise<void> {
    const ipResource = this.registry.byResource('ipaddresses.networking.k8s.io')!;
    const held = new Map<string, KubeObject>();
    for (const svc of services.values()) {
      if (hasClusterIP(svc.spec ?? {})) {
        ((svc.spec.clusterIPs ?? []) as string[]).forEach((ip) => held.set(ip, svc));
      }
    }
    for (const e of this.storage.cache(ipResource).list({}, false)) {
      const addr = JSON.parse(e.json) as KubeObject;
      const ip = addr.metadata.name!;
      const ref = addr.spec?.parentRef ?? {};
      const owner = held.get(ip);
      const ours = owner && ref.resource === 'services' && !ref.group && ref.namespace === owner.metadata.namespace && ref.name === owner.metadata.name;
      if (addr.metadata.labels?.[LABEL_MANAGED_BY] !== IP_ALLOCATOR_NAME || ours) {
        continue;
      }
      if (owner) {
        this.log(`IPAddress ${ip} is held by Service ${owner.metadata.namespace}/${owner.metadata.name} but refers to ${ref.namespace}/${ref.name}`);
      } else if (olderThanGrace(addr.metadata.creationTimestamp, now)) {
        await this.ips.release(this.store, ip);
        report.releasedIPs.push(ip);
      }
    }
    for (const [ip, svc] of held) {
      if (!this.ips.has(ip)) {
        const created = await this.store
          .create(ipResource, undefined, ipAddressObject(ip, { namespace: svc.metadata.namespace!, name: svc.metadata.name! }), { manager: 'kube-apiserver' })
          .then(() => true)
          .catch(() => false);
        if (created) {
          report.restoredIPs.push(ip);
        }
      }
    }
  }

  private async repairPorts(services: Map<string, KubeObject>, now: Date, report: RepairReport): Promise<void> {
    const held = new Map<number, KubeObject>();
    for (const svc of services.values()) {
      [...nodePortsOf(svc.spec ?? {}), ...healthCheckNodePort(svc.spec ?? {})].forEach((p) => held.set(p, svc));
    }
    const claims = await this.ports.claims();
    for (const claim of claims.values()) {
      const owner = held.get(claim.port);
      const ours = owner && owner.metadata.uid === claim.owner?.uid;
      if (!ours && !owner && olderThanGrace(claim.createdAt, now)) {
        await this.ports.release(claim.port, claim).catch(() => undefined);
        report.releasedPorts.push(claim.port);
      } else if (!ours && owner) {
        this.log(
          `node port ${claim.port} is held by Service ${owner.metadata.namespace}/${owner.metadata.name} but claimed by ${claim.owner?.namespace}/${claim.owner?.name}`,
        );
      }
    }
    for (const [port, svc] of held) {
      if (!claims.has(port) && portInRange(this.ports.range, port)) {
        const owner = { namespace: svc.metadata.namespace!, name: svc.metadata.name!, uid: svc.metadata.uid! };
        if (await this.ports.claim(port, owner)) {
          report.restoredPorts.push(port);
        }
      }
    }
  }
}

function olderThanGrace(created: string | null | undefined, now: Date): boolean {
  return !created || now.getTime() - new Date(created).getTime() > LEAK_GRACE_MS;
}
