import type { ServerResponse } from 'node:http';
import { jsonFrame } from 'src/apiserver/handlers/watch';
import { HttpWatchSink, type FrameEncoding } from 'src/apiserver/handlers/watch-sink';
import { encodeWatchFrame } from 'src/apiserver/protobuf/codec';
import type { RegisteredResource } from 'src/registry/generic/resource';
import { ResourceCache } from 'src/storage/cache/resource-cache';
import { Watcher, type Selection } from 'src/storage/cache/watcher';
import type { EventType } from 'src/storage/types';

/** A response that keeps what was written. */
function fakeResponse(): ServerResponse & { chunks: (string | Buffer)[] } {
  const chunks: (string | Buffer)[] = [];
  return { chunks, writableLength: 0, write: (c: string | Buffer) => chunks.push(c) > 0, on: () => undefined, end: () => undefined } as unknown as ServerResponse & { chunks: (string | Buffer)[] };
}

const pods = { kind: 'Pod', apiVersion: 'v1', selectableFields: {} } as unknown as RegisteredResource;
const pod = (rv: number, app: string): Record<string, unknown> => ({
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'p', namespace: 'default', resourceVersion: String(rv), labels: { app } },
  spec: { containers: [{ name: 'c', image: 'caf\u00e9:1' }] },
});
const web: Selection = { label: (l) => l?.app === 'web' };
const protobufFrame = (type: string, json: string): Buffer => encodeWatchFrame(type, JSON.parse(json) as Record<string, unknown>);

// Every event of one pod's life: added outside the selection, moved in, changed, moved out, deleted.
const history: [EventType, string][] = [
  ['ADDED', 'db'],
  ['MODIFIED', 'web'],
  ['MODIFIED', 'web'],
  ['MODIFIED', 'db'],
  ['MODIFIED', 'web'],
  ['DELETED', 'web'],
];

/** The frames (type, object) each kind of watcher must get, written out by hand. */
const expected = {
  all: [
    ['ADDED', pod(1, 'db')],
    ['MODIFIED', pod(2, 'web')],
    ['MODIFIED', pod(3, 'web')],
    ['MODIFIED', pod(4, 'db')],
    ['MODIFIED', pod(5, 'web')],
    ['DELETED', pod(6, 'web')],
  ],
  // The object that left the selection arrives as DELETED with its previous state at the new RV.
  web: [
    ['ADDED', pod(2, 'web')],
    ['MODIFIED', pod(3, 'web')],
    ['DELETED', pod(4, 'web')],
    ['ADDED', pod(5, 'web')],
    ['DELETED', pod(6, 'web')],
  ],
} as const;

/** Runs the history through a cache with two watchers of each selection per encoding. */
function run(encodings: FrameEncoding[]): { sel: 'all' | 'web'; encoding: FrameEncoding; res: ReturnType<typeof fakeResponse> }[] {
  const cache = new ResourceCache(pods, 0, { maxEvents: 100, maxAgeMs: 60_000 });
  const watchers = encodings.flatMap((encoding) =>
    (['all', 'all', 'web', 'web'] as const).map((sel) => {
      const res = fakeResponse();
      const w = new Watcher(sel === 'all' ? {} : web, new HttpWatchSink(res, encoding), 0, false, (x) => cache.watchers.delete(x));
      cache.watchers.add(w);
      w.finishReplay([]);
      return { sel, encoding, res };
    }),
  );
  let prev: string | undefined;
  history.forEach(([type, app], i) => {
    const json = JSON.stringify(pod(i + 1, app));
    cache.apply({ resource: 'pods', type, namespace: 'default', name: 'p', rv: i + 1, json, prevJson: prev }, 0);
    prev = json;
  });
  return watchers;
}

describe('watch frames shared between watchers', () => {
  const json: FrameEncoding = { encode: jsonFrame, memoKey: 'json' };
  const protobuf: FrameEncoding = { encode: protobufFrame, memoKey: 'protobuf' };

  it('gives every watcher the bytes it would get encoding alone (JSON and protobuf, selector transitions)', () => {
    const watchers = run([json, protobuf]);
    for (const { sel, encoding, res } of watchers) {
      const want = expected[sel].map(([type, obj]) => Buffer.from(encoding.encode(type, JSON.stringify(obj))));
      expect(Buffer.concat(res.chunks.map((c) => Buffer.from(c)))).toEqual(Buffer.concat(want));
    }
    // Spelled out once, independently of the encoder under test.
    const firstWeb = watchers.find((w) => w.sel === 'web' && w.encoding === json)!;
    expect(firstWeb.res.chunks[2].toString()).toBe(`{"type":"DELETED","object":${JSON.stringify(pod(4, 'web'))}}\n`);
  });

  it('encodes each (event, encoding, frame type) once', () => {
    const watchers = run([json, protobuf]);
    for (const encoding of [json, protobuf]) {
      const [a, b, c, d] = watchers.filter((w) => w.encoding === encoding).map((w) => w.res.chunks);
      // The two watchers of one selection got the very same buffers ...
      a.forEach((chunk, i) => expect(b[i]).toBe(chunk));
      c.forEach((chunk, i) => expect(d[i]).toBe(chunk));
      // ... and a MODIFIED both selections see as MODIFIED (rv 3) is shared across them too.
      expect(c[1]).toBe(a[2]);
    }
  });

  it('never shares frames of an encoding without a memo key (Table frames differ per watcher)', () => {
    let calls = 0;
    const perWatcher: FrameEncoding = { encode: (type, j) => `${++calls}:${jsonFrame(type, j)}` };
    const watchers = run([perWatcher]);
    expect(calls).toBe(2 * expected.all.length + 2 * expected.web.length);
    expect(watchers[0].res.chunks[0]).not.toBe(watchers[1].res.chunks[0]);
  });
});
