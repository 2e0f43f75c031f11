import type { KubeObject } from 'src/registry/generic/object';
import { controllerOwnerRef, controllerRef } from 'src/controllers/common/pods';
import { isAlreadyExists, resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';

// Semantics: kubernetes pkg/controller/history/controller_history.go (ControllerRevisionName,
// NewControllerRevision, HashControllerRevision, EqualRevision, SortControllerRevisions,
// CreateControllerRevision) and apimachinery pkg/util/rand SafeEncodeString.

/** The label of a ControllerRevision carrying the hash of its data. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

/** Characters rand.String and SafeEncodeString use (no vowels, no 0/1/3: no bad words). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** Go's encoding/json string escaping: HTML characters and line separators become \u escapes. */
function goString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') {
      out += `\\${ch}`;
    } else if (ch === '\n') {
      out += '\\n';
    } else if (ch === '\r') {
      out += '\\r';
    } else if (ch === '\t') {
      out += '\\t';
    } else if (ch === '\b') {
      out += '\\b';
    } else if (ch === '\f') {
      out += '\\f';
    } else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else {
      out += ch;
    }
  }
  return `${out}"`;
}

/**
 * A decoded JSON value rendered as Go's json.Marshal renders a map[string]interface{}: keys
 * sorted, no whitespace, `<>&` escaped. Upstream hashes and compares revision data in this form.
 */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) {
    return 'null';
  }
  if (typeof v === 'string') {
    return goString(v);
  }
  if (typeof v === 'number' || typeof v === 'boolean') {
    return String(v);
  }
  if (Array.isArray(v)) {
    return `[${v.map(goJson).join(',')}]`;
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return `{${keys.map((k) => `${goString(k)}:${goJson(obj[k])}`).join(',')}}`;
}

/** FNV-1 32-bit (Go's hash/fnv New32) of a UTF-8 string. */
export function fnv1Hash32(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h = (h ^ b) >>> 0;
  }
  return h >>> 0;
}

/** FNV-1a 32-bit (Go's hash/fnv New32a) of bytes. */
export function fnv1aHash32(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h = (h ^ b) >>> 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Maps each character of `s` onto rand's alphabet (rand.SafeEncodeString). */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) {
    out += ALPHANUMS[ch.codePointAt(0)! % ALPHANUMS.length];
  }
  return out;
}

/** The hash of revision data (plus the collision count when given), safe-encoded (HashControllerRevision). */
export function hashControllerRevision(data: unknown, collisionCount?: number): string {
  const probe = collisionCount === undefined ? '' : String(collisionCount);
  return safeEncodeString(String(fnv1Hash32(goJson(data) + probe)));
}

/** `<prefix>-<hash>`, the prefix cut to 223 bytes so the name stays within 253 (ControllerRevisionName). */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/**
 * The revision data of a workload: a strategic merge patch replacing spec.template (getPatch).
 * A template without creationTimestamp gets the `null` Go writes for a zero time.
 */
export function templatePatch(workload: KubeObject): Record<string, unknown> {
  const template = structuredClone(workload.spec?.template ?? {});
  template.metadata ??= {};
  if (template.metadata.creationTimestamp === undefined) {
    template.metadata.creationTimestamp = null;
  }
  return { spec: { template: { ...template, $patch: 'replace' } } };
}

/** The workload with the template stored in `revision` (ApplyRevision of a template patch). */
export function applyTemplateRevision(workload: KubeObject, revision: KubeObject): KubeObject {
  const clone = structuredClone(workload);
  const saved = structuredClone(revision.data?.spec?.template ?? {});
  delete saved.$patch;
  clone.spec = { ...(clone.spec ?? {}), template: saved };
  return clone;
}

/** Revisions ordered by revision number, then creation time, then name (SortControllerRevisions). */
export function sortRevisions(revisions: KubeObject[]): KubeObject[] {
  const rev = (r: KubeObject) => Number(r.revision ?? 0);
  const created = (r: KubeObject) => String(r.metadata.creationTimestamp ?? '');
  return [...revisions].sort((a, b) => {
    if (rev(a) !== rev(b)) {
      return rev(a) - rev(b);
    }
    if (created(a) !== created(b)) {
      return created(a) < created(b) ? -1 : 1;
    }
    return String(a.metadata.name) < String(b.metadata.name) ? -1 : 1;
  });
}

/** One more than the highest revision number of sorted revisions, 1 for none (nextRevision). */
export function nextRevision(sorted: KubeObject[]): number {
  return sorted.length === 0 ? 1 : Number(sorted[sorted.length - 1].revision ?? 0) + 1;
}

/** Whether two revisions hold the same data: hash labels first, then the data itself (EqualRevision). */
export function equalRevision(a: KubeObject | undefined, b: KubeObject | undefined): boolean {
  if (!a || !b) {
    return a === b;
  }
  const ha = Number.parseInt(a.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '', 10);
  const hb = Number.parseInt(b.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '', 10);
  if (Number.isFinite(ha) && Number.isFinite(hb) && ha !== hb) {
    return false;
  }
  return goJson(a.data) === goJson(b.data);
}

/**
 * A new ControllerRevision of `parent` (not yet created): template labels plus the hash label,
 * a controller reference, the data and its revision number (NewControllerRevision).
 */
export function newControllerRevision(
  parent: KubeObject,
  templateLabels: Record<string, string> | undefined,
  data: unknown,
  revision: number,
  collisionCount: number,
): KubeObject {
  const hash = hashControllerRevision(data, collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(parent.metadata.name!, hash),
      namespace: parent.metadata.namespace,
      labels: { ...(templateLabels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ownerReferences: [controllerOwnerRef(parent)],
    },
    data,
    revision,
  };
}

/** Revisions matching the selector that `parent` controls or nobody controls (ListControllerRevisions). */
export function ownedOrOrphanRevisions(
  parent: KubeObject,
  matches: (labels: Record<string, string> | undefined) => boolean,
  candidates: KubeObject[],
): KubeObject[] {
  return candidates.filter((r) => {
    const ref = controllerRef(r);
    return matches(r.metadata.labels) && (!ref || ref.uid === parent.metadata.uid);
  });
}

/**
 * Creates `revision`, renaming it with a bumped collision count while another revision with
 * different data holds its name; an existing one with the same data is returned as is.
 * Semantics: history.go realHistory.CreateControllerRevision.
 */
export async function createControllerRevision(
  client: KubeClient,
  parent: KubeObject,
  revision: KubeObject,
  collisionCount: number,
): Promise<{ revision: KubeObject; collisionCount: number }> {
  const ns = parent.metadata.namespace;
  for (let count = collisionCount; ; count++) {
    const hash = hashControllerRevision(revision.data, count);
    const body = structuredClone(revision);
    body.metadata.name = controllerRevisionName(parent.metadata.name!, hash);
    body.metadata.labels = { ...(body.metadata.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash };
    try {
      const created = await client.create<KubeObject>(resourcePath('apps/v1', 'controllerrevisions', ns), body);
      return { revision: created, collisionCount: count };
    } catch (e) {
      if (!isAlreadyExists(e)) {
        throw e;
      }
      const existing = await client.get<KubeObject>(resourcePath('apps/v1', 'controllerrevisions', ns, body.metadata.name));
      if (goJson(existing.data) === goJson(body.data)) {
        return { revision: existing, collisionCount: count };
      }
    }
  }
}

/** Sets the revision number of an existing revision (a rollback to it), via a merge patch. */
export async function updateRevisionNumber(client: KubeClient, revision: KubeObject, newRevision: number): Promise<KubeObject> {
  if (Number(revision.revision) === newRevision) {
    return revision;
  }
  const path = resourcePath('apps/v1', 'controllerrevisions', revision.metadata.namespace, revision.metadata.name);
  return client.patch<KubeObject>(path, { revision: newRevision }, 'merge');
}
