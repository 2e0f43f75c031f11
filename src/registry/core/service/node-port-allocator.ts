import type { KubeObject } from 'src/registry/generic/object';
import { timestamp } from 'src/registry/generic/object-meta';
import { defineResource, register } from 'src/registry/generic/resource';
import type { Storage } from 'src/storage/storage';
import { AllocationError, ERR_FULL } from 'src/registry/core/service/cluster-ip-allocator';
import { randomBelow } from 'src/registry/core/service/ip-range';
import { dynamicPorts, formatPortRange, portInRange, type PortRange } from 'src/registry/core/service/port-range';

// Semantics: kubernetes pkg/registry/core/service/portallocator/allocator.go (Allocate,
// AllocateNext, Release, ErrNotInRange). Upstream keeps node ports in one bitmap object; kubepg
// stores one row per claimed port in the objects table under an internal resource that is never
// served or cached, written through the storage layer so the primary key decides races between
// apiservers.

/** The internal, unserved resource whose rows are node port claims (name = the port). */
export const NODE_PORT_CLAIMS = register(
  defineResource({
    group: 'kubepg.internal',
    version: 'v1',
    kind: 'ServiceNodePortClaim',
    plural: 'servicenodeports',
    singular: 'servicenodeport',
    namespaced: false,
  }),
);

/** ErrAllocated of the port allocator. */
export const ERR_PORT_ALLOCATED = 'provided port is already allocated';

/** ErrNotInRange of the port allocator. */
export function portNotInRangeMessage(r: PortRange): string {
  return `provided port is not in the valid range. The range of valid ports is ${formatPortRange(r)}`;
}

/** Who holds a node port. */
export interface PortOwner {
  namespace: string;
  name: string;
  uid: string;
}

/** One stored claim: the port, its holder, when it was taken, and the row's resourceVersion. */
export interface PortClaim {
  port: number;
  owner: PortOwner;
  createdAt: string;
  rv: number;
  json: string;
}

/** Node port allocation over claim rows. */
export class NodePortAllocator {
  constructor(
    private readonly storage: Storage,
    readonly range: PortRange,
    private readonly random: (n: number) => number = randomBelow,
  ) {}

  /** Every current claim, read from Postgres at the latest committed resourceVersion. */
  async claims(): Promise<Map<number, PortClaim>> {
    const rv = await this.storage.consistentRv();
    const rows = rv === false ? undefined : await this.storage.listAt(NODE_PORT_CLAIMS, undefined, rv, undefined, 1_000_000);
    if (!rows) {
      throw new Error('node port claims could not be read (the apiserver is catching up); try again');
    }
    const out = new Map<number, PortClaim>();
    for (const row of rows) {
      const obj = JSON.parse(row.json) as KubeObject;
      out.set(Number(row.name), {
        port: Number(row.name),
        owner: obj.service,
        createdAt: String(obj.metadata.creationTimestamp),
        rv: Number(obj.metadata.resourceVersion),
        json: row.json,
      });
    }
    return out;
  }

  /** Has: whether the port is claimed. */
  async has(port: number): Promise<boolean> {
    return (await this.claims()).has(port);
  }

  /** Allocate: claims a requested port. */
  async allocate(port: number, owner: PortOwner): Promise<void> {
    if (!portInRange(this.range, port)) {
      throw new AllocationError(portNotInRangeMessage(this.range));
    }
    if (!(await this.claim(port, owner))) {
      throw new AllocationError(ERR_PORT_ALLOCATED);
    }
  }

  /** AllocateNext: a free port, from the upper part of the range first. */
  async allocateNext(owner: PortOwner): Promise<number> {
    const taken = await this.claims();
    for (const port of dynamicPorts(this.range, this.random)) {
      if (!taken.has(port) && (await this.claim(port, owner))) {
        return port;
      }
    }
    throw new AllocationError(ERR_FULL);
  }

  /** Release: removes the claim row, whoever holds it; a missing claim is not an error. */
  async release(port: number, known?: PortClaim): Promise<void> {
    const claim = known ?? (await this.claims()).get(port);
    if (claim) {
      const obj = JSON.parse(claim.json) as KubeObject;
      await this.storage.write({
        op: 'delete',
        resource: NODE_PORT_CLAIMS.groupResource,
        namespace: '',
        name: String(port),
        obj,
        expectRv: claim.rv,
        prevJson: claim.json,
      });
    }
  }

  /** Writes the claim row; false when the port is taken. */
  async claim(port: number, owner: PortOwner): Promise<boolean> {
    const obj: KubeObject = {
      apiVersion: NODE_PORT_CLAIMS.apiVersion,
      kind: NODE_PORT_CLAIMS.kind,
      metadata: { name: String(port), creationTimestamp: timestamp(new Date()) },
      service: owner,
    };
    const res = await this.storage.write({ op: 'create', resource: NODE_PORT_CLAIMS.groupResource, namespace: '', name: String(port), obj });
    return res.ok;
  }
}
