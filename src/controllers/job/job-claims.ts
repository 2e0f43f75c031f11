import { adoptPatch, planClaims, releasePatch } from 'src/controllers/common/controller-ref';
import { ORPHANS_BY_NAMESPACE } from 'src/controllers/common/orphans';
import type { Informer } from 'src/controllers/runtime/informer';
import { ApiError, isNotFound, resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import { asJob } from 'src/controllers/job/job-pod-template';
import { TRACKING_FINALIZER } from 'src/controllers/job/job-pods';
import type { KubeObject } from 'src/registry/generic/object';

/** Name of the pod index by controller uid (shared with other controllers). */
export const BY_CONTROLLER_UID = 'byControllerUid';

/**
 * getPodsForJob: the Job's pods after claiming. Orphans its selector matches are adopted with
 * the tracking finalizer (after an uncached GET proves the Job is still there and not being
 * deleted); pods it controls that no longer match are released.
 * Semantics: job_controller.go getPodsForJob, controller_ref_manager.go ClaimPods / RecheckDeletionTimestamp.
 */
export async function claimPods(client: KubeClient, pods: Informer<KubeObject>, job: KubeObject): Promise<KubeObject[]> {
  const ns = job.metadata.namespace ?? '';
  const candidates = [...pods.byIndex(BY_CONTROLLER_UID, job.metadata.uid!), ...pods.byIndex(ORPHANS_BY_NAMESPACE, ns)];
  const plan = planClaims(asJob(job), job.spec?.selector, candidates);
  const claimed = [...plan.owned];
  const errors: unknown[] = [];
  if (plan.adopt.length > 0 && (await canAdopt(client, job))) {
    await Promise.all(
      plan.adopt.map(async (pod) => {
        const patch = adoptPatch(asJob(job), pod) as { metadata: Record<string, unknown> };
        patch.metadata.finalizers = [TRACKING_FINALIZER];
        try {
          await client.patch(resourcePath('v1', 'pods', ns, pod.metadata.name), patch);
          const finalizers = pod.metadata.finalizers ?? [];
          claimed.push({
            ...pod,
            metadata: { ...pod.metadata, finalizers: finalizers.includes(TRACKING_FINALIZER) ? finalizers : [...finalizers, TRACKING_FINALIZER] },
          });
        } catch (err) {
          if (!isNotFound(err)) {
            errors.push(err);
          }
        }
      }),
    );
  }
  await Promise.all(
    plan.release.map(async (pod) => {
      try {
        await client.patch(resourcePath('v1', 'pods', ns, pod.metadata.name), releasePatch(asJob(job), pod));
      } catch (err) {
        if (!isNotFound(err) && !(err instanceof ApiError && err.code === 422)) {
          errors.push(err);
        }
      }
    }),
  );
  if (errors.length > 0) {
    throw errors[0];
  }
  return claimed;
}

/** RecheckDeletionTimestamp: the Job as the apiserver has it now is the same one and not being deleted. */
async function canAdopt(client: KubeClient, job: KubeObject): Promise<boolean> {
  const fresh = await client.get<KubeObject>(resourcePath('batch/v1', 'jobs', job.metadata.namespace, job.metadata.name));
  if (fresh.metadata.uid !== job.metadata.uid) {
    throw new Error(`original Job ${job.metadata.namespace}/${job.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${job.metadata.uid}`);
  }
  return !fresh.metadata.deletionTimestamp;
}
