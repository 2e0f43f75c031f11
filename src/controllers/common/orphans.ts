import { controllerRef } from 'src/controllers/common/pods';
import type { KubeObject } from 'src/registry/generic/object';

/** Name of the informer index of objects without a controller, by namespace. */
export const ORPHANS_BY_NAMESPACE = 'orphansByNamespace';

/**
 * Informer indexer: objects that have no controllerRef, filed under their namespace, so a
 * controller finds adoption candidates without scanning every pod of the namespace.
 */
export function orphansByNamespace(obj: KubeObject): string[] {
  return controllerRef(obj) ? [] : [obj.metadata.namespace ?? ''];
}
