import type { KubeObject } from 'src/registry/generic/object';
import {
  createControllerRevision,
  equalRevision,
  newControllerRevision,
  nextRevision,
  templatePatch,
  updateRevisionNumber,
} from 'src/controllers/common/controller-history';
import { isNotFound, resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import { podRevision } from 'src/controllers/statefulset/identity';

// Semantics: kubernetes pkg/controller/statefulset/stateful_set_control.go getStatefulSetRevisions,
// truncateHistory, and stateful_set_utils.go newRevision.

/** The revisions a sync works with. */
export interface SetRevisions {
  current: KubeObject;
  update: KubeObject;
  collisionCount: number;
}

/** The revision the set's template would be stored as (not yet created): labels, set annotations, data. */
export function newStatefulSetRevision(set: KubeObject, revision: number, collisionCount: number): KubeObject {
  const cr = newControllerRevision(set, set.spec?.template?.metadata?.labels, templatePatch(set), revision, collisionCount);
  if (set.metadata.annotations) {
    cr.metadata.annotations = { ...set.metadata.annotations };
  }
  return cr;
}

/**
 * Finds or makes the update revision: the newest revision when it already holds the template, an
 * older equal one renumbered (a rollback), or a new one. The current revision is the one named in
 * status.currentRevision, or the update revision for a new set. `sorted` is by revision number.
 */
export async function resolveRevisions(client: KubeClient, set: KubeObject, sorted: KubeObject[]): Promise<SetRevisions> {
  let collisionCount = Number(set.status?.collisionCount ?? 0);
  const candidate = newStatefulSetRevision(set, nextRevision(sorted), collisionCount);
  const equal = sorted.filter((r) => equalRevision(r, candidate));
  let update: KubeObject;
  if (equal.length > 0 && equalRevision(sorted[sorted.length - 1], equal[equal.length - 1])) {
    update = sorted[sorted.length - 1];
  } else if (equal.length > 0) {
    update = await updateRevisionNumber(client, equal[equal.length - 1], Number(candidate.revision));
  } else {
    ({ revision: update, collisionCount } = await createControllerRevision(client, set, candidate, collisionCount));
  }
  const current = sorted.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount };
}

/**
 * The revisions to delete so that at most revisionHistoryLimit non-live ones remain, oldest first;
 * live = current, update, and any revision a pod still runs. `sorted` is by revision number.
 */
export function revisionsToTruncate(set: KubeObject, pods: KubeObject[], sorted: KubeObject[], live: SetRevisions): KubeObject[] {
  const keep = new Set<string>([live.current.metadata.name!, live.update.metadata.name!, ...pods.map(podRevision)]);
  const history = sorted.filter((r) => !keep.has(r.metadata.name!));
  const limit = Number(set.spec?.revisionHistoryLimit ?? 10);
  if (limit < 0 || history.length <= limit) {
    return [];
  }
  return history.slice(0, history.length - limit);
}

/** Deletes revisions one after another (a revision already gone is fine). */
export async function deleteRevisions(client: KubeClient, revisions: KubeObject[]): Promise<void> {
  for (const r of revisions) {
    await client.delete(resourcePath('apps/v1', 'controllerrevisions', r.metadata.namespace, r.metadata.name)).catch((e: unknown) => {
      if (!isNotFound(e)) {
        throw e;
      }
    });
  }
}
