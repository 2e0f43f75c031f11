import type { KubeObject } from 'src/registry/generic/object';
import type { RegisteredResource } from 'src/registry/generic/resource';
import type { GenericStore } from 'src/registry/generic/store';
import type { Registry } from 'src/registry/registry';
import type { Storage } from 'src/storage/storage';
import { dynamicCandidates, formatIPv4, parseIPRange, parseIPv4, prefixContains, randomBelow, type IPRange } from 'src/registry/core/service/ip-range';

// Semantics: kubernetes pkg/registry/core/service/ipallocator/{ipallocator.go,cidrallocator.go,
// interfaces.go} (1.33+, MultiCIDRServiceAllocator GA): every allocated cluster IP is an IPAddress
// object; creating it is the claim, so its unique name decides races between apiservers. Ranges
// come from the ready ServiceCIDR objects (the `kubernetes` one holds --service-cluster-ip-range).

/** The controller name upstream's allocator writes into the managed-by label. */
export const IP_ALLOCATOR_NAME = 'ipallocator.k8s.io';
/** networkingv1.LabelIPAddressFamily. */
export const LABEL_IP_FAMILY = 'ipaddress.kubernetes.io/ip-family';
/** networkingv1.LabelManagedBy. */
export const LABEL_MANAGED_BY = 'ipaddress.kubernetes.io/managed-by';

/** An allocator refusal; its message is upstream's error text (ErrAllocated, ErrNotInRange ...). */
export class AllocationError extends Error {}

/** ErrFull. */
export const ERR_FULL = 'range is full';
/** ErrAllocated of the IP allocator. */
export const ERR_IP_ALLOCATED = 'provided IP is already allocated';
/** ErrMismatchedNetwork: the address lies in no ServiceCIDR. */
export const ERR_MISMATCHED_NETWORK = 'the provided network does not match the current range';

/** ErrNotInRange: inside the CIDR but its network or broadcast address. */
export function notInRangeMessage(ip: string, cidr: string): string {
  return `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${cidr}`;
}

/** What an IPAddress points at: the Service holding the address. */
export interface ParentRef {
  namespace: string;
  name: string;
}

/** The IPAddress object that claims `ip` for a Service, as upstream's allocator creates it. */
export function ipAddressObject(ip: string, parent: ParentRef): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IPAddress',
    metadata: { name: ip, labels: { [LABEL_IP_FAMILY]: 'IPv4', [LABEL_MANAGED_BY]: IP_ALLOCATOR_NAME } },
    spec: { parentRef: { group: '', resource: 'services', namespace: parent.namespace, name: parent.name } },
  };
}

/** Whether the ServiceCIDR may hand out addresses: Ready unless a condition says otherwise, not being deleted. */
function isReady(cidr: KubeObject): boolean {
  const ready = (cidr.status?.conditions ?? []).find((c: { type?: string }) => c.type === 'Ready');
  return !cidr.metadata.deletionTimestamp && (!ready || ready.status === 'True');
}

/** Cluster IP allocation over IPAddress objects (MetaAllocator + Allocator, IPv4). */
export class ClusterIPAllocator {
  private readonly ipResource: RegisteredResource;
  private readonly cidrResource: RegisteredResource;

  constructor(
    private readonly storage: Storage,
    registry: Registry,
    /** The configured range, used until the `kubernetes` ServiceCIDR exists. */
    private readonly fallback: IPRange,
    private readonly random: (n: number) => number = randomBelow,
  ) {
    this.ipResource = registry.byResource('ipaddresses.networking.k8s.io')!;
    this.cidrResource = registry.byResource('servicecidrs.networking.k8s.io')!;
  }

  /** The ranges addresses come from: the IPv4 CIDRs of every ready ServiceCIDR, default first. */
  ranges(): IPRange[] {
    const cidrs = this.storage
      .cache(this.cidrResource)
      .list({}, true)
      .map((e) => JSON.parse(e.json) as KubeObject)
      .filter(isReady)
      .sort((a, b) => Number(b.metadata.name === 'kubernetes') - Number(a.metadata.name === 'kubernetes'))
      .flatMap((c) => (c.spec?.cidrs ?? []) as string[])
      .filter((c) => !c.includes(':'));
    const ranges = [...new Set(cidrs)].flatMap((c) => {
      try {
        return [parseIPRange(c)];
      } catch {
        return [];
      }
    });
    return ranges.length > 0 ? ranges : [this.fallback];
  }

  /** Whether an IPAddress object exists for the address (this process's cache). */
  has(ip: string): boolean {
    return this.storage.cache(this.ipResource).get('', ip) !== undefined;
  }

  /**
   * AllocateService: claims a requested address. A dry run only checks it against one range, as
   * upstream's dry-run allocator does (it does not look for conflicts).
   */
  async allocate(store: GenericStore, ip: string, parent: ParentRef, dryRun: boolean): Promise<void> {
    const addr = parseIPv4(ip);
    const ranges = this.ranges();
    const range = dryRun ? ranges[0] : ranges.find((r) => addr !== undefined && prefixContains(r, addr));
    if (!range || addr === undefined) {
      throw new AllocationError(ERR_MISMATCHED_NETWORK);
    }
    if (addr < range.first || addr > range.last) {
      throw new AllocationError(notInRangeMessage(ip, range.cidr));
    }
    if (dryRun) {
      return;
    }
    if (!(await this.create(store, ip, parent))) {
      throw new AllocationError(ERR_IP_ALLOCATED);
    }
  }

  /**
   * AllocateNextService: a free address from the first range with room, trying the upper
   * subrange from a random address first. A dry run answers the network address, as upstream.
   */
  async allocateNext(store: GenericStore, parent: ParentRef, dryRun: boolean): Promise<string> {
    const ranges = this.ranges();
    if (dryRun) {
      return formatIPv4(ranges[0].network);
    }
    for (const range of ranges) {
      for (const n of dynamicCandidates(range, this.random)) {
        const ip = formatIPv4(n);
        if (!this.has(ip) && (await this.create(store, ip, parent))) {
          return ip;
        }
      }
    }
    throw new AllocationError(ERR_FULL);
  }

  /** Release: deletes the IPAddress object; a missing one is not an error. */
  async release(store: GenericStore, ip: string): Promise<void> {
    await store.delete({ resource: this.ipResource, name: ip }, {}).catch(() => undefined);
  }

  /** Creates the IPAddress; false when another writer holds the address already. */
  private async create(store: GenericStore, ip: string, parent: ParentRef): Promise<boolean> {
    try {
      await store.create(this.ipResource, undefined, ipAddressObject(ip, parent), { manager: 'kube-apiserver' });
      return true;
    } catch (err) {
      if ((err as { status?: { reason?: string } }).status?.reason === 'AlreadyExists') {
        return false;
      }
      throw err;
    }
  }
}
