import { adoptPatch, planClaims, releasePatch } from 'src/controllers/common/controller-ref';
import { ApiError, isNotFound, type KubeClient } from 'src/controllers/runtime/kube-client';
import type { MetaLabelSelector } from 'src/registry/generic/label-selector';
import type { KubeObject } from 'src/registry/generic/object';

/** What claimObjects needs to know about the controller and its dependents. */
export interface ClaimRequest {
  /** The controller (ReplicaSet, Deployment) as cached. */
  owner: KubeObject;
  selector: MetaLabelSelector | undefined;
  /** Dependents it owns plus the namespace's orphans. */
  candidates: KubeObject[];
  /** The REST path of a dependent (patches go there). */
  pathOf: (dependent: KubeObject) => string;
  /** An uncached GET of the controller, to re-check it is not being deleted before adopting. */
  fetchOwner: () => Promise<KubeObject>;
}

/**
 * Claims dependents as the ref manager does: keeps the owned ones that still match, adopts
 * matching orphans (after an uncached re-check of the owner) and releases owned ones that no
 * longer match. Returns the dependents now owned; an adoption or release that fails makes the
 * whole claim throw, so the controller retries.
 * Semantics: kubernetes pkg/controller/controller_ref_manager.go ClaimObject, RecheckDeletionTimestamp.
 */
export async function claimObjects(client: KubeClient, req: ClaimRequest): Promise<KubeObject[]> {
  const plan = planClaims(req.owner, req.selector, req.candidates);
  const owned = [...plan.owned];
  const errors: unknown[] = [];
  if (plan.adopt.length > 0) {
    const fresh = await req.fetchOwner();
    if (fresh.metadata.uid !== req.owner.metadata.uid) {
      throw new Error(`original ${req.owner.kind} ${req.owner.metadata.namespace}/${req.owner.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${req.owner.metadata.uid}`);
    }
    if (fresh.metadata.deletionTimestamp) {
      throw new Error(`${req.owner.metadata.namespace}/${req.owner.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
    }
    await Promise.all(
      plan.adopt.map(async (dep) => {
        try {
          owned.push(await client.patch<KubeObject>(req.pathOf(dep), adoptPatch(req.owner, dep)));
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
        await client.patch(req.pathOf(dep), releasePatch(req.owner, dep));
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
