import type { MetaLabelSelector } from 'src/registry/generic/label-selector';

/** The label (and selector term) that tells a Deployment's ReplicaSets and their pods apart. */
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/** Characters a hash is rendered with: no vowels, no look-alikes (apimachinery util/rand). */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Whether a JSON value carries nothing (Go's zero pointer, nil map or empty slice). */
function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);
}

/** A JSON value with object keys sorted and empty members dropped, so equal templates serialise alike. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.map(canonical);
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const c = canonical((v as Record<string, unknown>)[k]);
      if (!isEmpty(c)) {
        out[k] = c;
      }
    }
    return out;
  }
  return v;
}

/** FNV-32a over bytes, continuing from `seed` (the offset basis by default). */
export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed;
  for (const b of bytes) {
    h = Math.imul(h ^ b, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Renders a string with the safe alphabet, byte by byte (apimachinery rand.SafeEncodeString). */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  }
  return out;
}

/**
 * The pod-template-hash of a Deployment's pod template: FNV-32a over the template's canonical
 * JSON (sorted keys, empty members dropped), then over collisionCount as 8 little-endian bytes
 * when set, printed in decimal and rendered with SafeEncodeString.
 * Upstream hashes a spew dump of the Go struct instead, so our values differ from upstream's;
 * they are stable across restarts and releases as long as the canonical form is, which is all
 * that matters (clients never recompute it; kubectl strips it).
 * Semantics: kubernetes pkg/controller/controller_utils.go ComputeHash.
 */
export function computeHash(template: unknown, collisionCount?: number | null): string {
  let h = fnv32a(Buffer.from(JSON.stringify(canonical(template ?? {})), 'utf8'));
  if (collisionCount !== undefined && collisionCount !== null) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}

/**
 * Whether two pod templates are the same apart from the pod-template-hash label, treating
 * missing, null and empty values alike (apimachinery's semantic equality).
 * Semantics: kubernetes pkg/controller/deployment/util/deployment_util.go EqualIgnoreHash.
 */
export function equalIgnoreHash(a: Record<string, any> | undefined, b: Record<string, any> | undefined): boolean {
  return JSON.stringify(canonical(withoutHash(a))) === JSON.stringify(canonical(withoutHash(b)));
}

/** A template without the pod-template-hash label. */
export function withoutHash(t: Record<string, any> | undefined): Record<string, any> {
  if (!t?.metadata?.labels || !(POD_TEMPLATE_HASH in t.metadata.labels)) {
    return t ?? {};
  }
  const labels = { ...t.metadata.labels };
  delete labels[POD_TEMPLATE_HASH];
  return { ...t, metadata: { ...t.metadata, labels } };
}

/** A copy of a label selector with `pod-template-hash: <hash>` added to matchLabels. */
export function selectorWithHash(selector: MetaLabelSelector | undefined, hash: string): MetaLabelSelector {
  const out: MetaLabelSelector = { matchLabels: { ...(selector?.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash } };
  if (selector?.matchExpressions?.length) {
    out.matchExpressions = structuredClone(selector.matchExpressions);
  }
  return out;
}
