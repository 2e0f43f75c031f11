import { randomInt, randomUUID } from 'node:crypto';
import { badRequest } from 'src/apiserver/status';
import type { KubeObject } from 'src/registry/generic/object';
import type { RegisteredResource } from 'src/registry/generic/resource';
import { jsonEqual } from 'src/registry/generic/validation';

/** Characters of generated name suffixes (no vowels, no confusable digits), as upstream. */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Appends the random 5-character suffix that generateName asks for. */
export function generateName(base: string): string {
  const max = 63 - 5;
  let name = base.length > max ? base.slice(0, max) : base;
  for (let i = 0; i < 5; i++) {
    name += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  }
  return name;
}

/** RFC 3339 with second precision, the format of metav1.Time. */
export function timestamp(d: Date): string {
  const second = Math.floor(d.getTime() / 1000);
  if (second !== lastSecond) {
    lastText = d.toISOString().replace(/\.\d{3}Z$/, 'Z');
    lastSecond = second;
  }
  return lastText;
}

/** The last second timestamp formatted (NaN, which never matches, until the first call). */
let lastSecond = NaN;
let lastText = '';

/**
 * Checks the apiVersion/kind of a request body against the resource and fills them in.
 * Semantics: k8s.io/apiserver endpoints/handlers (decoding into the expected GVK).
 */
export function checkTypeMeta(r: RegisteredResource, obj: KubeObject, kind = r.kind, apiVersion = r.apiVersion): void {
  if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersion) {
    throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersion})`);
  }
  if (obj.kind !== undefined && obj.kind !== kind) {
    throw badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${kind})`);
  }
  obj.apiVersion = apiVersion;
  obj.kind = kind;
}

/** Puts the request's namespace into the object, rejecting a body that names another. */
export function checkNamespace(r: RegisteredResource, obj: KubeObject, namespace: string | undefined): void {
  if (!r.namespaced) {
    delete obj.metadata.namespace;
    return;
  }
  if (obj.metadata.namespace && obj.metadata.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  obj.metadata.namespace = namespace;
}

/**
 * Server-owned metadata on create: name from generateName, uid, creationTimestamp, generation.
 * Semantics: k8s.io/apiserver registry/rest/create.go BeforeCreate.
 */
export function prepareMetaForCreate(r: RegisteredResource, obj: KubeObject, now: Date): void {
  const m = obj.metadata;
  if (m.resourceVersion) {
    throw badRequest('resourceVersion should not be set on objects to be created');
  }
  if (!m.name && m.generateName) {
    m.name = generateName(m.generateName);
  }
  m.uid = randomUUID();
  m.creationTimestamp = timestamp(now);
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m.selfLink;
  if (r.tracksGeneration) {
    m.generation = 1;
  } else {
    delete m.generation;
  }
}

/** Whether anything outside metadata and status differs (what bumps metadata.generation). */
export function specChanged(a: KubeObject, b: KubeObject): boolean {
  const { metadata: _am, status: _as, ...aRest } = a;
  const { metadata: _bm, status: _bs, ...bRest } = b;
  return !jsonEqual(aRest, bRest);
}

/**
 * Server-owned metadata on update: copied from the stored object whatever the client sent.
 * Semantics: k8s.io/apiserver registry/rest/update.go BeforeUpdate.
 */
export function prepareMetaForUpdate(r: RegisteredResource, obj: KubeObject, old: KubeObject): void {
  const m = obj.metadata;
  const o = old.metadata;
  if (!m.uid) {
    m.uid = o.uid;
  }
  m.creationTimestamp = o.creationTimestamp;
  if (o.deletionTimestamp) {
    m.deletionTimestamp = o.deletionTimestamp;
    if (o.deletionGracePeriodSeconds !== undefined) {
      m.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds;
    }
  } else {
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
  }
  delete m.selfLink;
  if (r.tracksGeneration) {
    m.generation = (o.generation ?? 1) + (specChanged(obj, old) ? 1 : 0);
  } else {
    delete m.generation;
  }
}

/** ObjectMeta fields in the order Go's encoder writes them. */
const META_ORDER = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

/**
 * Returns the object with its keys in the order kube-apiserver writes them: kind, apiVersion,
 * metadata (in struct order), then the type's fields with status last. Clients that print JSON
 * as received (get --raw, client-node) then see what they would see from a real cluster.
 */
export function canonicalize<T extends KubeObject>(obj: T): T {
  const meta: Record<string, unknown> = {};
  for (const k of META_ORDER) {
    // resourceVersion always gets its slot: the writer fills it in when it assigns the RV.
    if (obj.metadata[k] !== undefined || k === 'resourceVersion') {
      meta[k] = obj.metadata[k] ?? '';
    }
  }
  for (const [k, v] of Object.entries(obj.metadata)) {
    if (!(k in meta) && v !== undefined) {
      meta[k] = v;
    }
  }
  const out: Record<string, unknown> = { kind: obj.kind, apiVersion: obj.apiVersion, metadata: meta };
  for (const [k, v] of Object.entries(obj)) {
    if (k !== 'kind' && k !== 'apiVersion' && k !== 'metadata' && k !== 'status' && v !== undefined) {
      out[k] = v;
    }
  }
  if (obj.status !== undefined) {
    out.status = obj.status;
  }
  return out as T;
}
