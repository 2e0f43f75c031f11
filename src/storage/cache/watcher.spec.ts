import { Watcher, type Attrs, type CachedEvent, type WatchFrameType, type WatchSink } from 'src/storage/cache/watcher';

class Collect implements WatchSink {
  frames: [WatchFrameType, string][] = [];
  closed = false;
  send(type: WatchFrameType, json: string): boolean {
    this.frames.push([type, json]);
    return true;
  }
  close(): void {
    this.closed = true;
  }
}

const attrs = (labels: Record<string, string>): Attrs => ({ namespace: 'default', labels, fields: {} });
const obj = (rv: number, app: string): string => JSON.stringify({ metadata: { name: 'x', resourceVersion: String(rv), labels: { app } } });
const ev = (rv: number, type: CachedEvent['type'], app: string, prevApp?: string): CachedEvent => ({
  rv,
  type,
  json: obj(rv, app),
  attrs: attrs({ app }),
  prevJson: prevApp ? obj(rv - 1, prevApp) : undefined,
  prevAttrs: prevApp ? attrs({ app: prevApp }) : undefined,
});

describe(Watcher.name, () => {
  const selectWeb = { label: (l: Record<string, string> | undefined) => l?.app === 'web' };

  it('turns selector transitions into ADDED and DELETED, as the cacher does', () => {
    const sink = new Collect();
    const w = new Watcher(selectWeb, sink, 0, false, () => undefined);
    w.finishReplay([ev(1, 'ADDED', 'db'), ev(2, 'MODIFIED', 'web', 'db'), ev(3, 'MODIFIED', 'web', 'web'), ev(4, 'MODIFIED', 'db', 'web'), ev(5, 'DELETED', 'db')]);
    expect(sink.frames.map((f) => f[0])).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    // The DELETED of an object that stopped matching carries its previous state at the new RV.
    expect(JSON.parse(sink.frames[2][1])).toMatchObject({ metadata: { resourceVersion: '4', labels: { app: 'web' } } });
  });

  it('buffers live events until the replay is done and never sends an RV twice', () => {
    const sink = new Collect();
    const w = new Watcher({}, sink, 0, false, () => undefined);
    w.push(ev(3, 'MODIFIED', 'web', 'web'));
    expect(sink.frames).toHaveLength(0);
    w.finishReplay([ev(1, 'ADDED', 'web'), ev(2, 'MODIFIED', 'web', 'web'), ev(3, 'MODIFIED', 'web', 'web')]);
    w.push(ev(4, 'MODIFIED', 'web', 'web'));
    expect(sink.frames.map((f) => JSON.parse(f[1]).metadata.resourceVersion)).toEqual(['1', '2', '3', '4']);
  });

  it('stops and unregisters when the sink refuses a frame', () => {
    const stopped: Watcher[] = [];
    const sink: WatchSink & { closed: boolean } = { closed: false, send: () => false, close() { this.closed = true; } };
    const w = new Watcher({}, sink, 0, false, (x) => stopped.push(x));
    w.finishReplay([ev(1, 'ADDED', 'web')]);
    expect(stopped).toEqual([w]);
    expect(sink.closed).toBe(true);
  });
});

describe('a sink that throws', () => {
  it('ends that watch instead of propagating into the fan-out', () => {
    const stopped: Watcher[] = [];
    const sink: WatchSink = {
      send: () => {
        throw new Error('cannot encode');
      },
      close: () => undefined,
    };
    const w = new Watcher({}, sink, 0, false, (x) => stopped.push(x));
    expect(() => w.finishReplay([ev(1, 'ADDED', 'web')])).not.toThrow();
    expect(() => w.push(ev(2, 'MODIFIED', 'web', 'web'))).not.toThrow();
    expect(stopped).toEqual([w]);
  });
});
