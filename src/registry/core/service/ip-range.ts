// Semantics: kubernetes pkg/registry/core/service/ipallocator/ipallocator.go (NewIPAllocator: first,
// offset and last addresses; allocateNextService: a random start in the upper subrange, then the
// lower one; ipIterator) and calculateRangeOffset (KEP-3070). IPv4 only: kubepg serves a
// single-stack IPv4 cluster.

/** An IPv4 service range: the addresses a ServiceCIDR hands out, as numbers. */
export interface IPRange {
  /** The CIDR in canonical form, e.g. `10.96.0.0/12`. */
  cidr: string;
  /** The network address (never allocated). */
  network: number;
  /** The broadcast address (never allocated). */
  broadcast: number;
  /** First allocatable address (network + 1). */
  first: number;
  /** Last allocatable address (broadcast - 1). */
  last: number;
  /** Addresses below first + rangeOffset are left to static (requested) allocation. */
  rangeOffset: number;
}

/** Parses a dotted-quad IPv4 address (no leading zeros) into a number; undefined otherwise. */
export function parseIPv4(ip: string): number | undefined {
  if (!/^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/.test(ip)) {
    return undefined;
  }
  const octets = ip.split('.').map(Number);
  if (octets.some((o) => o > 255)) {
    return undefined;
  }
  return octets.reduce((acc, o) => acc * 256 + o, 0);
}

/** Formats a number as a dotted-quad IPv4 address. */
export function formatIPv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/**
 * calculateRangeOffset: min(max(16, size/16), 256) addresses at the bottom of the range are kept
 * for static allocation; 0 for ranges of 16 addresses or fewer.
 */
export function ipRangeOffset(cidrSize: number): number {
  if (cidrSize <= 16) {
    return 0;
  }
  return Math.min(Math.max(16, Math.floor(cidrSize / 16)), 256);
}

/** Parses an IPv4 CIDR (`10.96.0.0/12`) into its allocatable range; throws on anything else. */
export function parseIPRange(cidr: string): IPRange {
  const [addr, bits, extra] = cidr.split('/');
  const ip = parseIPv4(addr);
  const prefix = /^\d{1,2}$/.test(bits ?? '') ? Number(bits) : NaN;
  if (ip === undefined || extra !== undefined || !(prefix >= 0 && prefix <= 30)) {
    throw new Error(`invalid IPv4 service CIDR ${JSON.stringify(cidr)}: expected a.b.c.d/n with n at most 30`);
  }
  const size = 2 ** (32 - prefix);
  const network = Math.floor(ip / size) * size;
  return {
    cidr: `${formatIPv4(network)}/${prefix}`,
    network,
    broadcast: network + size - 1,
    first: network + 1,
    last: network + size - 2,
    rangeOffset: ipRangeOffset(size),
  };
}

/** Whether the CIDR (network and broadcast included) contains the address. */
export function prefixContains(r: IPRange, ip: number): boolean {
  return ip >= r.network && ip <= r.broadcast;
}

/**
 * The order in which dynamic allocation tries addresses: every address of the upper subrange
 * starting at a random one and wrapping around, then the lower (static) subrange the same way.
 * `random(n)` returns an integer in [0, n).
 */
export function* dynamicCandidates(r: IPRange, random: (n: number) => number): Generator<number> {
  const offsetAddress = r.first + r.rangeOffset;
  yield* wrapping(offsetAddress, r.last, random(r.last - offsetAddress + 1));
  if (r.rangeOffset > 0) {
    yield* wrapping(r.first, offsetAddress - 1, random(r.rangeOffset));
  }
}

/** Every integer of [first, last], starting at first + start and wrapping around. */
export function* wrapping(first: number, last: number, start: number): Generator<number> {
  const count = last - first + 1;
  for (let i = 0; i < count; i++) {
    yield first + ((start + i) % count);
  }
}

/** A uniform random integer in [0, n). */
export function randomBelow(n: number): number {
  return Math.floor(Math.random() * n);
}
