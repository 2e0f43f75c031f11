import type { KubeObject } from 'src/registry/generic/object';
import { isCreated, isRunningAndAvailable, isRunningAndReady, isTerminating, podRevision } from 'src/controllers/statefulset/identity';

// Semantics: kubernetes pkg/controller/statefulset/stateful_set_control.go (computeReplicaStatus,
// updateStatus) and stateful_set_utils.go (completeRollingUpdate, inconsistentStatus).

/** The status fields the StatefulSet controller writes. */
export interface StatefulSetStatus {
  observedGeneration: number;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
}

/** Counts created, ready, available, current and updated pods (planned pods count for nothing). */
export function countReplicas(
  pods: KubeObject[],
  minReadySeconds: number,
  currentRevision: string,
  updateRevision: string,
  now: Date,
): Pick<StatefulSetStatus, 'replicas' | 'readyReplicas' | 'availableReplicas' | 'currentReplicas' | 'updatedReplicas'> {
  const s = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
  for (const pod of pods) {
    if (isCreated(pod)) {
      s.replicas++;
    }
    if (isRunningAndReady(pod)) {
      s.readyReplicas++;
      if (isRunningAndAvailable(pod, minReadySeconds, now)) {
        s.availableReplicas++;
      }
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      const rev = podRevision(pod);
      if (rev === currentRevision) {
        s.currentReplicas++;
      }
      if (rev === updateRevision) {
        s.updatedReplicas++;
      }
    }
  }
  return s;
}

/** Once every wanted pod is updated and ready, the update revision becomes the current one (completeRollingUpdate). */
export function completeRollingUpdate(set: KubeObject, status: StatefulSetStatus): StatefulSetStatus {
  const replicas = Number(set.spec?.replicas ?? 1);
  if (
    (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' &&
    status.updatedReplicas === replicas &&
    status.readyReplicas === replicas &&
    status.replicas === replicas
  ) {
    return { ...status, currentReplicas: status.updatedReplicas, currentRevision: status.updateRevision };
  }
  return status;
}

/** Whether the computed status differs from the stored one (inconsistentStatus). */
export function statusChanged(set: KubeObject, status: StatefulSetStatus): boolean {
  const old = set.status ?? {};
  return (
    status.observedGeneration > Number(old.observedGeneration ?? 0) ||
    old.observedGeneration === undefined ||
    status.replicas !== Number(old.replicas ?? 0) ||
    status.currentReplicas !== Number(old.currentReplicas ?? 0) ||
    status.readyReplicas !== Number(old.readyReplicas ?? 0) ||
    status.updatedReplicas !== Number(old.updatedReplicas ?? 0) ||
    status.availableReplicas !== Number(old.availableReplicas ?? 0) ||
    status.currentRevision !== (old.currentRevision ?? '') ||
    status.updateRevision !== (old.updateRevision ?? '') ||
    status.collisionCount !== Number(old.collisionCount ?? 0)
  );
}
