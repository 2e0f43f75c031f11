import type { KubeObject } from 'src/registry/generic/object';
import type { SyncState } from 'src/controllers/deployment/deployment-api';
import { getAllReplicaSetsAndSyncRevision } from 'src/controllers/deployment/new-replicaset';
import { lastRevision, revisionOf, ROLLBACK_TO, skipCopyAnnotation } from 'src/controllers/deployment/revision';
import { equalIgnoreHash, withoutHash } from 'src/controllers/deployment/template-hash';

// Semantics: kubernetes pkg/controller/deployment/rollback.go (the extensions/v1beta1 rollback
// request kept as an annotation; `kubectl rollout undo` patches the template itself instead).

/** The revision a legacy rollback request asks for, if the annotation is there and valid. */
export function rollbackTo(d: KubeObject): number | undefined {
  const raw = d.metadata.annotations?.[ROLLBACK_TO];
  return raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/**
 * Serves a `deprecated.deployment.rollback.to` request: copies the template (and annotations)
 * of the ReplicaSet with that revision (0: the previous one) into the Deployment and clears the
 * request, with DeploymentRollback / DeploymentRollbackRevisionNotFound /
 * DeploymentRollbackTemplateUnchanged events.
 */
export async function rollback(s: SyncState, sets: KubeObject[]): Promise<void> {
  const { newRS, oldSets } = await getAllReplicaSetsAndSyncRevision(s, sets, true);
  const all = newRS ? [...oldSets, newRS] : oldSets;
  let revision = rollbackTo(s.d) ?? 0;
  if (revision === 0) {
    revision = lastRevision(all);
    if (revision === 0) {
      s.api.event(s.d, 'Warning', 'DeploymentRollbackRevisionNotFound', 'Unable to find last revision.');
      return clearRollback(s);
    }
  }
  const target = all.find((rs) => revisionOf(rs) === revision);
  if (!target) {
    s.api.event(s.d, 'Warning', 'DeploymentRollbackRevisionNotFound', 'Unable to find the revision to rollback to.');
    return clearRollback(s);
  }
  if (equalIgnoreHash(s.d.spec?.template, target.spec?.template)) {
    s.api.event(s.d, 'Warning', 'DeploymentRollbackTemplateUnchanged', `The rollback revision contains the same template as current deployment "${s.d.metadata.name}"`);
    return clearRollback(s);
  }
  const kept = Object.fromEntries(Object.entries(s.d.metadata.annotations ?? {}).filter(([k]) => skipCopyAnnotation(k)));
  const copied = Object.fromEntries(Object.entries(target.metadata.annotations ?? {}).filter(([k]) => !skipCopyAnnotation(k)));
  s.d.spec = { ...s.d.spec, template: structuredClone(withoutHash(target.spec?.template)) };
  s.d.metadata.annotations = { ...kept, ...copied };
  await clearRollback(s);
  s.api.event(s.d, 'Normal', 'DeploymentRollback', `Rolled back deployment "${s.d.metadata.name}" to revision ${revision}`);
}

async function clearRollback(s: SyncState): Promise<void> {
  const ann = { ...(s.d.metadata.annotations ?? {}) };
  delete ann[ROLLBACK_TO];
  s.d = await s.api.update({ ...s.d, metadata: { ...s.d.metadata, annotations: ann } });
}
