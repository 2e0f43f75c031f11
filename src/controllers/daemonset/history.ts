import type { KubeObject } from 'src/registry/generic/object';
import { controllerOwnerRef } from 'src/controllers/common/pods';
import { controllerRevisionName, fnv1aHash32, goJson, safeEncodeString, templatePatch } from 'src/controllers/common/controller-history';
import { isAlreadyExists, resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';

// Semantics: kubernetes pkg/controller/daemon/update.go (constructHistory, snapshot, Match,
// dedupCurHistories, cleanupHistory) and pkg/controller/controller_utils.go ComputeHash.

/** The label carrying the template hash on daemon pods and revisions (DefaultDaemonSetUniqueLabelKey). */
export const DAEMON_HASH_LABEL = 'controller-revision-hash';
/** The label carrying the template generation on daemon pods (DaemonSetTemplateGenerationKey). */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** Where apps/v1 keeps the DaemonSet's template generation. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/**
 * The hash of the pod template plus the collision count (ComputeHash). Upstream feeds a Go dump
 * of the struct to FNV-1a; we feed its canonical JSON, so values differ from upstream's but keep
 * its properties: stable, changes with the template, bumped by the collision count.
 */
export function daemonTemplateHash(ds: KubeObject, collisionCount?: number): string {
  const bytes = [...Buffer.from(goJson(ds.spec?.template ?? {}), 'utf8')];
  if (collisionCount !== undefined && collisionCount !== null) {
    const le = Buffer.alloc(4);
    le.writeUInt32LE(collisionCount >>> 0);
    bytes.push(...le);
  }
  return safeEncodeString(String(fnv1aHash32(Uint8Array.from(bytes))));
}

/** The template generation of the DaemonSet, if it has a valid one. */
export function templateGeneration(ds: KubeObject): number | undefined {
  const raw = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return raw !== undefined && /^-?\d+$/.test(raw) ? Number(raw) : undefined;
}

/** Whether a daemon pod runs the current template: its hash or its template generation (IsPodUpdated). */
export function isPodUpdated(pod: KubeObject, hash: string, generation: number | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  return (hash !== '' && labels[DAEMON_HASH_LABEL] === hash) || (generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === String(generation));
}

/** Whether the revision stores the DaemonSet's current template (Match). */
export function revisionMatches(ds: KubeObject, revision: KubeObject): boolean {
  return goJson(templatePatch(ds)) === goJson(revision.data);
}

/** Revisions split into the one(s) matching the current template and the rest. */
export function splitRevisions(ds: KubeObject, revisions: KubeObject[]): { current: KubeObject[]; old: KubeObject[] } {
  const current: KubeObject[] = [];
  const old: KubeObject[] = [];
  for (const r of revisions) {
    (revisionMatches(ds, r) ? current : old).push(r);
  }
  return { current, old };
}

/** The highest revision number, 0 for none. */
export function maxRevision(revisions: KubeObject[]): number {
  return revisions.reduce((m, r) => Math.max(m, Number(r.revision ?? 0)), 0);
}

/** The old revisions to delete beyond revisionHistoryLimit, oldest first, never one a pod still runs (cleanupHistory). */
export function revisionsToClean(ds: KubeObject, old: KubeObject[], pods: KubeObject[]): KubeObject[] {
  let toKill = old.length - Number(ds.spec?.revisionHistoryLimit ?? 10);
  if (toKill <= 0) {
    return [];
  }
  const live = new Set(pods.map((p) => p.metadata.labels?.[DAEMON_HASH_LABEL]).filter((h) => h));
  const out: KubeObject[] = [];
  for (const r of [...old].sort((a, b) => Number(a.revision ?? 0) - Number(b.revision ?? 0))) {
    if (toKill <= 0) {
      break;
    }
    if (live.has(r.metadata.labels?.[DAEMON_HASH_LABEL])) {
      continue;
    }
    out.push(r);
    toKill--;
  }
  return out;
}

/**
 * Creates the revision of the current template (snapshot). If the name is taken by a revision of
 * the same template it is returned; by another template, the DaemonSet's collisionCount is bumped
 * and the error is thrown so the next sync uses a new name.
 */
export async function snapshotRevision(client: KubeClient, ds: KubeObject, revision: number): Promise<KubeObject> {
  const ns = ds.metadata.namespace;
  const collisionCount = ds.status?.collisionCount as number | undefined;
  const hash = daemonTemplateHash(ds, collisionCount);
  const name = controllerRevisionName(ds.metadata.name!, hash);
  const body: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: ns,
      labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [DAEMON_HASH_LABEL]: hash },
      ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [controllerOwnerRef(ds)],
    },
    data: templatePatch(ds),
    revision,
  };
  try {
    return await client.create<KubeObject>(resourcePath('apps/v1', 'controllerrevisions', ns), body);
  } catch (e) {
    if (!isAlreadyExists(e)) {
      throw e;
    }
    const existing = await client.get<KubeObject>(resourcePath('apps/v1', 'controllerrevisions', ns, name));
    if (revisionMatches(ds, existing)) {
      return existing;
    }
    const dsPath = resourcePath('apps/v1', 'daemonsets', ns, ds.metadata.name);
    const fresh = await client.get<KubeObject>(dsPath);
    if ((fresh.status?.collisionCount ?? null) !== (collisionCount ?? null)) {
      throw new Error(
        `found a stale collision count (${collisionCount}, expected ${fresh.status?.collisionCount}) of DaemonSet "${ds.metadata.name}" while processing; will retry until it is updated`,
      );
    }
    fresh.status = { ...(fresh.status ?? {}), collisionCount: Number(collisionCount ?? 0) + 1 };
    await client.replace(`${dsPath}/status`, fresh);
    throw e;
  }
}

/**
 * Finds the revision of the current template among the DaemonSet's revisions (creating it if
 * missing, keeping the newest of duplicates after relabelling pods to it, and renumbering it above
 * the old ones); old revisions lacking the hash label get their name as hash. Semantics: constructHistory.
 */
export async function constructHistory(
  client: KubeClient,
  ds: KubeObject,
  revisions: KubeObject[],
  pods: KubeObject[],
): Promise<{ current: KubeObject; old: KubeObject[] }> {
  const ns = ds.metadata.namespace;
  const labelled: KubeObject[] = [];
  for (const r of revisions) {
    if (r.metadata.labels?.[DAEMON_HASH_LABEL] !== undefined) {
      labelled.push(r);
      continue;
    }
    const fixed = { ...r, metadata: { ...r.metadata, labels: { ...(r.metadata.labels ?? {}), [DAEMON_HASH_LABEL]: r.metadata.name! } } };
    labelled.push(await client.replace<KubeObject>(resourcePath('apps/v1', 'controllerrevisions', ns, r.metadata.name), fixed));
  }
  const { current, old } = splitRevisions(ds, labelled);
  const next = maxRevision(old) + 1;
  if (current.length === 0) {
    return { current: await snapshotRevision(client, ds, next), old };
  }
  const keep = current.reduce((a, b) => (Number(b.revision ?? 0) >= Number(a.revision ?? 0) ? b : a));
  const keepHash = keep.metadata.labels![DAEMON_HASH_LABEL];
  if (current.length > 1) {
    for (const pod of pods.filter((p) => p.metadata.labels?.[DAEMON_HASH_LABEL] !== keepHash)) {
      await client.patch(resourcePath('v1', 'pods', ns, pod.metadata.name), { metadata: { labels: { [DAEMON_HASH_LABEL]: keepHash } } }, 'merge');
    }
    for (const dup of current.filter((r) => r !== keep)) {
      await client.delete(resourcePath('apps/v1', 'controllerrevisions', ns, dup.metadata.name));
    }
  }
  if (Number(keep.revision ?? 0) < next) {
    await client.patch(resourcePath('apps/v1', 'controllerrevisions', ns, keep.metadata.name), { revision: next }, 'merge');
  }
  return { current: keep, old };
}
