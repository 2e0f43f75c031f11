import type { RegisteredResource } from 'src/registry/generic/resource';
import { ResourceCache } from 'src/storage/cache/resource-cache';
import type { EventType } from 'src/storage/types';

const pods = { kind: 'Pod', apiVersion: 'v1', selectableFields: {} } as unknown as RegisteredResource;
const json = (ns: string, name: string, rv: number, note = ''): string => JSON.stringify({ kind: 'Pod', apiVersion: 'v1', metadata: { name, namespace: ns, resourceVersion: String(rv) }, note });

describe(ResourceCache.name, () => {
  let rv = 0;
  const apply = (cache: ResourceCache, type: EventType, ns: string, name: string): void => {
    rv++;
    cache.apply({ resource: 'pods', type, namespace: ns, name, rv, json: json(ns, name, rv) }, 0);
  };
  const keys = (cache: ResourceCache): string[] => cache.list({}, true).map((e) => `${e.attrs.namespace}/${e.name}`);

  it('keeps (namespace, name) order across adds and deletes after the first ordered list', () => {
    const cache = new ResourceCache(pods, 0, { maxEvents: 100, maxAgeMs: 60_000 });
    for (const [ns, name] of [['b', 'x'], ['a', 'y'], ['a', 'x-1'], ['b', 'a']]) {
      apply(cache, 'ADDED', ns, name);
    }
    expect(keys(cache)).toEqual(['a/x-1', 'a/y', 'b/a', 'b/x']);
    // "a"/"x" sorts before "a"/"x-1": the NUL separator keeps namespace boundaries exact.
    apply(cache, 'ADDED', 'a', 'x');
    apply(cache, 'ADDED', 'a-b', 'c');
    apply(cache, 'DELETED', 'b', 'a');
    apply(cache, 'MODIFIED', 'a', 'y');
    apply(cache, 'DELETED', 'zz', 'missing');
    apply(cache, 'ADDED', 'c', '\u00e9');
    expect(keys(cache)).toEqual(['a/x', 'a/x-1', 'a/y', 'a-b/c', 'b/x', 'c/\u00e9']);
    expect(cache.page({}, { ns: 'a', name: 'x-1' }, 2)).toMatchObject({ items: [{ name: 'y' }, { name: 'c' }], more: true, remaining: 2 });
    expect(cache.page({}, { ns: 'a', name: 'x-0' }, 1).items.map((e) => e.name)).toEqual(['x-1']);
  });

  describe('load with stored attributes', () => {
    const nodePods = { kind: 'Pod', apiVersion: 'v1', selectableFields: { 'spec.nodeName': (o: any) => o.spec?.nodeName } } as unknown as RegisteredResource;
    const podJson = JSON.stringify({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p', namespace: 'ns', labels: { app: 'real' } }, spec: { nodeName: 'real-node' } });

    it('uses the stored labels and fields when they carry exactly the fields this version selects on', () => {
      const cache = new ResourceCache(nodePods, 0, { maxEvents: 10, maxAgeMs: 60_000 });
      const stored = ResourceCache.storedAttrs({ namespace: 'ns', labels: { app: 'stored' }, fields: { 'metadata.name': 'p', 'metadata.namespace': 'ns', 'spec.nodeName': 'stored-node' } });
      cache.load('ns', 'p', 1, podJson, stored);
      // The object is not parsed: what selectors see is what the writer stored beside it.
      expect(cache.get('ns', 'p')!.attrs).toEqual({ namespace: 'ns', labels: { app: 'stored' }, fields: { 'metadata.name': 'p', 'metadata.namespace': 'ns', 'spec.nodeName': 'stored-node' } });
    });

    it('parses the object when the stored fields are another set (an upgrade added a selectable field) or absent', () => {
      const parsed = { namespace: 'ns', labels: { app: 'real' }, fields: { 'metadata.name': 'p', 'metadata.namespace': 'ns', 'spec.nodeName': 'real-node' } };
      for (const stored of [ResourceCache.storedAttrs({ namespace: 'ns', labels: { app: 'stored' }, fields: { 'metadata.name': 'p', 'metadata.namespace': 'ns' } }), ResourceCache.storedAttrs({ namespace: 'ns', labels: undefined, fields: { 'metadata.name': 'p', 'metadata.namespace': 'ns', 'spec.nodeName': 'x', 'status.phase': 'y' } }), null, undefined]) {
        const cache = new ResourceCache(nodePods, 0, { maxEvents: 10, maxAgeMs: 60_000 });
        cache.load('ns', 'p', 1, podJson, stored);
        expect(cache.get('ns', 'p')!.attrs).toEqual(parsed);
      }
    });
  });
});
