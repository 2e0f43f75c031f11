import { ApiError } from 'src/controllers/runtime/kube-client';

/**
 * Whether a create failed because its namespace is being terminated (403 with the
 * NamespaceTerminating cause, or NamespaceLifecycle's message when the cause is missing).
 * Semantics: k8s.io/apimachinery api/errors HasStatusCause(err, v1.NamespaceTerminatingCause).
 */
export function isNamespaceTerminating(err: unknown): boolean {
  if (!(err instanceof ApiError) || err.code !== 403) {
    return false;
  }
  const causes: { reason?: string }[] = err.status.details?.causes ?? [];
  return causes.some((c) => c.reason === 'NamespaceTerminating') || /because it is being terminated/.test(String(err.status.message ?? ''));
}
