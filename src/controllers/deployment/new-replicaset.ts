import { controllerRef } from 'src/controllers/common/pods';
import { ApiError, errorMessage, isAlreadyExists } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';
import type { SyncState } from 'src/controllers/deployment/deployment-api';
import { FAILED_RS_CREATE_REASON, FOUND_NEW_RS_REASON, getCondition, hasProgressDeadline, newCondition, NEW_RS_REASON, PROGRESSING, setCondition } from 'src/controllers/deployment/conditions';
import { byCreation, newRSNewReplicas, specReplicas } from 'src/controllers/deployment/replicas';
import { maxRevision, REVISION, setDeploymentRevision, setNewReplicaSetAnnotations } from 'src/controllers/deployment/revision';
import { computeHash, equalIgnoreHash, POD_TEMPLATE_HASH, selectorWithHash } from 'src/controllers/deployment/template-hash';

/** The new ReplicaSet (if any) and all the others. */
export interface ReplicaSets {
  newRS?: KubeObject;
  oldSets: KubeObject[];
}

/**
 * The oldest ReplicaSet whose pod template equals the Deployment's (ignoring the hash label).
 * Semantics: kubernetes pkg/controller/deployment/util/deployment_util.go FindNewReplicaSet.
 */
export function findNewReplicaSet(d: KubeObject, sets: KubeObject[]): KubeObject | undefined {
  return [...sets].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** The owner reference a Deployment puts on its ReplicaSets. */
function deploymentRef(d: KubeObject) {
  return { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name!, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/**
 * Splits the Deployment's ReplicaSets into the new one and the old ones, bringing the new one's
 * revision and annotations (and the Deployment's revision) up to date, and creating it when
 * `create` is set and it does not exist yet. `sets` is updated in place with what was written.
 * Semantics: kubernetes pkg/controller/deployment/sync.go getAllReplicaSetsAndSyncRevision.
 */
export async function getAllReplicaSetsAndSyncRevision(s: SyncState, sets: KubeObject[], create: boolean): Promise<ReplicaSets> {
  const existing = findNewReplicaSet(s.d, sets);
  const oldSets = sets.filter((rs) => rs.metadata.uid !== existing?.metadata.uid);
  const newRS = await getNewReplicaSet(s, existing, oldSets, create);
  if (newRS && newRS !== existing) {
    // Later steps of this sync (and a second call) must see what was just written.
    const i = sets.findIndex((rs) => rs.metadata.uid === newRS.metadata.uid);
    if (i >= 0) {
      sets[i] = newRS;
    } else {
      sets.push(newRS);
    }
  }
  return { newRS, oldSets };
}

/** Semantics: kubernetes pkg/controller/deployment/sync.go getNewReplicaSet. */
async function getNewReplicaSet(s: SyncState, existing: KubeObject | undefined, oldSets: KubeObject[], create: boolean): Promise<KubeObject | undefined> {
  const d = s.d;
  const newRevision = maxRevision(oldSets) + 1;
  if (existing) {
    const copy: KubeObject = structuredClone(existing);
    const annotationsChanged = setNewReplicaSetAnnotations(d, copy, newRevision, true);
    if (annotationsChanged || (copy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0)) {
      copy.spec = { ...copy.spec, minReadySeconds: d.spec?.minReadySeconds };
      return s.api.updateReplicaSet(copy);
    }
    let needsUpdate = setDeploymentRevision(d, copy.metadata.annotations?.[REVISION] ?? '');
    if (hasProgressDeadline(d) && !getCondition(d.status, PROGRESSING)) {
      d.status ??= {};
      setCondition(d.status, newCondition(PROGRESSING, 'True', FOUND_NEW_RS_REASON, `Found new replica set "${copy.metadata.name}"`, s.now));
      needsUpdate = true;
    }
    if (needsUpdate) {
      s.d = await s.api.updateStatus(d);
    }
    return copy;
  }
  if (!create) {
    return undefined;
  }
  const template = structuredClone(d.spec?.template ?? {});
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...template.metadata, labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash } };
  const rs: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, ownerReferences: [deploymentRef(d)], labels: { ...template.metadata.labels } },
    spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds, selector: selectorWithHash(d.spec?.selector, hash), template },
  };
  rs.spec.replicas = newRSNewReplicas(d, [...oldSets, rs], rs);
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  let created: KubeObject;
  let alreadyExists = false;
  try {
    created = await s.api.createReplicaSet(rs);
  } catch (e) {
    if (isAlreadyExists(e)) {
      const found = s.api.cachedReplicaSet(d.metadata.namespace!, rs.metadata.name!);
      if (!found) {
        throw e;
      }
      if (controllerRef(found)?.uid !== d.metadata.uid || !equalIgnoreHash(d.spec?.template, found.spec?.template)) {
        // A hash collision: another template hashed to this name. Bump collisionCount and retry.
        d.status = { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
        s.d = await s.api.updateStatus(d);
        throw e;
      }
      created = found;
      alreadyExists = true;
    } else {
      if (isNamespaceTerminating(e)) {
        throw e;
      }
      const msg = `Failed to create new replica set "${rs.metadata.name}": ${errorMessage(e)}`;
      if (hasProgressDeadline(d)) {
        d.status ??= {};
        setCondition(d.status, newCondition(PROGRESSING, 'False', FAILED_RS_CREATE_REASON, msg, s.now));
        await s.api.updateStatus(d).catch(() => undefined);
      }
      s.api.event(d, 'Warning', FAILED_RS_CREATE_REASON, msg);
      throw e;
    }
  }
  if (!alreadyExists && specReplicas(created) > 0) {
    s.api.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${specReplicas(created)}`);
  }
  let needsUpdate = setDeploymentRevision(d, String(newRevision));
  if (!alreadyExists && hasProgressDeadline(d)) {
    d.status ??= {};
    setCondition(d.status, newCondition(PROGRESSING, 'True', NEW_RS_REASON, `Created new replica set "${created.metadata.name}"`, s.now));
    needsUpdate = true;
  }
  if (needsUpdate) {
    s.d = await s.api.updateStatus(d);
  }
  return created;
}

function isNamespaceTerminating(e: unknown): boolean {
  return e instanceof ApiError && ((e.status.details?.causes ?? []) as { reason?: string }[]).some((c) => c.reason === 'NamespaceTerminating');
}
