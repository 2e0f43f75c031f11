import { wrapping } from 'src/registry/core/service/ip-range';

// Semantics: kubernetes pkg/registry/core/service/portallocator/allocator.go (calculateRangeOffset,
// KEP-3668) and pkg/registry/core/service/allocator bitmap.go randomScanStrategyWithOffset: dynamic
// node ports come from the upper part of the range first; k8s.io/apimachinery util/net ParsePortRange.

/** A node port range such as 30000-32767. */
export interface PortRange {
  base: number;
  size: number;
  /** Ports below base + rangeOffset are left to static (requested) allocation. */
  rangeOffset: number;
}

/** calculateRangeOffset for ports: min(max(16, size/32), 128); 0 for ranges of 16 ports or fewer. */
export function portRangeOffset(size: number): number {
  if (size <= 16) {
    return 0;
  }
  return Math.min(Math.max(16, Math.floor(size / 32)), 128);
}

/** ParsePortRange: `min-max` or a single port; throws on anything else. */
export function parsePortRange(spec: string): PortRange {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(spec.trim());
  const lo = m ? Number(m[1]) : NaN;
  const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
  if (!(lo >= 0 && hi >= lo && hi <= 65535)) {
    throw new Error(`invalid node port range ${JSON.stringify(spec)}: expected min-max within 0-65535`);
  }
  const size = hi - lo + 1;
  return { base: lo, size, rangeOffset: portRangeOffset(size) };
}

/** PortRange.String(): `30000-32767`. */
export function formatPortRange(r: PortRange): string {
  return `${r.base}-${r.base + r.size - 1}`;
}

/** Whether the port lies in the range. */
export function portInRange(r: PortRange, port: number): boolean {
  return Number.isInteger(port) && port >= r.base && port < r.base + r.size;
}

/** The order dynamic allocation tries ports: the upper subrange from a random port, then the lower one. */
export function* dynamicPorts(r: PortRange, random: (n: number) => number): Generator<number> {
  const upper = r.base + r.rangeOffset;
  const last = r.base + r.size - 1;
  yield* wrapping(upper, last, random(last - upper + 1));
  if (r.rangeOffset > 0) {
    yield* wrapping(r.base, upper - 1, random(r.rangeOffset));
  }
}
