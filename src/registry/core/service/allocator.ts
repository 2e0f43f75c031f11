import { internalError, invalid } from 'src/apiserver/status';
import type { FieldError, KubeObject } from 'src/registry/generic/object';
import type { AllocationContext, AllocationTxn, ResourceAllocator } from 'src/registry/generic/resource';
import type { GenericStore } from 'src/registry/generic/store';
import type { Registry } from 'src/registry/registry';
import { AllocationError, type ClusterIPAllocator } from 'src/registry/core/service/cluster-ip-allocator';
import type { NodePortAllocator, PortOwner } from 'src/registry/core/service/node-port-allocator';
import { PortOperation } from 'src/registry/core/service/port-operation';
import {
  checkIPFamilies,
  hasClusterIP,
  healthCheckNodePort,
  needsHealthCheck,
  needsNodePorts,
  nodePortsOf,
  shouldAllocateNodePorts,
} from 'src/registry/core/service/spec';

// Semantics: kubernetes pkg/registry/core/service/storage/alloc.go (allocateCreate, allocateUpdate,
// initNodePorts, updateNodePorts, updateHealthCheckNodePort, releaseAllocatedResources) and
// storage.go afterDelete (which also deletes the Service's Endpoints).

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** `[]string{"10.96.0.10"}`: how Go's %#v prints the clusterIPs value in an Invalid error. */
function goStrings(values: string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}

/** An Invalid field error whose value is already rendered (Go syntax the generic renderer cannot produce). */
function invalidRendered(field: string, rendered: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, detail: `${rendered}: ${detail}` };
}

function serviceInvalid(svc: KubeObject, errs: FieldError[]): Error {
  return invalid('Service', '', svc.metadata.name ?? '', errs);
}

/** The Service's cluster IPs and node ports, claimed around its writes and freed when it goes. */
export class ServiceAllocator implements ResourceAllocator {
  constructor(
    private readonly ips: ClusterIPAllocator,
    private readonly ports: NodePortAllocator,
    private readonly registry: Registry,
  ) {}

  /** allocateCreate: cluster IPs, then node ports and the health check port; all or nothing. */
  async beginCreate(svc: KubeObject, ctx: AllocationContext): Promise<AllocationTxn> {
    const spec: Obj = svc.spec;
    const familyErrors = checkIPFamilies(spec);
    if (familyErrors.length > 0) {
      throw serviceInvalid(svc, familyErrors);
    }
    const ips = hasClusterIP(spec) ? await this.allocClusterIP(svc, ctx) : [];
    const op = new PortOperation(this.ports, ownerOf(svc), ctx.dryRun);
    try {
      if (needsNodePorts(spec)) {
        await initNodePorts(svc, op);
      }
      if (needsHealthCheck(spec)) {
        await allocHealthCheckNodePort(spec, op);
      }
    } catch (err) {
      await op.rollback();
      await this.releaseIPs(ctx.store, ips);
      throw err;
    }
    return {
      commit: () => op.commit(),
      revert: async () => {
        await op.rollback();
        await this.releaseIPs(ctx.store, ips);
      },
    };
  }

  /** allocateUpdate: allocate what the new type needs, release what it no longer needs on commit. */
  async beginUpdate(svc: KubeObject, old: KubeObject, ctx: AllocationContext): Promise<AllocationTxn> {
    const spec: Obj = svc.spec;
    const prev: Obj = old.spec ?? {};
    const familyErrors = prev.type === spec.type ? [] : checkIPFamilies(spec);
    if (familyErrors.length > 0) {
      throw serviceInvalid(svc, familyErrors);
    }
    let allocatedIPs: string[] = [];
    let releasedIPs: string[] = [];
    if (prev.type === 'ExternalName' && spec.type !== 'ExternalName') {
      allocatedIPs = hasClusterIP(spec) ? await this.allocClusterIP(svc, ctx) : [];
    } else if (hasClusterIP(prev) && spec.type === 'ExternalName') {
      releasedIPs = prev.clusterIPs ?? [];
    }
    const op = new PortOperation(this.ports, ownerOf(svc), ctx.dryRun);
    try {
      if (needsNodePorts(prev) && !needsNodePorts(spec)) {
        nodePortsOf(prev).forEach((p) => op.releaseLater(p));
      }
      if (needsNodePorts(spec)) {
        await updateNodePorts(svc, prev, op);
      }
      if (!needsHealthCheck(prev) && needsHealthCheck(spec)) {
        await allocHealthCheckNodePort(spec, op);
      } else if (needsHealthCheck(prev) && !needsHealthCheck(spec) && prev.healthCheckNodePort) {
        op.releaseLater(prev.healthCheckNodePort);
      }
    } catch (err) {
      await op.rollback();
      await this.releaseIPs(ctx.store, allocatedIPs);
      throw err;
    }
    return {
      commit: async () => {
        await op.commit();
        await this.releaseIPs(ctx.store, ctx.dryRun ? [] : releasedIPs);
      },
      revert: async () => {
        await op.rollback();
        await this.releaseIPs(ctx.store, allocatedIPs);
      },
    };
  }

  /** releaseAllocatedResources plus afterDelete's removal of the Service's Endpoints. */
  async afterDelete(svc: KubeObject, ctx: AllocationContext): Promise<void> {
    const spec: Obj = svc.spec ?? {};
    if (hasClusterIP(spec)) {
      await this.releaseIPs(ctx.store, spec.clusterIPs ?? []);
    }
    for (const port of [...nodePortsOf(spec), ...healthCheckNodePort(spec)]) {
      await this.ports.release(port).catch(() => undefined);
    }
    const endpoints = this.registry.byResource('endpoints');
    if (endpoints) {
      await ctx.store.delete({ resource: endpoints, namespace: svc.metadata.namespace, name: svc.metadata.name! }, {}).catch(() => undefined);
    }
  }

  /** allocClusterIPs for a single-stack IPv4 cluster: the requested address or any free one. */
  private async allocClusterIP(svc: KubeObject, ctx: AllocationContext): Promise<string[]> {
    const spec: Obj = svc.spec;
    const requested: string = spec.clusterIPs?.[0] || spec.clusterIP || '';
    const parent = { namespace: svc.metadata.namespace ?? '', name: svc.metadata.name ?? '' };
    let ip = requested;
    try {
      if (requested) {
        await this.ips.allocate(ctx.store, requested, parent, ctx.dryRun);
      } else {
        ip = await this.ips.allocateNext(ctx.store, parent, ctx.dryRun);
      }
    } catch (err) {
      if (!(err instanceof AllocationError)) {
        throw err;
      }
      if (!requested) {
        throw internalError(new Error(`failed to allocate a serviceIP: ${err.message}`));
      }
      throw serviceInvalid(svc, [
        invalidRendered('spec.clusterIPs', goStrings(spec.clusterIPs ?? [requested]), `failed to allocate IP ${requested}: ${err.message}`),
      ]);
    }
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
    return ctx.dryRun ? [] : [ip];
  }

  private async releaseIPs(store: GenericStore, ips: string[]): Promise<void> {
    for (const ip of ips) {
      if (ip && ip !== 'None') {
        await this.ips.release(store, ip);
      }
    }
  }
}

/** The claim owner recorded for a Service's node ports. */
function ownerOf(svc: KubeObject): PortOwner {
  return { namespace: svc.metadata.namespace ?? '', name: svc.metadata.name ?? '', uid: svc.metadata.uid ?? '' };
}

/** Runs a port claim, turning a refusal into upstream's Invalid error at the port's field. */
async function claimAt(svc: KubeObject, i: number, port: number, op: PortOperation): Promise<void> {
  try {
    await op.allocate(port);
  } catch (err) {
    if (err instanceof AllocationError) {
      throw serviceInvalid(svc, [{ type: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, value: port, detail: err.message }]);
    }
    throw err;
  }
}

/** AllocateNext with upstream's wording when the range is exhausted. */
async function nextPort(op: PortOperation, what: string): Promise<number> {
  try {
    return await op.allocateNext();
  } catch (err) {
    throw err instanceof AllocationError ? internalError(new Error(`failed to allocate a ${what}: ${err.message}`)) : err;
  }
}

/** initNodePorts: requested ports are claimed, zero ones allocated; ports sharing a number share a node port. */
async function initNodePorts(svc: KubeObject, op: PortOperation): Promise<void> {
  const ports: Obj[] = svc.spec.ports ?? [];
  const byPort = new Map<number, number>();
  for (const [i, p] of ports.entries()) {
    if (!p.nodePort && !shouldAllocateNodePorts(svc.spec)) {
      continue;
    }
    const shared = byPort.get(p.port);
    if (shared === undefined) {
      const requested = ports.find((q) => q.port === p.port && q.nodePort)?.nodePort;
      if (requested) {
        await claimAt(svc, i, requested, op);
        p.nodePort = requested;
      } else {
        p.nodePort = await nextPort(op, 'nodePort');
      }
      byPort.set(p.port, p.nodePort);
    } else if (p.nodePort !== shared) {
      if (p.nodePort) {
        await claimAt(svc, i, p.nodePort, op);
      } else {
        p.nodePort = shared;
      }
    }
  }
}

/** updateNodePorts: claim new explicit ports, allocate zero ones, release the old ones no longer used. */
async function updateNodePorts(svc: KubeObject, old: Obj, op: PortOperation): Promise<void> {
  const oldPorts = nodePortsOf(old);
  const claimed = new Set<number>();
  for (const [i, p] of ((svc.spec.ports ?? []) as Obj[]).entries()) {
    if (!p.nodePort && !shouldAllocateNodePorts(svc.spec)) {
      continue;
    }
    if (p.nodePort) {
      if (!oldPorts.includes(p.nodePort) && !claimed.has(p.nodePort)) {
        await claimAt(svc, i, p.nodePort, op);
        claimed.add(p.nodePort);
      }
    } else {
      p.nodePort = await nextPort(op, 'nodePort');
    }
  }
  const kept = new Set(nodePortsOf(svc.spec));
  oldPorts.filter((p) => !kept.has(p)).forEach((p) => op.releaseLater(p));
}

/** allocHealthCheckNodePort: the requested health check port, or any free one. */
async function allocHealthCheckNodePort(spec: Obj, op: PortOperation): Promise<void> {
  const requested: number | undefined = spec.healthCheckNodePort || undefined;
  try {
    if (requested) {
      await op.allocate(requested);
    } else {
      spec.healthCheckNodePort = await op.allocateNext();
    }
  } catch (err) {
    if (!(err instanceof AllocationError)) {
      throw err;
    }
    const what = requested ? `failed to allocate requested HealthCheck NodePort ${requested}` : 'failed to allocate a HealthCheck NodePort 0';
    throw internalError(new Error(`${what}: ${err.message}`));
  }
}
