import type { KubeObject } from 'src/registry/generic/object';
import { controllerOwnerRef } from 'src/controllers/common/pods';

/**
 * A pod built from a workload's pod template: the template's labels, annotations, finalizers and
 * spec, `generateName: <owner>-`, and the owner as its controller.
 * Semantics: kubernetes pkg/controller/controller_utils.go GetPodFromTemplate.
 */
export function podFromTemplate(template: Record<string, any> | undefined, owner: KubeObject): KubeObject {
  const meta = template?.metadata ?? {};
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      ownerReferences: [controllerOwnerRef(owner)],
    },
    spec: structuredClone(template?.spec ?? {}),
  };
  if (meta.annotations) {
    pod.metadata.annotations = { ...meta.annotations };
  }
  if (meta.finalizers?.length) {
    pod.metadata.finalizers = [...meta.finalizers];
  }
  return pod;
}
