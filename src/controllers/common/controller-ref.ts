import { fromLabelSelector, type MetaLabelSelector } from 'src/registry/generic/label-selector';
import type { KubeObject } from 'src/registry/generic/object';
import { controllerOwnerRef, controllerRef } from 'src/controllers/common/pods';

/** What a controller does with each candidate dependent after claiming. */
export interface ClaimPlan {
  /** Dependents it already controls and still selects. */
  owned: KubeObject[];
  /** Orphans it selects: adopt with adoptPatch. */
  adopt: KubeObject[];
  /** Dependents it controls but no longer selects: release with releasePatch. */
  release: KubeObject[];
}

/**
 * Sorts candidates (same namespace) into owned, to adopt and to release, as the ref manager does:
 * objects controlled by someone else are ignored, a controller being deleted adopts nothing, and
 * dependents being deleted are neither adopted nor released.
 * Semantics: kubernetes pkg/controller/controller_ref_manager.go ClaimObject.
 */
export function planClaims(controller: KubeObject, selector: MetaLabelSelector | undefined, candidates: KubeObject[]): ClaimPlan {
  const matches = fromLabelSelector(selector);
  const plan: ClaimPlan = { owned: [], adopt: [], release: [] };
  for (const obj of candidates) {
    const ref = controllerRef(obj);
    const selected = !matches.nothing && matches(obj.metadata.labels);
    if (ref) {
      if (ref.uid !== controller.metadata.uid) {
        continue;
      }
      if (selected) {
        plan.owned.push(obj);
      } else if (!obj.metadata.deletionTimestamp) {
        plan.release.push(obj);
      }
      continue;
    }
    if (selected && !controller.metadata.deletionTimestamp && !obj.metadata.deletionTimestamp) {
      plan.adopt.push(obj);
    }
  }
  return plan;
}

/**
 * The strategic merge patch that adopts an orphan: adds the controller ref, with the dependent's
 * uid as a precondition. Semantics: controller_ref_manager.go ownerRefControllerPatch.
 */
export function adoptPatch(controller: KubeObject, dependent: KubeObject): Record<string, unknown> {
  return { metadata: { ownerReferences: [controllerOwnerRef(controller)], uid: dependent.metadata.uid } };
}

/**
 * The strategic merge patch that releases a dependent: deletes the controller's owner reference by
 * uid. Semantics: controller_ref_manager.go GenerateDeleteOwnerRefStrategicMergeBytes.
 */
export function releasePatch(controller: KubeObject, dependent: KubeObject): Record<string, unknown> {
  return { metadata: { ownerReferences: [{ $patch: 'delete', uid: controller.metadata.uid }], uid: dependent.metadata.uid } };
}
