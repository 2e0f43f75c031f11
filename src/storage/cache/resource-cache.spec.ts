import type { RegisteredResource } from 'src/registry/generic/resource';
import { ResourceCache } from 'src/storage/cache/resource-cache';
import { StoredAttrs } from 'src/storage/cache/stored-attrs';
import { Watcher, type Attrs, type WatchFrameType } from 'src/storage/cache/watcher';
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
    const view = (a: Attrs) => ({ namespace: a.namespace, labels: a.labels, fields: a.fields });
    const nodePods = { kind: 'Pod', apiVersion: 'v1', selectableFields: { 'spec.nodeName': (o: any) => o.spec?.nodeName } } as unknown as RegisteredResource;
    const podJson = JSON.stringify({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p', namespace: 'ns', labels: { app: 'real' } }, spec: { nodeName: 'real-node' } });

    it('uses the stored labels and fields when they carry exactly the fields this version selects on', () => {
      const cache = new ResourceCache(nodePods, 0, { maxEvents: 10, maxAgeMs: 60_000 });
      const stored = ResourceCache.storedAttrs({ namespace: 'ns', labels: { app: 'stored' }, fields: { 'metadata.name': 'p', 'metadata.namespace': 'ns', 'spec.nodeName': 'stored-node' } });
      cache.load('ns', 'p', 1, podJson, stored);
      // The object is not parsed: what selectors see is what the writer stored beside it.
      expect(view(cache.get('ns', 'p')!.attrs)).toEqual({ namespace: 'ns', labels: { app: 'stored' }, fields: { 'metadata.name': 'p', 'metadata.namespace': 'ns', 'spec.nodeName': 'stored-node' } });
    });

    it('parses the object when the stored fields are another set (an upgrade added a selectable field) or absent', () => {
      const parsed = { namespace: 'ns', labels: { app: 'real' }, fields: { 'metadata.name': 'p', 'metadata.namespace': 'ns', 'spec.nodeName': 'real-node' } };
      for (const stored of [ResourceCache.storedAttrs({ namespace: 'ns', labels: { app: 'stored' }, fields: { 'metadata.name': 'p', 'metadata.namespace': 'ns' } }), ResourceCache.storedAttrs({ namespace: 'ns', labels: undefined, fields: { 'metadata.name': 'p', 'metadata.namespace': 'ns', 'spec.nodeName': 'x', 'status.phase': 'y' } }), null, undefined]) {
        const cache = new ResourceCache(nodePods, 0, { maxEvents: 10, maxAgeMs: 60_000 });
        cache.load('ns', 'p', 1, podJson, stored);
        expect(view(cache.get('ns', 'p')!.attrs)).toEqual(parsed);
      }
    });

    it('parses stored attributes on first use by a label or field selector, not at load', () => {
      const cache = new ResourceCache(nodePods, 0, { maxEvents: 10, maxAgeMs: 60_000 });
      const parse = jest.spyOn(JSON, 'parse');
      try {
        cache.load('ns', 'p', 1, podJson, ResourceCache.storedAttrs({ namespace: 'ns', labels: { app: 'stored' }, fields: { 'metadata.name': 'p', 'metadata.namespace': 'ns', 'spec.nodeName': 'n' } }));
        // A namespaced read without selectors does not parse them...
        expect(cache.list({ namespace: 'ns' }, true).map((e) => e.name)).toEqual(['p']);
        expect(cache.list({ namespace: 'other' }, false)).toEqual([]);
        expect(parse).not.toHaveBeenCalled();
        // ...a label selector does, once.
        expect(cache.list({ namespace: 'ns', label: (l) => l?.app === 'stored' }, true).map((e) => e.name)).toEqual(['p']);
        expect(cache.list({ label: (l) => l?.app === 'stored', field: (f) => f['spec.nodeName'] === 'n' }, false)).toHaveLength(1);
        expect(parse).toHaveBeenCalledTimes(1);
      } finally {
        parse.mockRestore();
      }
    });

    it('swaps in plain attributes a slice at a time after loading, keeping what selectors see', () => {
      const cache = new ResourceCache(nodePods, 0, { maxEvents: 10, maxAgeMs: 60_000 });
      for (const name of ['a', 'b', 'c']) {
        cache.load('ns', name, 1, podJson.replace('"p"', JSON.stringify(name)), null);
      }
      const before = ['a', 'b', 'c'].map((n) => view(cache.get('ns', n)!.attrs));
      expect(cache.settleLoaded(2)).toBe(true);
      expect(cache.settleLoaded(2)).toBe(false);
      for (const [i, n] of ['a', 'b', 'c'].entries()) {
        const attrs = cache.get('ns', n)!.attrs;
        expect(attrs).not.toBeInstanceOf(StoredAttrs);
        expect(attrs).toEqual(before[i]);
      }
      expect(before[2].fields['metadata.name']).toBe('c');
      expect(cache.settleLoaded(2)).toBe(false);
    });

    it('parses the object when the stored attributes are not JSON', () => {
      const cache = new ResourceCache(nodePods, 0, { maxEvents: 10, maxAgeMs: 60_000 });
      cache.load('ns', 'p', 1, podJson, '{"l": not json');
      expect(view(cache.get('ns', 'p')!.attrs)).toEqual({ namespace: 'ns', labels: { app: 'real' }, fields: { 'metadata.name': 'p', 'metadata.namespace': 'ns', 'spec.nodeName': 'real-node' } });
    });
  });

  describe('ring', () => {
    const pod = (name: string, rv: number, labels: Record<string, string> | undefined, phase: string): string =>
      JSON.stringify({ kind: 'Pod', apiVersion: 'v1', metadata: { name, namespace: 'ns', resourceVersion: String(rv), labels }, status: { phase } });
    const change = (cache: ResourceCache, type: EventType, rv: number, labels: Record<string, string> | undefined, phase: string): void =>
      cache.apply({ resource: 'pods', type, namespace: 'ns', name: 'p', rv, json: pod('p', rv, labels, phase) }, 0);

    it('keeps the previous state only for a MODIFIED that changes what selectors see', () => {
      const cache = new ResourceCache(pods, 0, { maxEvents: 100, maxAgeMs: 60_000 });
      change(cache, 'ADDED', 1, { app: 'a' }, 'Pending');
      change(cache, 'MODIFIED', 2, { app: 'a' }, 'Running');
      change(cache, 'MODIFIED', 3, { app: 'b' }, 'Running');
      change(cache, 'MODIFIED', 4, { app: 'b', tier: 'x' }, 'Running');
      change(cache, 'MODIFIED', 5, { app: 'b', tier: 'x' }, 'Failed');
      change(cache, 'DELETED', 6, { app: 'b', tier: 'x' }, 'Failed');
      const ring = cache.eventsAfter(0)!;
      expect(ring.map((e) => [e.rv, e.prevJson !== undefined, e.prevAttrs?.labels])).toEqual([
        [1, false, undefined],
        [2, false, undefined],
        [3, true, { app: 'a' }],
        [4, true, { app: 'b' }],
        [5, false, undefined],
        [6, false, undefined],
      ]);
      expect(ring[2].prevJson).toBe(pod('p', 2, { app: 'a' }, 'Running'));
    });

    it('treats no labels, null labels and an empty label map as the same state', () => {
      const cache = new ResourceCache(pods, 0, { maxEvents: 100, maxAgeMs: 60_000 });
      change(cache, 'ADDED', 1, undefined, 'Pending');
      change(cache, 'MODIFIED', 2, {}, 'Running');
      change(cache, 'MODIFIED', 3, null as never, 'Running');
      change(cache, 'MODIFIED', 4, { app: 'a' }, 'Running');
      expect(cache.eventsAfter(0)!.map((e) => e.prevJson !== undefined)).toEqual([false, false, false, true]);
    });

    it('trims to the newest maxEvents events and moves the floor, across compactions of the ring', () => {
      const cache = new ResourceCache(pods, 0, { maxEvents: 1500, maxAgeMs: 60_000 });
      for (let rv = 1; rv <= 5000; rv++) {
        change(cache, rv === 1 ? 'ADDED' : 'MODIFIED', rv, { app: 'a' }, `phase-${rv}`);
      }
      expect(cache.eventsAfter(3499)).toBeUndefined();
      const kept = cache.eventsAfter(3500)!;
      expect(kept.map((e) => e.rv)).toEqual(Array.from({ length: 1500 }, (_, i) => 3501 + i));
      expect(JSON.parse(kept[0].json).status.phase).toBe('phase-3501');
      expect(cache.eventsAfter(4990)!.map((e) => e.rv)).toEqual([4991, 4992, 4993, 4994, 4995, 4996, 4997, 4998, 4999, 5000]);
    });

    it('replays to a label-selected watcher what it sent live: ADDED on entering, DELETED of the previous state on leaving', () => {
      const cache = new ResourceCache(pods, 0, { maxEvents: 100, maxAgeMs: 60_000 });
      change(cache, 'ADDED', 1, { app: 'a' }, 'Pending');
      change(cache, 'MODIFIED', 2, { app: 'a' }, 'Running');
      change(cache, 'MODIFIED', 3, { app: 'b' }, 'Running');
      change(cache, 'MODIFIED', 4, { app: 'b' }, 'Failed');
      change(cache, 'MODIFIED', 5, { app: 'a' }, 'Failed');
      change(cache, 'DELETED', 6, { app: 'a' }, 'Failed');
      const frames: [WatchFrameType, string][] = [];
      const sink = { send: (type: WatchFrameType, j: string) => frames.push([type, j]) > 0, close: () => undefined };
      const w = new Watcher({ label: (l) => l?.app === 'a' }, sink, 0, false, () => undefined);
      w.finishReplay(cache.eventsAfter(0)!);
      expect(frames.map(([type, j]) => [type, JSON.parse(j).metadata.resourceVersion, JSON.parse(j).status.phase])).toEqual([
        ['ADDED', '1', 'Pending'],
        ['MODIFIED', '2', 'Running'],
        // Leaving the selection: the state it had before, stamped with the event's RV.
        ['DELETED', '3', 'Running'],
        ['ADDED', '5', 'Failed'],
        ['DELETED', '6', 'Failed'],
      ]);
    });
  });
});
