import type { KubeObject } from 'src/registry/generic/object';
import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import type { Expectations } from 'src/controllers/runtime/expectations';
import { errorMessage, isAlreadyExists, isNotFound, resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import { claimOwnerRefs, hasUnexpectedController, isClaimOwnerUpToDate } from 'src/controllers/statefulset/claims';
import { claimsForPod, identityMatches, storageMatches, updateIdentity, updateStorage } from 'src/controllers/statefulset/identity';

// Semantics: kubernetes pkg/controller/statefulset/stateful_pod_control.go: the writes behind each
// planned action, with upstream's event reasons and messages.

const capitalized = (verb: string) => verb[0].toUpperCase() + verb.slice(1);

/** Pod and claim writes of the StatefulSet controller, recording events on the set. */
export class StatefulPodControl {
  constructor(
    private readonly client: KubeClient,
    private readonly recorder: EventRecorder,
    private readonly claim: (namespace: string, name: string) => KubeObject | undefined,
    private readonly expectations: Expectations,
  ) {}

  /** Creates the pod's claims, then the pod (claims get their retention owners at creation). */
  async createPod(set: KubeObject, key: string, pod: KubeObject): Promise<void> {
    try {
      await this.createClaims(set, pod);
    } catch (e) {
      this.podEvent('create', set, pod, e);
      throw e;
    }
    this.expectations.expectCreations(key, 1);
    try {
      await this.client.create(resourcePath('v1', 'pods', set.metadata.namespace), pod);
    } catch (e) {
      this.expectations.creationObserved(key);
      if (!isAlreadyExists(e)) {
        this.podEvent('create', set, pod, e);
      }
      throw e;
    }
    this.podEvent('create', set, pod);
  }

  /** Deletes the pod; a pod already gone is no error. */
  async deletePod(set: KubeObject, key: string, pod: KubeObject): Promise<void> {
    this.expectations.expectDeletions(key, [pod.metadata.uid!]);
    try {
      await this.client.delete(resourcePath('v1', 'pods', pod.metadata.namespace, pod.metadata.name), {
        preconditions: { uid: pod.metadata.uid },
      });
    } catch (e) {
      this.expectations.deletionObserved(key, pod.metadata.uid!);
      if (isNotFound(e)) {
        return;
      }
      this.podEvent('delete', set, pod, e);
      throw e;
    }
    this.podEvent('delete', set, pod);
  }

  /** Creates a pending pod's missing claims and brings claim owners in line with the policy. */
  async ensureClaims(set: KubeObject, pod: KubeObject): Promise<void> {
    try {
      await this.createClaims(set, pod);
      await this.updateClaimOwners(set, pod);
    } catch (e) {
      this.podEvent('update', set, pod, e);
      throw e;
    }
  }

  /** Restores the pod's identity and claim volumes, fixing claims first (UpdateStatefulPod). */
  async updatePod(set: KubeObject, pod: KubeObject): Promise<void> {
    const updated = structuredClone(pod);
    let consistent = true;
    try {
      if (!identityMatches(set, updated)) {
        updateIdentity(set, updated);
        consistent = false;
      }
      if (!storageMatches(set, updated)) {
        updateStorage(set, updated);
        consistent = false;
        await this.createClaims(set, updated);
      }
      await this.updateClaimOwners(set, updated);
    } catch (e) {
      this.podEvent('update', set, pod, e);
      throw e;
    }
    if (consistent) {
      return;
    }
    try {
      await this.client.replace(resourcePath('v1', 'pods', pod.metadata.namespace, pod.metadata.name), updated);
    } catch (e) {
      this.podEvent('update', set, pod, e);
      throw e;
    }
    this.podEvent('update', set, pod);
  }

  /** Sets the owner references of the pod's existing claims per the retention policy (UpdatePodClaimForRetentionPolicy). */
  async updateClaimOwners(set: KubeObject, pod: KubeObject): Promise<void> {
    for (const wanted of claimsForPod(set, pod).values()) {
      const claim = this.claim(set.metadata.namespace!, wanted.metadata.name!);
      if (!claim) {
        continue;
      }
      if (hasUnexpectedController(claim, set, pod)) {
        this.recorder.event(
          set,
          'Warning',
          'ConflictingController',
          `PersistentVolumeClaim ${claim.metadata.name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim`,
        );
      }
      if (isClaimOwnerUpToDate(claim, set, pod)) {
        continue;
      }
      const patch = { metadata: { ownerReferences: claimOwnerRefs(claim, set, pod), resourceVersion: claim.metadata.resourceVersion } };
      try {
        await this.client.patch(resourcePath('v1', 'persistentvolumeclaims', claim.metadata.namespace, claim.metadata.name), patch, 'merge');
      } catch (e) {
        throw new Error(`could not update claim ${claim.metadata.name} for delete policy ownerRefs: ${errorMessage(e)}`);
      }
    }
  }

  /** Creates the claims of the pod that do not exist yet (createPersistentVolumeClaims). */
  private async createClaims(set: KubeObject, pod: KubeObject): Promise<void> {
    const errors: string[] = [];
    for (const claim of claimsForPod(set, pod).values()) {
      const existing = this.claim(set.metadata.namespace!, claim.metadata.name!);
      if (existing) {
        if (existing.metadata.deletionTimestamp) {
          errors.push(`pvc ${claim.metadata.name} is being deleted`);
        }
        continue;
      }
      claim.metadata.ownerReferences = claimOwnerRefs(claim, set, pod);
      if (claim.metadata.ownerReferences.length === 0) {
        delete claim.metadata.ownerReferences;
      }
      try {
        await this.client.create(resourcePath('v1', 'persistentvolumeclaims', claim.metadata.namespace), claim);
        this.claimEvent(set, pod, claim);
      } catch (e) {
        if (!isAlreadyExists(e)) {
          errors.push(`failed to create PVC ${claim.metadata.name}: ${errorMessage(e)}`);
          this.claimEvent(set, pod, claim, e);
        }
      }
    }
    if (errors.length > 0) {
      throw new Error(errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);
    }
  }

  private podEvent(verb: string, set: KubeObject, pod: KubeObject, err?: unknown): void {
    if (err === undefined) {
      this.recorder.event(set, 'Normal', `Successful${capitalized(verb)}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    } else {
      this.recorder.event(
        set,
        'Warning',
        `Failed${capitalized(verb)}`,
        `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${errorMessage(err)}`,
      );
    }
  }

  private claimEvent(set: KubeObject, pod: KubeObject, claim: KubeObject, err?: unknown): void {
    if (err === undefined) {
      this.recorder.event(
        set,
        'Normal',
        'SuccessfulCreate',
        `create Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`,
      );
    } else {
      this.recorder.event(
        set,
        'Warning',
        'FailedCreate',
        `create Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${errorMessage(err)}`,
      );
    }
  }
}
