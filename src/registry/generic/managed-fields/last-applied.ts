import { compare } from 'src/registry/generic/managed-fields/compare';
import type { FieldSet } from 'src/registry/generic/managed-fields/field-set';
import { goJson } from 'src/registry/generic/managed-fields/go-json';
import { toFieldSet, typedErrors } from 'src/registry/generic/managed-fields/to-field-set';
import { isMap } from 'src/registry/generic/managed-fields/typed';
import type { Typing } from 'src/registry/generic/managed-fields/updater';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: k8s.io/apimachinery pkg/util/managedfields/internal lastappliedmanager.go and
// lastappliedupdater.go: kubectl's upgrade path from client-side to server-side apply.

/** The annotation client-side `kubectl apply` keeps its last configuration in. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** Only this manager (kubectl apply --server-side) takes part in the upgrade path. */
export const KUBECTL_MANAGER = 'kubectl';

function lastApplied(obj: KubeObject | undefined): string | undefined {
  const v = obj?.metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * The fields `kubectl apply --server-side` may take without conflict because client-side
 * apply set them: those of the last-applied configuration whose values the live object still
 * has. Undefined when there is no usable annotation (then the conflicts stand).
 */
export function fieldsAllowedByLastApplied(live: KubeObject | undefined, apiVersion: string, t: Typing): FieldSet | undefined {
  const text = lastApplied(live);
  if (!text) {
    return undefined;
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isMap(config) || config.apiVersion !== apiVersion || typedErrors(config, t.shape, t.resolve, false).length > 0) {
    return undefined;
  }
  const cmp = compare(config, live, t.shape, t.resolve);
  return toFieldSet(config, t.shape, t.resolve).difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
}

/**
 * After a successful `kubectl` server-side apply, keeps an existing last-applied annotation in
 * step with the applied configuration, so that a later client-side apply sees the new intent.
 */
export function syncLastApplied(object: KubeObject, applied: KubeObject): void {
  if (!lastApplied(object)) {
    return;
  }
  const copy: Record<string, unknown> = { ...applied };
  if (isMap(applied.metadata)) {
    const metadata: Record<string, unknown> = { ...applied.metadata };
    if (isMap(metadata.annotations)) {
      const { [LAST_APPLIED_ANNOTATION]: _drop, ...rest } = metadata.annotations;
      metadata.annotations = rest;
    }
    copy.metadata = metadata;
  }
  object.metadata.annotations = { ...object.metadata.annotations, [LAST_APPLIED_ANNOTATION]: `${goJson(copy)}\n` };
}
