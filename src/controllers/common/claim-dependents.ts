import type { KubeObject } from 'src/registry/generic/object';
import type { MetaLabelSelector } from 'src/registry/generic/label-selector';
import { adoptPatch, planClaims, releasePatch } from 'src/controllers/common/controller-ref';
import { controllerRef } from 'src/controllers/common/pods';
import { ApiError, isNotFound, type KubeClient } from 'src/controllers/runtime/kube-client';

/** A claim of dependents by a controller. */
export interface DependentClaim {
  /** The controller as cached. */
  owner: KubeObject;
  selector: MetaLabelSelector | undefined;
  /** Dependents it owns plus orphans of its namespace. */
  candidates: KubeObject[];
  /** An extra condition a dependent must meet to be kept or adopted (a StatefulSet's pod names). */
  filter?: (dependent: KubeObject) => boolean;
  /** The REST path of a dependent. */
  pathOf: (dependent: KubeObject) => string;
  /** An uncached GET of the controller, re-checked before any adoption. */
  fetchOwner: () => Promise<KubeObject>;
}

/**
 * Claims dependents as the ref manager does: keeps owned ones that match, adopts matching orphans
 * after an uncached re-check that the owner is not being deleted, and releases owned ones that no
 * longer match (ignoring dependents that are gone or were recreated). Returns what it now owns.
 * Semantics: kubernetes pkg/controller/controller_ref_manager.go ClaimPods/ClaimControllerRevisions,
 * RecheckDeletionTimestamp.
 */
export async function claimDependents(client: KubeClient, claim: DependentClaim): Promise<KubeObject[]> {
  const filter = claim.filter ?? (() => true);
  const uid = claim.owner.metadata.uid;
  const plan = planClaims(claim.owner, claim.selector, claim.candidates.filter(filter));
  plan.release.push(...claim.candidates.filter((d) => !filter(d) && controllerRef(d)?.uid === uid && !d.metadata.deletionTimestamp));
  const owned = [...plan.owned];
  const errors: unknown[] = [];
  if (plan.adopt.length > 0) {
    const fresh = await claim.fetchOwner();
    if (fresh.metadata.uid !== uid) {
      throw new Error(
        `original ${claim.owner.kind} ${claim.owner.metadata.namespace}/${claim.owner.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${uid}`,
      );
    }
    if (fresh.metadata.deletionTimestamp) {
      throw new Error(`${claim.owner.metadata.namespace}/${claim.owner.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
    }
    await Promise.all(
      plan.adopt.map(async (dep) => {
        try {
          owned.push(await client.patch<KubeObject>(claim.pathOf(dep), adoptPatch(claim.owner, dep)));
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
