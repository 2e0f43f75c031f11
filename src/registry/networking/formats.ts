import { isIP } from 'node:net';
import type { FieldError } from 'src/registry/generic/object';
import { invalid, isDNS1123Subdomain, regexError, required } from 'src/registry/generic/validation';

// Semantics: k8s.io/apimachinery pkg/util/validation/validation.go IsWildcardDNS1123Subdomain,
// IsDomainPrefixedPath and IsValidCIDR (the non-strict form core validation uses for legacy
// fields), plus k8s.io/utils/net ParseIPSloppy / ParseCIDRSloppy. Formats the generic table
// does not have yet; they belong next to it once the networking group settles.

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const WILDCARD_FMT = `\\*\\.${DNS1123_SUBDOMAIN_FMT}`;
const WILDCARD_RE = new RegExp(`^${WILDCARD_FMT}$`);
const WILDCARD_MSG =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";
const HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const HTTP_PATH_RE = new RegExp(`^${HTTP_PATH_FMT}$`);

/** IsWildcardDNS1123Subdomain: `*.` followed by a DNS subdomain (ingress hosts, TLS hosts). */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (Buffer.byteLength(value) > 253) {
    errs.push('must be no more than 253 characters');
  }
  if (!WILDCARD_RE.test(value)) {
    errs.push(regexError(WILDCARD_MSG, WILDCARD_FMT, '*.example.com'));
  }
  return errs;
}

/** IsDomainPrefixedPath: `acme.io/foo` (IngressClass controller, Job managedBy). */
export function isDomainPrefixedPath(field: string, value: string): FieldError[] {
  if (value.length === 0) {
    return [required(field)];
  }
  const slash = value.indexOf('/');
  const host = slash < 0 ? value : value.slice(0, slash);
  const path = slash < 0 ? '' : value.slice(slash + 1);
  if (slash < 0 || host.length === 0 || path.length === 0) {
    return [invalid(field, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  }
  const errs = isDNS1123Subdomain(host).map((m) => invalid(field, host, m));
  if (!HTTP_PATH_RE.test(path)) {
    errs.push(invalid(field, path, regexError('Invalid path', HTTP_PATH_FMT)));
  }
  return errs;
}

/** ParseIPSloppy: an IPv4 address (leading zeros allowed) or an IPv6 address. */
export function isSloppyIP(value: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(value)) {
    return value.split('.').every((o) => Number(o) <= 255);
  }
  return isIP(value) === 6;
}

/** A parsed CIDR: address family, network bits as a bigint, and prefix length. */
export interface Cidr {
  bits: 32 | 128;
  network: bigint;
  prefix: number;
}

function ipToBigInt(ip: string): { value: bigint; bits: 32 | 128 } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) {
    const octets = ip.split('.').map(Number);
    if (octets.some((o) => o > 255)) {
      return undefined;
    }
    return { value: octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n), bits: 32 };
  }
  if (isIP(ip) !== 6) {
    return undefined;
  }
  let text = ip;
  const v4 = /(\d{1,3}(\.\d{1,3}){3})$/.exec(text);
  if (v4) {
    const tail = ipToBigInt(v4[1]);
    if (!tail) {
      return undefined;
    }
    text = `${text.slice(0, v4.index)}${(tail.value >> 16n).toString(16)}:${(tail.value & 0xffffn).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const groups = rest === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return { value: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n), bits: 128 };
}

/** ParseCIDRSloppy: `address/prefix`, the address masked to the network; undefined when invalid. */
export function parseCidr(value: string): Cidr | undefined {
  const slash = value.indexOf('/');
  if (slash < 0 || !/^\d+$/.test(value.slice(slash + 1))) {
    return undefined;
  }
  const ip = ipToBigInt(value.slice(0, slash));
  const prefix = Number(value.slice(slash + 1));
  if (!ip || prefix > ip.bits) {
    return undefined;
  }
  const hostBits = BigInt(ip.bits - prefix);
  return { bits: ip.bits, network: (ip.value >> hostBits) << hostBits, prefix };
}

/** IsValidCIDRForLegacyField (non-strict): anything ParseCIDRSloppy accepts. */
export function validateCidr(field: string, value: string): FieldError[] {
  return parseCidr(value) ? [] : [invalid(field, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
}

/** Whether `inner` lies inside `outer` with a strictly longer prefix (NetworkPolicy ipBlock.except). */
export function isStrictSubnet(inner: Cidr, outer: Cidr): boolean {
  if (inner.bits !== outer.bits || inner.prefix <= outer.prefix) {
    return false;
  }
  const hostBits = BigInt(outer.bits - outer.prefix);
  return inner.network >> hostBits === outer.network >> hostBits;
}
