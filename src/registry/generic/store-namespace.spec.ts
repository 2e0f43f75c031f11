import type { Status } from 'src/apiserver/status';
import type { KubeObject } from 'src/registry/generic/object';
import { GenericStore } from 'src/registry/generic/store';
import { createRegistry } from 'src/registry/index';
import type { Storage } from 'src/storage/storage';

// Creates into a namespace that is being deleted are refused (403) and into a missing one 404;
// the store remembers each namespace's state per stored JSON, so a change must be seen at once.

const registry = createRegistry();
const configMaps = registry.byResource('configmaps')!;

/** A storage with only what create needs: the namespace cache and a write that succeeds. */
function fakeStorage(namespaces: Map<string, string>): Storage {
  const empty = { get: () => undefined };
  return {
    cache: (r: { groupResource: string }) =>
      r.groupResource === 'namespaces' ? { get: (_ns: string, name: string) => (namespaces.has(name) ? { json: namespaces.get(name) } : undefined) } : empty,
    write: async (m: { obj: KubeObject }) => ({ ok: true, rv: 1, json: JSON.stringify(m.obj) }),
  } as unknown as Storage;
}

const ns = (name: string, deleting: boolean): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(deleting ? { deletionTimestamp: '2026-11-23T10:00:00Z' } : {}) } });

async function create(store: GenericStore, namespace: string, name: string): Promise<number> {
  try {
    await store.create(configMaps, namespace, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } }, { manager: 'test' });
    return 201;
  } catch (err) {
    return (err as { status: Status }).status.code ?? 0;
  }
}

describe('creates into a namespace', () => {
  it('follow the namespace from active to terminating, back, and gone', async () => {
    const namespaces = new Map([['a', ns('a', false)]]);
    const store = new GenericStore(fakeStorage(namespaces), registry);
    expect(await create(store, 'a', 'one')).toBe(201);
    namespaces.set('a', ns('a', true));
    expect(await create(store, 'a', 'two')).toBe(403);
    expect(await create(store, 'a', 'three')).toBe(403);
    namespaces.set('a', ns('a', false));
    expect(await create(store, 'a', 'four')).toBe(201);
    namespaces.delete('a');
    expect(await create(store, 'a', 'five')).toBe(404);
    namespaces.set('a', ns('a', true));
    expect(await create(store, 'a', 'six')).toBe(403);
  });
});
