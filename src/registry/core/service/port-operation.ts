import { AllocationError } from 'src/registry/core/service/cluster-ip-allocator';
import { ERR_PORT_ALLOCATED, type NodePortAllocator, type PortOwner } from 'src/registry/core/service/node-port-allocator';

// Semantics: kubernetes pkg/registry/core/service/portallocator/operation.go
// (PortAllocationOperation): allocate at once, defer releases until the owner is written; a dry
// run claims nothing but still refuses ports that are taken.

/** The node port claims and deferred releases of one Service write. */
export class PortOperation {
  private readonly allocated: number[] = [];
  private readonly releaseDeferred: number[] = [];

  constructor(
    private readonly ports: NodePortAllocator,
    private readonly owner: PortOwner,
    private readonly dryRun: boolean,
  ) {}

  /** Allocate: claims a requested port (a dry run only checks that nobody holds it). */
  async allocate(port: number): Promise<void> {
    if (this.dryRun) {
      if (this.allocated.includes(port) || (await this.ports.has(port))) {
        throw new AllocationError(ERR_PORT_ALLOCATED);
      }
      this.allocated.push(port);
      return;
    }
    await this.ports.allocate(port, this.owner);
    this.allocated.push(port);
  }

  /** AllocateNext: claims a free port; a dry run makes up one above the range, as upstream. */
  async allocateNext(): Promise<number> {
    if (this.dryRun) {
      const port = this.allocated.length === 0 ? 32769 : Math.max(...this.allocated) + 1;
      this.allocated.push(port);
      return port;
    }
    const port = await this.ports.allocateNext(this.owner);
    this.allocated.push(port);
    return port;
  }

  /** ReleaseDeferred: frees the port once the write succeeded. */
  releaseLater(port: number): void {
    this.releaseDeferred.push(port);
  }

  /** Commit: the write succeeded, carry out the deferred releases (best effort). */
  async commit(): Promise<void> {
    if (!this.dryRun) {
      for (const port of this.releaseDeferred) {
        await this.ports.release(port).catch(() => undefined);
      }
    }
  }

  /** Rollback: the write failed, free what this operation claimed (best effort). */
  async rollback(): Promise<void> {
    if (!this.dryRun) {
      for (const port of this.allocated) {
        await this.ports.release(port).catch(() => undefined);
      }
    }
  }
}
