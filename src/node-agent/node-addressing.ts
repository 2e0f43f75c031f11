import { numberToIpv4, ipv4ToNumber } from 'src/node-agent/ip-allocator';

/** /24 pod CIDRs from 10.244.0.0 up to 10.255.255.0. */
const PRIMARY_CIDRS = (256 - 244) * 256;
/** Then /24s of the shared address space 100.64.0.0/10. */
const SECONDARY_CIDRS = 64 * 256;
/** InternalIPs in 192.168.0.0/16 when the host part skips .0 and .255. */
const HOSTS_PER_16 = 256 * 254;

/** The name of the node with this index: `<prefix>-<index>`. */
export function nodeName(prefix: string, index: number): string {
  return `${prefix}-${index}`;
}

/** How many nodes the address plan below can number. */
export const MAX_NODE_INDEX = PRIMARY_CIDRS + SECONDARY_CIDRS - 1;

/**
 * The pod CIDR of node `index`: the index-th /24 counted from 10.244.0.0, so nodes 0–255 get
 * `10.244.<i>.0/24` (the usual flannel/kind layout) and nodes 256–3071 continue through 10.255.255.0/24;
 * nodes 3072–19455 get /24s of 100.64.0.0/10. Larger indexes have no CIDR and are refused.
 */
export function podCIDRFor(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > MAX_NODE_INDEX) {
    throw new Error(`node index ${index} is outside the pod CIDR plan (0..${MAX_NODE_INDEX})`);
  }
  if (index < PRIMARY_CIDRS) {
    return `${numberToIpv4(ipv4ToNumber('10.244.0.0') + index * 256)}/24`;
  }
  return `${numberToIpv4(ipv4ToNumber('100.64.0.0') + (index - PRIMARY_CIDRS) * 256)}/24`;
}

/**
 * The InternalIP of node `index`: 192.168.<i / 254>.<i % 254 + 1> (hosts .1–.254 of each /24), so
 * node 0 is 192.168.0.1 and node 254 is 192.168.1.1; that covers 65,024 nodes, more than the pod CIDR plan.
 */
export function internalIPFor(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= HOSTS_PER_16) {
    throw new Error(`node index ${index} is outside the InternalIP plan (0..${HOSTS_PER_16 - 1})`);
  }
  return numberToIpv4(ipv4ToNumber('192.168.0.0') + Math.floor(index / 254) * 256 + (index % 254) + 1);
}
