/** An IPv4 address as a 32-bit unsigned number. */
export function ipv4ToNumber(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new Error(`not an IPv4 address: ${ip}`);
  }
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** The dotted form of a 32-bit unsigned number. */
export function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Whether a string is an IPv4 address. */
export function isIpv4(ip: string): boolean {
  try {
    ipv4ToNumber(ip);
    return true;
  } catch {
    return false;
  }
}

/** The network address and prefix length of an IPv4 CIDR such as `10.244.3.0/24`. */
export function parseIpv4Cidr(cidr: string): { base: number; prefix: number } {
  const [ip, bits] = cidr.split('/');
  const prefix = Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
    throw new Error(`not an IPv4 CIDR: ${cidr}`);
  }
  const size = 2 ** (32 - prefix);
  return { base: Math.floor(ipv4ToNumber(ip) / size) * size, prefix };
}

/**
 * Hands out pod IPs of one node's pod CIDR, as the host-local IPAM plugin does: the network
 * address, the first address (the bridge gateway) and the broadcast address are never used, and
 * allocation continues after the last address handed out, so a freed IP is not reused at once.
 * Semantics: containernetworking/plugins plugins/ipam/host-local (range iteration from lastReserved).
 */
export class PodIPAllocator {
  private readonly first: number;
  private readonly last: number;
  private readonly owners = new Map<number, string>();
  private readonly byOwner = new Map<string, number>();
  private cursor: number;

  constructor(readonly cidr: string) {
    const { base, prefix } = parseIpv4Cidr(cidr);
    const size = 2 ** (32 - prefix);
    if (size < 4) {
      throw new Error(`pod CIDR ${cidr} is too small`);
    }
    this.first = base + 2;
    this.last = base + size - 2;
    this.cursor = this.last;
  }

  /** Addresses still free. */
  get free(): number {
    return this.last - this.first + 1 - this.owners.size;
  }

  /** The IP held by an owner (a pod UID), if any. */
  ipOf(owner: string): string | undefined {
    const n = this.byOwner.get(owner);
    return n === undefined ? undefined : numberToIpv4(n);
  }

  /** The owner's IP: the one it holds, else the next free one; undefined when the range is exhausted. */
  allocate(owner: string): string | undefined {
    const held = this.ipOf(owner);
    if (held) {
      return held;
    }
    const span = this.last - this.first + 1;
    for (let i = 1; i <= span; i++) {
      const n = this.first + ((this.cursor - this.first + i) % span);
      if (!this.owners.has(n)) {
        this.take(n, owner);
        this.cursor = n;
        return numberToIpv4(n);
      }
    }
    return undefined;
  }

  /** Marks an IP as the owner's (re-learned from an existing pod); false if it is outside the range or taken by another owner. */
  reserve(ip: string, owner: string): boolean {
    if (!isIpv4(ip)) {
      return false;
    }
    const n = ipv4ToNumber(ip);
    if (n < this.first || n > this.last) {
      return false;
    }
    const current = this.owners.get(n);
    if (current !== undefined) {
      return current === owner;
    }
    this.release(owner);
    this.take(n, owner);
    return true;
  }

  /** Frees whatever the owner holds. */
  release(owner: string): void {
    const n = this.byOwner.get(owner);
    if (n !== undefined) {
      this.byOwner.delete(owner);
      this.owners.delete(n);
    }
  }

  private take(n: number, owner: string): void {
    this.owners.set(n, owner);
    this.byOwner.set(owner, n);
  }
}
