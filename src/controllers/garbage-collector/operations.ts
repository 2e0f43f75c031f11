import type { ApiResource, RestMapper } from 'src/controllers/common/discovery';
import type { AbsentOwnerCache } from 'src/controllers/garbage-collector/absent-owner-cache';
import {
  deleteOwnerRefsMergePatch,
  deleteOwnerRefsPatch,
  removeFinalizerPatch,
  sameOwnerRefs,
  type ClassifiedReferences,
  type PropagationPolicy,
} from 'src/controllers/garbage-collector/decisions';
import { FOREGROUND_FINALIZER, hasFinalizer, identityOfRef, type ObjectIdentity } from 'src/controllers/garbage-collector/identity';
import { ApiError, isConflict, isNotFound, resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import type { KubeObject, OwnerReference } from 'src/registry/generic/object';

/** The apiVersion/kind of a reference is not (yet) served: retry after the next discovery. */
export class RestMappingError extends Error {
  constructor(kind: string, apiVersion: string) {
    super(`unable to get REST mapping for ${kind}.${apiVersion}`);
  }
}

/** A cluster-scoped object names a namespaced owner: invalid, and retrying will not help. */
export class NamespacedOwnerOfClusterScopedObjectError extends Error {
  constructor() {
    super('cluster-scoped objects cannot refer to namespaced owners');
  }
}

/** How many times removeFinalizer retries a conflict at once (client-go retry.DefaultBackoff steps). */
const FINALIZER_RETRIES = 4;

/**
 * The collector's API calls: GET, DELETE with preconditions, owner-reference patches, finalizer
 * removal and the dangling-owner check, each resolving apiVersion/kind through discovery.
 * Semantics: kubernetes pkg/controller/garbagecollector/operations.go, patch.go, garbagecollector.go isDangling.
 */
export class GcOperations {
  constructor(
    private readonly client: KubeClient,
    private readonly mapper: () => RestMapper,
    private readonly absent: AbsentOwnerCache,
  ) {}

  /** The served resource of an identity, or a RestMappingError. */
  resource(apiVersion: string, kind: string): ApiResource {
    const r = this.mapper().resourceFor(apiVersion, kind);
    if (!r) {
      throw new RestMappingError(kind, apiVersion);
    }
    return r;
  }

  private path(id: ObjectIdentity): string {
    const r = this.resource(id.apiVersion, id.kind);
    return resourcePath(id.apiVersion, r.resource, r.namespaced ? id.namespace : undefined, id.name);
  }

  /** The live object. */
  get(id: ObjectIdentity): Promise<KubeObject> {
    return this.client.get<KubeObject>(this.path(id));
  }

  /**
   * Deletes an object with uid (and resourceVersion) preconditions; when only the version moved on
   * and the owner references are unchanged, deletes again without it.
   * Semantics: operations.go deleteObject.
   */
  async delete(id: ObjectIdentity, resourceVersion: string | undefined, owners: OwnerReference[] | undefined, policy: PropagationPolicy): Promise<void> {
    const path = this.path(id);
    const options = (rv?: string) => ({ apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: id.uid, ...(rv ? { resourceVersion: rv } : {}) }, propagationPolicy: policy });
    try {
      await this.client.delete(path, options(resourceVersion));
    } catch (err) {
      if (!isConflict(err) || !resourceVersion) {
        throw err;
      }
      const live = await this.client.get<KubeObject>(path);
      if (live.metadata.uid !== id.uid) {
        throw new ApiError(404, 'NotFound', { message: `${id.kind} ${id.name} was replaced` });
      }
      if (!sameOwnerRefs(live.metadata.ownerReferences, owners)) {
        throw err;
      }
      await this.client.delete(path, options());
    }
  }

  /** Removes owner references by uid: strategic merge, or a merge patch where strategic merge is not supported. */
  async removeOwnerRefs(id: ObjectIdentity, ownerUids: string[]): Promise<void> {
    const path = this.path(id);
    try {
      await this.client.patch(path, deleteOwnerRefsPatch(id.uid, ownerUids), 'strategic');
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 415)) {
        throw err;
      }
      const live = await this.client.get<KubeObject>(path);
      if (live.metadata.uid !== id.uid) {
        throw new ApiError(404, 'NotFound', { message: `${id.kind} ${id.name} was replaced` });
      }
      await this.client.patch(path, deleteOwnerRefsMergePatch(live, ownerUids), 'merge');
    }
  }

  /** Applies a strategic merge patch to an object. */
  async patch(id: ObjectIdentity, patch: Record<string, unknown>): Promise<void> {
    await this.client.patch(this.path(id), patch, 'strategic');
  }

  /**
   * Removes a finalizer with a resourceVersion-pinned merge patch, re-reading on conflict.
   * Semantics: operations.go removeFinalizer.
   */
  async removeFinalizer(id: ObjectIdentity, finalizer: string): Promise<void> {
    const path = this.path(id);
    for (let attempt = 0; ; attempt++) {
      let obj: KubeObject;
      try {
        obj = await this.client.get<KubeObject>(path);
      } catch (err) {
        if (isNotFound(err)) {
          return;
        }
        throw err;
      }
      const patch = removeFinalizerPatch(obj, finalizer);
      if (!patch) {
        return;
      }
      try {
        await this.client.patch(path, patch, 'merge');
        return;
      } catch (err) {
        if (isNotFound(err)) {
          return;
        }
        if (!isConflict(err) || attempt + 1 >= FINALIZER_RETRIES) {
          throw err;
        }
      }
    }
  }

  /**
   * Whether an owner reference of `item` points at nothing: known absent, 404, or another object
   * (different uid) under that name. Also returns the owner when it exists.
   * Semantics: garbagecollector.go isDangling.
   */
  async isDangling(ref: OwnerReference, item: ObjectIdentity): Promise<{ dangling: boolean; owner?: KubeObject }> {
    const key = identityOfRef(ref, '');
    if (this.absent.has(key)) {
      return { dangling: true };
    }
    key.namespace = item.namespace;
    if (this.absent.has(key)) {
      return { dangling: true };
    }
    const r = this.resource(ref.apiVersion, ref.kind);
    if (!r.namespaced) {
      key.namespace = '';
    }
    if (item.namespace === '' && r.namespaced) {
      throw new NamespacedOwnerOfClusterScopedObjectError();
    }
    let owner: KubeObject;
    try {
      owner = await this.client.get<KubeObject>(resourcePath(ref.apiVersion, r.resource, r.namespaced ? item.namespace : undefined, ref.name));
    } catch (err) {
      if (isNotFound(err)) {
        this.absent.add(key);
        return { dangling: true };
      }
      throw err;
    }
    if (owner.metadata.uid !== ref.uid) {
      this.absent.add(key);
      return { dangling: true };
    }
    return { dangling: false, owner };
  }

  /**
   * Sorts references into solid, dangling and waiting-for-dependents-deletion.
   * Semantics: garbagecollector.go classifyReferences.
   */
  async classify(item: ObjectIdentity, refs: OwnerReference[]): Promise<ClassifiedReferences> {
    const out: ClassifiedReferences = { solid: [], dangling: [], waitingForDependentsDeletion: [] };
    for (const ref of refs) {
      const { dangling, owner } = await this.isDangling(ref, item);
      if (dangling) {
        out.dangling.push(ref);
      } else if (owner?.metadata.deletionTimestamp && hasFinalizer(owner, FOREGROUND_FINALIZER)) {
        out.waitingForDependentsDeletion.push(ref);
      } else {
        out.solid.push(ref);
      }
    }
    return out;
  }
}
