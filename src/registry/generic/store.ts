import {
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  invalid,
  notFound,
  OPTIMISTIC_LOCK_MESSAGE,
  success,
  timeout,
  type Status,
} from 'src/apiserver/status';
import { validateRequestObject, validateRequestObjectUpdate } from 'src/registry/generic/admission';
import { normalizeGoJson } from 'src/apiserver/protobuf/go-json';
import { recordUpdate } from 'src/registry/generic/field-manager';
import type { KubeObject } from 'src/registry/generic/object';
import { jsonClone } from 'src/registry/generic/json-clone';
import { canonicalize, checkNamespace, checkTypeMeta, prepareMetaForCreate, prepareMetaForUpdate, timestamp } from 'src/registry/generic/object-meta';
import { jsonEqual } from 'src/registry/generic/validation';
import type { AllocationTxn, RegisteredResource, ResourceAllocator, StrategyContext } from 'src/registry/generic/resource';
import type { Registry } from 'src/registry/registry';
import { resolve, typeForKind } from 'src/schema/schema';
import { pruneUnknownFields } from 'src/schema/unknown-fields';
import type { Storage } from 'src/storage/storage';
import type { MutationResult } from 'src/storage/types';

/** How many namespaces checkNamespaceAcceptsContent remembers before it starts over. */
const MAX_NAMESPACES_SEEN = 10_000;

/** How often an unconditional update retries after losing a race. */
const MAX_UPDATE_ATTEMPTS = 16;

/** Options every mutating verb accepts. */
export interface WriteOptions {
  dryRun?: boolean;
  now?: Date;
  /** What to do with fields the type does not have (default Warn, as upstream). */
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
  /** Collects `Warning` header texts for the response. */
  warnings?: string[];
  /** The field manager recorded in managedFields (Update operations). */
  manager?: string;
  /** The new object already carries its managedFields (server-side apply computed them). */
  managedFieldsDone?: boolean;
}

/** Where a request points: a resource, a namespace, maybe a name and a subresource. */
export interface Target {
  resource: RegisteredResource;
  namespace?: string;
  name: string;
  subresource?: string;
}

/** metav1.DeleteOptions, the fields kubepg acts on. */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

/** Result of a write: the stored JSON, and whether the object was created (201) or deleted. */
export interface WriteResult {
  json: string;
  created?: boolean;
}

/** Computes the new object from (a copy of) the current one, which it may change (PATCH applies a patch). */
export type TryUpdate = (current: KubeObject) => KubeObject;

/** Options of Store.update and Store.replace. */
export type UpdateOptions = WriteOptions & { createIfMissing?: () => KubeObject; applyCreates?: boolean; asIs?: boolean };

/**
 * The one generic store: create, update (guaranteed update with retries), delete with
 * preconditions, finalizers and graceful deletion, and the status and finalize subresources.
 * Resources only contribute their strategy hooks.
 *
 * Semantics: k8s.io/apiserver pkg/registry/generic/registry/store.go.
 */
export class GenericStore {
  /** Whether a namespace is being deleted, by name, for the stored JSON it was read from (creates parse it once). */
  private readonly terminating = new Map<string, { json: string; terminating: boolean }>();

  constructor(
    private readonly storage: Storage,
    private readonly registry: Registry,
    /** Allocators by GroupResource string (`services`): claims held outside the object's row. */
    private readonly allocators: ReadonlyMap<string, ResourceAllocator> = new Map(),
  ) {}

  /** The stored JSON of one object; a consistent read unless a resourceVersion allows staleness. */
  async get(t: Target, resourceVersion?: string): Promise<string> {
    await this.freshFor(resourceVersion);
    const e = this.storage.cache(t.resource).get(t.namespace ?? '', t.name);
    if (!e) {
      throw notFound(q(t));
    }
    return e.json;
  }

  /** Waits until the cache is fresh enough for the requested resourceVersion semantics. */
  async freshFor(resourceVersion?: string): Promise<void> {
    if (resourceVersion === '0') {
      return;
    }
    if (resourceVersion) {
      const rv = Number(resourceVersion);
      if (!(await this.storage.waitForRv(rv))) {
        throw timeout(`Too large resource version: ${rv}, current: ${this.storage.rv}`, 1);
      }
      return;
    }
    if ((await this.storage.consistentRv()) === false) {
      throw timeout('Timeout: Too large resource version', 1);
    }
  }

  /** POST: creates an object. */
  async create(resource: RegisteredResource, namespace: string | undefined, obj: KubeObject, opts: WriteOptions = {}): Promise<WriteResult> {
    const ctx = this.strategyContext(namespace, opts.now ?? new Date());
    checkTypeMeta(resource, obj);
    dropUnknownFields(resource, obj, opts);
    checkNamespace(resource, obj, namespace);
    resource.defaults?.(obj, ctx);
    prepareMetaForCreate(resource, obj, ctx.now);
    resource.prepareForCreate?.(obj, ctx);
    const errors = [...validateRequestObject(resource, obj), ...(resource.validate?.(obj, ctx) ?? [])];
    const name = obj.metadata.name ?? '';
    if (errors.length > 0) {
      throw invalid(resource.kind, resource.group, name, errors);
    }
    if (opts.manager && !opts.managedFieldsDone) {
      recordUpdate(resource, undefined, obj, opts.manager, undefined, ctx.now);
    }
    if (resource.namespaced) {
      this.checkNamespaceAcceptsContent(resource, namespace!, name);
    }
    const t: Target = { resource, namespace, name };
    const txn = await this.allocators.get(resource.groupResource)?.beginCreate(obj, { store: this, dryRun: !!opts.dryRun });
    return settle(txn, async () => {
      if (opts.dryRun) {
        if (this.storage.cache(resource).get(namespace ?? '', name)) {
          throw alreadyExists(q(t));
        }
        const preview = asStored(obj);
        delete preview.metadata.resourceVersion;
        return { json: JSON.stringify(preview), created: true };
      }
      const r = await this.storage.write({ op: 'create', resource: resource.groupResource, namespace: namespace ?? '', name, obj: asStored(obj) });
      return { json: expectOk(r, t), created: true };
    });
  }

  /**
   * PUT, PATCH and subresource writes: reads the current object, computes the new one, and
   * writes it conditioned on the RV it was computed from, retrying on a lost race unless the
   * caller named a resourceVersion. With `asIs` the computed object is stored as it is, without
   * the strategy, validation or managedFields (pods/binding writes storage directly upstream).
   * Semantics: k8s.io/apiserver registry/generic/registry/store.go Update + GuaranteedUpdate.
   */
  async update(t: Target, tryUpdate: TryUpdate, opts: UpdateOptions = {}): Promise<WriteResult> {
    return this.guaranteedUpdate(t, (copyOfCurrent) => tryUpdate(copyOfCurrent()), opts);
  }

  /**
   * update() for a PUT: the new object does not depend on the current one, so no copy of the
   * current object is made for it. `replacement` must return an object of its own at each call.
   */
  async replace(t: Target, replacement: () => KubeObject, opts: UpdateOptions = {}): Promise<WriteResult> {
    return this.guaranteedUpdate(t, replacement, opts);
  }

  private async guaranteedUpdate(t: Target, compute: (copyOfCurrent: () => KubeObject) => KubeObject, opts: UpdateOptions): Promise<WriteResult> {
    const r = t.resource;
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      if (attempt > 0) {
        await this.storage.consistentRv();
      }
      const entry = this.storage.cache(r).get(t.namespace ?? '', t.name);
      if (!entry) {
        if (opts.createIfMissing && (r.allowCreateOnUpdate || opts.applyCreates) && !t.subresource) {
          const res = await this.create(r, t.namespace, opts.createIfMissing(), opts).catch((e) => (isAlreadyExists(e) && attempt + 1 < MAX_UPDATE_ATTEMPTS ? undefined : Promise.reject(e)));
          if (res) {
            return res;
          }
          continue;
        }
        throw notFound(q(t));
      }
      const current = JSON.parse(entry.json) as KubeObject;
      const next = compute(() => jsonClone(current));
      const pinned = next.metadata?.resourceVersion;
      if (pinned && pinned !== String(entry.rv)) {
        throw conflict(q(t), OPTIMISTIC_LOCK_MESSAGE);
      }
      if (next && typeof next === 'object') {
        dropUnknownFields(r, next, attempt === 0 ? opts : { ...opts, warnings: undefined });
        if (next.metadata && typeof next.metadata === 'object' && !pinned) {
          // An update without a resourceVersion is unconditional: it applies to the current version.
          // Semantics: k8s.io/apiserver registry/generic/registry/store.go Update (AllowUnconditionalUpdate).
          next.metadata.resourceVersion = String(entry.rv);
        }
      }
      const now = opts.now ?? new Date();
      const admitted = opts.asIs ? next : this.admitUpdate(t, next, current, now);
      if (opts.manager && !opts.managedFieldsDone && !opts.asIs) {
        recordUpdate(r, current, admitted, opts.manager, t.subresource, now);
      }
      const allocator = t.subresource || opts.asIs ? undefined : this.allocators.get(r.groupResource);
      const txn = await allocator?.beginUpdate(admitted, current, { store: this, dryRun: !!opts.dryRun });
      const outcome = await settle(txn, async () => {
        const obj = asStored(admitted);
        obj.metadata.resourceVersion = String(entry.rv);
        if (jsonEqual(obj, current)) {
          return { json: entry.json };
        }
        if (opts.dryRun) {
          return { json: JSON.stringify(obj) };
        }
        const finished = obj.metadata.deletionTimestamp && !(obj.metadata.finalizers?.length) && !r.hasPendingFinalizers?.(obj) && !obj.metadata.deletionGracePeriodSeconds;
        const res = await this.storage.write({
          op: finished ? 'delete' : 'update',
          resource: r.groupResource,
          namespace: t.namespace ?? '',
          name: t.name,
          obj,
          expectRv: entry.rv,
          prevJson: entry.json,
        });
        if (!res.ok && res.reason === 'conflict') {
          // Run tryUpdate again on the newer object: a resourceVersion the request pinned then
          // fails the check above with 409, an unpinned PUT or PATCH applies to the new state.
          return undefined;
        }
        const json = expectOk(res, t);
        if (finished) {
          await this.afterDelete(r, obj);
        }
        return { json };
      });
      if (outcome) {
        return outcome;
      }
    }
    throw conflict(q(t), OPTIMISTIC_LOCK_MESSAGE);
  }

  /** The context of the strategy hooks, with read access to this store's cache. */
  private strategyContext(namespace: string | undefined, now: Date): StrategyContext {
    return {
      namespace,
      now,
      lookup: (groupResource, ns, name) => {
        const r = this.registry.byResource(groupResource);
        const entry = r && this.storage.cache(r)?.get(ns, name);
        return entry ? (JSON.parse(entry.json) as KubeObject) : undefined;
      },
    };
  }

  /** Frees what a removed object held; a failure leaves a leak for the allocator's repair, never fails the delete. */
  private async afterDelete(r: RegisteredResource, obj: KubeObject): Promise<void> {
    await this.allocators
      .get(r.groupResource)
      ?.afterDelete(obj, { store: this, dryRun: false })
      .catch(() => undefined);
  }

  /** Applies type checks, subresource rules, strategy and validation to an updated object. */
  private admitUpdate(t: Target, next: KubeObject, current: KubeObject, now: Date): KubeObject {
    const r = t.resource;
    const ctx = this.strategyContext(t.namespace, now);
    if (!next || typeof next !== 'object' || Array.isArray(next) || !next.metadata || typeof next.metadata !== 'object') {
      throw badRequest('the object provided is not a valid object: metadata is required');
    }
    if (t.subresource === 'status' || t.subresource === 'finalize') {
      checkTypeMeta(r, next);
      const obj = jsonClone(current);
      if (t.subresource === 'status') {
        obj.status = next.status;
        for (const field of r.statusUpdatesMetadata ?? []) {
          if (next.metadata[field] === undefined) {
            delete obj.metadata[field];
          } else {
            obj.metadata[field] = next.metadata[field];
          }
        }
      } else {
        obj.spec = { ...(obj.spec ?? {}), finalizers: next.spec?.finalizers };
      }
      obj.metadata.resourceVersion = next.metadata.resourceVersion;
      const errors = r.validateUpdate?.(obj, current, ctx) ?? [];
      if (errors.length > 0) {
        throw invalid(r.kind, r.group, t.name, errors);
      }
      return obj;
    }
    checkTypeMeta(r, next);
    checkNamespace(r, next, t.namespace);
    if (next.metadata.name !== undefined && next.metadata.name !== t.name) {
      throw badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${t.name})`);
    }
    next.metadata.name = t.name;
    r.defaults?.(next, ctx);
    prepareMetaForUpdate(r, next, current);
    if (r.hasStatus) {
      if (current.status === undefined) {
        delete next.status;
      } else {
        next.status = current.status;
      }
    }
    r.prepareForUpdate?.(next, current, ctx);
    const errors = [...validateRequestObjectUpdate(r, next, current), ...(r.validateUpdate?.(next, current, ctx) ?? [])];
    if (errors.length > 0) {
      throw invalid(r.kind, r.group, t.name, errors);
    }
    return next;
  }

  /**
   * DELETE: checks preconditions, then either marks the object (finalizers, graceful deletion)
   * or removes it.
   * Semantics: k8s.io/apiserver registry/generic/registry/store.go Delete, updateForGracefulDeletionAndFinalizers.
   */
  async delete(t: Target, options: DeleteOptions, opts: WriteOptions = {}): Promise<{ status: number; body: string | Status }> {
    const r = t.resource;
    const now = opts.now ?? new Date();
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      if (attempt > 0) {
        await this.storage.consistentRv();
      }
      const entry = this.storage.cache(r).get(t.namespace ?? '', t.name);
      if (!entry) {
        if (attempt === 0 && (await this.storage.consistentRv()) !== false && this.storage.cache(r).get(t.namespace ?? '', t.name)) {
          continue;
        }
        throw notFound(q(t));
      }
      const obj = JSON.parse(entry.json) as KubeObject;
      const pre = options.preconditions;
      // Semantics: k8s.io/apiserver registry/rest/delete.go BeforeDelete (the qualified resource is the Kind there).
      const byKind = { group: r.group, resource: r.kind, name: t.name };
      if (pre?.uid && pre.uid !== obj.metadata.uid) {
        throw conflict(byKind, `the UID in the precondition (${pre.uid}) does not match the UID in record (${obj.metadata.uid ?? ''}). The object might have been deleted and then recreated`);
      }
      if (pre?.resourceVersion && pre.resourceVersion !== String(entry.rv)) {
        throw conflict(byKind, `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${entry.rv}). The object might have been modified`);
      }
      r.admitDelete?.(obj);
      const marked = this.markForDeletion(r, obj, options, now);
      if (marked) {
        if (jsonEqual(marked, obj)) {
          return { status: 200, body: entry.json };
        }
        if (opts.dryRun) {
          return { status: 200, body: JSON.stringify(marked) };
        }
        const res = await this.storage.write({ op: 'update', resource: r.groupResource, namespace: t.namespace ?? '', name: t.name, obj: marked, expectRv: entry.rv, prevJson: entry.json });
        if (!res.ok && res.reason === 'conflict' && !pre?.resourceVersion) {
          continue;
        }
        return { status: 200, body: expectOk(res, t) };
      }
      if (opts.dryRun) {
        return { status: 200, body: r.returnDeletedObject ? entry.json : deletedStatus(t, obj) };
      }
      const res = await this.storage.write({ op: 'delete', resource: r.groupResource, namespace: t.namespace ?? '', name: t.name, obj, expectRv: entry.rv, prevJson: entry.json });
      if (!res.ok && res.reason === 'conflict' && !pre?.resourceVersion) {
        continue;
      }
      const json = expectOk(res, t);
      await this.afterDelete(r, obj);
      return { status: 200, body: r.returnDeletedObject ? json : deletedStatus(t, obj) };
    }
    throw conflict(q(t), OPTIMISTIC_LOCK_MESSAGE);
  }

  /**
   * The object as a delete leaves it when it cannot go at once (finalizers, a grace period),
   * or undefined when it should be removed now.
   */
  private markForDeletion(r: RegisteredResource, obj: KubeObject, options: DeleteOptions, now: Date): KubeObject | undefined {
    const next = jsonClone(obj);
    const m = next.metadata;
    const finalizers = new Set(m.finalizers ?? []);
    let policy = options.propagationPolicy ?? (options.orphanDependents === true ? 'Orphan' : options.orphanDependents === false ? 'Background' : undefined);
    if (!policy && r.orphanByDefault && !finalizers.has('orphan') && !finalizers.has('foregroundDeletion') && !m.deletionTimestamp) {
      // Semantics: kubernetes pkg/registry/batch/job/strategy.go DefaultGarbageCollectionPolicy (OrphanDependents for batch/v1).
      policy = 'Orphan';
    }
    if (policy === 'Orphan') {
      finalizers.add('orphan');
      finalizers.delete('foregroundDeletion');
    } else if (policy === 'Foreground') {
      finalizers.add('foregroundDeletion');
      finalizers.delete('orphan');
    } else if (policy === 'Background') {
      finalizers.delete('orphan');
      finalizers.delete('foregroundDeletion');
    }
    const grace = m.deletionTimestamp ? undefined : (r.gracePeriodSeconds?.(obj, options.gracePeriodSeconds) ?? 0);
    const keep = finalizers.size > 0 || r.hasPendingFinalizers?.(obj) || (grace ?? 0) > 0 || (m.deletionTimestamp && (m.deletionGracePeriodSeconds ?? 0) > 0 && options.gracePeriodSeconds !== 0);
    if (!keep) {
      return undefined;
    }
    if (finalizers.size > 0) {
      m.finalizers = [...finalizers];
    } else {
      delete m.finalizers;
    }
    if (!m.deletionTimestamp) {
      m.deletionTimestamp = timestamp(new Date(now.getTime() + (grace ?? 0) * 1000));
      m.deletionGracePeriodSeconds = grace ?? 0;
      r.prepareForDelete?.(next);
    } else if (options.gracePeriodSeconds !== undefined && (m.deletionGracePeriodSeconds ?? 0) > options.gracePeriodSeconds) {
      // A later delete may shorten, never lengthen, the grace period.
      m.deletionGracePeriodSeconds = options.gracePeriodSeconds;
      m.deletionTimestamp = timestamp(new Date(now.getTime() + options.gracePeriodSeconds * 1000));
    }
    if (m.deletionGracePeriodSeconds === 0 && !m.finalizers?.length && !r.hasPendingFinalizers?.(next)) {
      return undefined;
    }
    return next;
  }

  /** Rejects creates into a namespace that does not exist or is being deleted. */
  private checkNamespaceAcceptsContent(r: RegisteredResource, namespace: string, name: string): void {
    const nsResource = this.registry.byResource('namespaces');
    if (!nsResource) {
      return;
    }
    const ns = this.storage.cache(nsResource).get('', namespace);
    if (!ns) {
      this.terminating.delete(namespace);
      throw notFound({ group: '', resource: 'namespaces', name: namespace });
    }
    let seen = this.terminating.get(namespace);
    if (seen?.json !== ns.json) {
      if (this.terminating.size >= MAX_NAMESPACES_SEEN) {
        this.terminating.clear();
      }
      seen = { json: ns.json, terminating: !!(JSON.parse(ns.json) as KubeObject).metadata.deletionTimestamp };
      this.terminating.set(namespace, seen);
    }
    if (seen.terminating) {
      throw forbidden(
        { group: r.group, resource: r.plural, name },
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
  }
}

/**
 * Drops fields the type does not know, as decoding into the Go type does; with Strict they are a
 * 400, with Warn each becomes a Warning header.
 * Semantics: k8s.io/apiserver pkg/endpoints/handlers (fieldValidation, strict decoding errors).
 */
function dropUnknownFields(r: RegisteredResource, obj: KubeObject, opts: WriteOptions): void {
  const schema = typeForKind(r.group, r.version, r.kind);
  if (!schema) {
    return;
  }
  const unknown = pruneUnknownFields(schema, obj, resolve);
  if (unknown.length === 0 || opts.fieldValidation === 'Ignore') {
    return;
  }
  if (opts.fieldValidation === 'Strict') {
    throw badRequest(`${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: strict decoding error: ${unknown.join(', ')}`);
  }
  opts.warnings?.push(...unknown);
}

/**
 * The object as kube-apiserver would store it: Go's JSON encoding of the typed struct (empty
 * omitempty fields dropped, non-omitempty zero values written) in Go's key order.
 */
function asStored(obj: KubeObject): KubeObject {
  return canonicalize(normalizeGoJson(obj) as KubeObject);
}

/**
 * Runs a write inside an allocation: reverts the claims when the write throws or comes back
 * undefined (a lost race the caller retries), commits them (carrying out deferred releases)
 * when it succeeds.
 * Semantics: k8s.io/apiserver registry/generic/registry/store.go FinishFunc.
 */
async function settle<R>(txn: AllocationTxn | undefined, write: () => Promise<R>): Promise<R> {
  if (!txn) {
    return write();
  }
  let result: R;
  try {
    result = await write();
  } catch (err) {
    await txn.revert();
    throw err;
  }
  await (result === undefined ? txn.revert() : txn.commit());
  return result;
}

function q(t: Target): { group: string; resource: string; name: string } {
  return { group: t.resource.group, resource: t.resource.plural, name: t.name };
}

function isAlreadyExists(e: unknown): boolean {
  return (e as { status?: Status }).status?.reason === 'AlreadyExists';
}

function expectOk(r: MutationResult, t: Target): string {
  if (r.ok) {
    return r.json;
  }
  if (r.reason === 'exists') {
    throw alreadyExists(q(t));
  }
  if (r.reason === 'notfound') {
    throw notFound(q(t));
  }
  throw conflict(q(t), OPTIMISTIC_LOCK_MESSAGE);
}

function deletedStatus(t: Target, obj: KubeObject): Status {
  return success({ name: t.name, ...(t.resource.group ? { group: t.resource.group } : {}), kind: t.resource.plural, uid: obj.metadata.uid });
}
