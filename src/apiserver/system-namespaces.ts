import type { GenericStore } from 'src/registry/generic/store';
import type { Registry } from 'src/registry/registry';

/** The namespaces every cluster has from its first start. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Creates the system namespaces that do not exist yet. Several apiservers may race here; the
 * loser of each race gets AlreadyExists, which is fine.
 */
export async function ensureSystemNamespaces(store: GenericStore, registry: Registry): Promise<void> {
  const namespaces = registry.byResource('namespaces');
  if (!namespaces) {
    return;
  }
  for (const name of SYSTEM_NAMESPACES) {
    try {
      await store.get({ resource: namespaces, name });
    } catch {
      await store.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }).catch((err: { code?: number }) => {
        if (err.code !== 409) {
          throw err;
        }
      });
    }
  }
}
