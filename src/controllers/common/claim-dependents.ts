import type { KubeObject } from 'src/registry/generic/object';
import { fromLabelSelector, type MetaLabelSelector } from 'src/registry/generic/label-selector';
import { ORPHANS_BY_NAMESPACE } from 'src/controllers/common/orphans';
import { controllerOwnerRef, controllerRef } from 'src/controllers/common/pods';
import type { Informer } from 'src/controllers/runtime/informer';
import { ApiError, isNotFound, type KubeClient } from 'src/controllers/runtime/kube-client';

// The one implementation of adoption and release every workload controller claims its pods,
// ReplicaSets or ControllerRevisions with.
// Semantics: kubernetes pkg/controller/controller_ref_manager.go (BaseControllerRefManager.ClaimObject,
// ClaimPods, ownerRefControllerPatch, GenerateDeleteOwnerRefStrategicMergeBytes, RecheckDeletionTimestamp).

/** Name of the informer index of dependents by their controller's uid (see byControllerUid). */
export const BY_CONTROLLER_UID = 'byControllerUid';

/** A claim of dependents by a controller. */
export interface DependentClaim {
  /** The controller as cached (apiVersion and kind set: they go into the owner reference). */
  owner: KubeObject;
  selector: MetaLabelSelector | undefined;
  /** Dependents it owns plus orphans of its namespace (see claimCandidates). */
  candidates: KubeObject[];
  /** An extra condition, after the selector, a dependent must meet to be kept or adopted (a StatefulSet's pod names). */
  filter?: (dependent: KubeObject) => boolean;
  /** Finalizers added in the adoption patch (the Job's tracking finalizer). */
  finalizers?: string[];
  /** The REST path of a dependent. */
  pathOf: (dependent: KubeObject) => string;
  /** An uncached GET of the controller, re-checked before any adoption. */
  fetchOwner: () => Promise<KubeObject>;
}

/** What a controller does with each candidate dependent. */
export interface ClaimPlan {
  /** Dependents it already controls and still matches. */
  owned: KubeObject[];
  /** Orphans it matches: adopt with adoptPatch. */
  adopt: KubeObject[];
  /** Dependents it controls but no longer matches: release with releasePatch. */
  release: KubeObject[];
}

/** The dependents a controller may claim: those it controls plus the orphans of its namespace (both indexes disjoint). */
export function claimCandidates(informer: Informer<KubeObject>, owner: KubeObject): KubeObject[] {
  return [...informer.byIndex(BY_CONTROLLER_UID, owner.metadata.uid!), ...informer.byIndex(ORPHANS_BY_NAMESPACE, owner.metadata.namespace ?? '')];
}

/**
 * Sorts candidates into owned, to adopt and to release: objects controlled by someone else are
 * ignored, owned ones are kept while they match; a controller being deleted neither adopts nor
 * releases, and dependents being deleted or in another namespace are neither adopted nor released.
 */
export function planClaims(controller: KubeObject, matches: (dependent: KubeObject) => boolean, candidates: KubeObject[]): ClaimPlan {
  const plan: ClaimPlan = { owned: [], adopt: [], release: [] };
  const deleting = Boolean(controller.metadata.deletionTimestamp);
  const ns = controller.metadata.namespace;
  for (const obj of candidates) {
    const ref = controllerRef(obj);
    if (ref) {
      if (ref.uid !== controller.metadata.uid) {
        continue;
      }
      if (matches(obj)) {
        plan.owned.push(obj);
      } else if (!deleting && !obj.metadata.deletionTimestamp) {
        plan.release.push(obj);
      }
      continue;
    }
    if (!deleting && !obj.metadata.deletionTimestamp && (!ns || obj.metadata.namespace === ns) && matches(obj)) {
      plan.adopt.push(obj);
    }
  }
  return plan;
}

/** The strategic merge patch that adopts an orphan: the controller ref (plus finalizers), with the dependent's uid as precondition. */
export function adoptPatch(controller: KubeObject, dependent: KubeObject, finalizers: string[] = []): Record<string, unknown> {
  const metadata: Record<string, unknown> = { ownerReferences: [controllerOwnerRef(controller)], uid: dependent.metadata.uid };
  if (finalizers.length > 0) {
    metadata.finalizers = finalizers;
  }
  return { metadata };
}

/** The strategic merge patch that releases a dependent: deletes the controller's owner reference by uid. */
export function releasePatch(controller: KubeObject, dependent: KubeObject): Record<string, unknown> {
  return { metadata: { ownerReferences: [{ $patch: 'delete', uid: controller.metadata.uid }], uid: dependent.metadata.uid } };
}

/**
 * Claims dependents as the ref manager does: keeps owned ones that match, adopts matching orphans
 * after an uncached re-check that the owner is the same one and not being deleted, and releases
 * owned ones that no longer match (ignoring dependents that are gone or were recreated). Returns
 * what it now owns (adopted ones as the patch returned them); a failed adoption or release makes
 * the claim throw, so the controller retries.
 */
export async function claimDependents(client: KubeClient, claim: DependentClaim): Promise<KubeObject[]> {
  const selected = fromLabelSelector(claim.selector);
  const filter = claim.filter ?? (() => true);
  const plan = planClaims(claim.owner, (d) => !selected.nothing && selected(d.metadata.labels) && filter(d), claim.candidates);
  const owned = [...plan.owned];
  const errors: unknown[] = [];
  if (plan.adopt.length > 0) {
    await recheckDeletion(claim);
    await Promise.all(
      plan.adopt.map(async (dep) => {
        try {
          owned.push(await client.patch<KubeObject>(claim.pathOf(dep), adoptPatch(claim.owner, dep, claim.finalizers)));
        } catch (e) {
          if (!isNotFound(e)) {
            errors.push(e);
          }
        }
      }),
    );
  }
  await Promise.all(
    plan.release.map(async (dep) => {
      try {
        await client.patch(claim.pathOf(dep), releasePatch(claim.owner, dep));
      } catch (e) {
        // The dependent is gone, or was recreated with another uid (the uid precondition fails as Invalid).
        if (!isNotFound(e) && !(e instanceof ApiError && e.code === 422)) {
          errors.push(e);
        }
      }
    }),
  );
  if (errors.length > 0) {
    throw errors[0];
  }
  return owned;
}

/** Throws unless the controller, read past the cache, is the same object and not being deleted. */
async function recheckDeletion(claim: DependentClaim): Promise<void> {
  const { owner } = claim;
  const fresh = await claim.fetchOwner();
  if (fresh.metadata.uid !== owner.metadata.uid) {
    throw new Error(
      `original ${owner.kind} ${owner.metadata.namespace}/${owner.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${owner.metadata.uid}`,
    );
  }
  if (fresh.metadata.deletionTimestamp) {
    throw new Error(`${owner.metadata.namespace}/${owner.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
  }
}
