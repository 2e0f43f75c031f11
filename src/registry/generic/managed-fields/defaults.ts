import type { FieldNamePath } from 'src/registry/generic/managed-fields/types';

/** Longest field manager name, in UTF-8 bytes (validation.FieldManagerMaxLength). */
const FIELD_MANAGER_MAX_LENGTH = 128;

/** Characters Go's unicode.IsPrint accepts: letters, marks, numbers, punctuation, symbols, ASCII space. */
const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u;

/**
 * The manager of a write without `fieldManager`: the User-Agent up to its first `/`, without
 * unprintable characters, cut at 128 bytes (`kubectl/v1.35.0 (linux/amd64) …` → `kubectl`).
 *
 * Semantics: k8s.io/apiserver pkg/endpoints/handlers/create.go managerOrUserAgent.
 */
export function defaultManager(userAgent: string | undefined): string {
  const prefix = (userAgent ?? '').split('/')[0];
  let out = '';
  let bytes = 0;
  for (const ch of prefix) {
    if (!PRINTABLE.test(ch)) {
      continue;
    }
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > FIELD_MANAGER_MAX_LENGTH) {
      break;
    }
    out += ch;
    bytes += n;
  }
  return out;
}

/**
 * The fields a write cannot own, for resources whose strategies follow the common pattern:
 * `status` for the main resource of a kind with a status subresource, `spec` for writes to
 * `status`. Strategies that reset more (deployments/status also `metadata.labels`, pods/status
 * `metadata.deletionTimestamp` and `metadata.ownerReferences`) pass their own list.
 *
 * Semantics: GetResetFields of the strategies under k8s.io/kubernetes pkg/registry.
 */
export function resetFieldsFor(hasStatus: boolean, subresource?: string): FieldNamePath[] {
  if (subresource === 'status') {
    return [['spec']];
  }
  if (!subresource && hasStatus) {
    return [['status']];
  }
  return [];
}
