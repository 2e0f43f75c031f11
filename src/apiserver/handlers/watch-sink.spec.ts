import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonFrame } from 'src/apiserver/handlers/watch';
import { httpChunk, HttpWatchSink, type FrameEncoding } from 'src/apiserver/handlers/watch-sink';
import type { FrameMemo, WatchFrameType } from 'src/storage/cache/watcher';

const json: FrameEncoding = { encode: jsonFrame, memoKey: 'json' };
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const pause = (i: number): Promise<void> => (i === 2 ? new Promise((resolve) => setTimeout(resolve, 50)) : tick());
const pod = (i: number): string => JSON.stringify({ kind: 'Pod', metadata: { name: `p-${i}`, resourceVersion: String(i) }, spec: { image: 'caf\u00e9' } });
const FRAMES: [WatchFrameType, string][] = [1, 2, 3, 4, 5].map((i) => [i === 5 ? 'DELETED' : 'ADDED', pod(i)]);

/** Writes FRAMES to a watch response: three in one tick, the fourth 50 ms later, the fifth a tick after, then ends it. */
type Writer = (res: ServerResponse) => Promise<void>;

/** The reference: plain ServerResponse writes, as the watch handler did before the sink. */
const viaResponse: Writer = async (res) => {
  for (const [i, [type, obj]] of FRAMES.entries()) {
    res.write(jsonFrame(type, obj));
    if (i >= 2) {
      await pause(i);
    }
  }
  res.end();
};

/** Frames an HttpWatchSink refused (send returned false). */
let refused = 0;

/** The same frames through an HttpWatchSink (each event's frames shared through a memo). */
const viaSink: Writer = async (res) => {
  const sink = new HttpWatchSink(res, json);
  for (const [i, [type, obj]] of FRAMES.entries()) {
    const memo: FrameMemo = new Map();
    refused += sink.send(type, obj, i + 1, memo) ? 0 : 1;
    if (i >= 2) {
      await pause(i);
    }
  }
  sink.close();
};

let n = 0;

/** An HTTP/1.1 server on a Unix socket: /slow answers after a while, any other path is a watch written by `writer`. */
async function serve(writer: Writer, onSocketWrite?: () => void): Promise<{ path: string; server: Server }> {
  const path = join(tmpdir(), `kubepg-watch-sink-${process.pid}-${n++}.sock`);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/slow') {
      setTimeout(() => res.end('slow'), 30);
      return;
    }
    if (onSocketWrite && res.socket) {
      const socket = res.socket;
      const write = socket.write.bind(socket) as (...a: unknown[]) => boolean;
      socket.write = ((...a: unknown[]) => (onSocketWrite(), write(...a))) as typeof socket.write;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.flushHeaders();
    void writer(res);
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return { path, server };
}

/** Sends `requests` at once on one connection and returns everything the server sent (Date headers blanked). */
async function exchange(writer: Writer, requests: string[]): Promise<string> {
  const { path, server } = await serve(writer);
  try {
    const socket = connect(path);
    const text = requests.map((p, i) => `GET ${p} HTTP/1.1\r\nHost: x\r\n${i === requests.length - 1 ? 'Connection: close\r\n' : ''}\r\n`).join('');
    socket.write(text);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    await new Promise((resolve) => socket.on('close', resolve));
    return Buffer.concat(chunks)
      .toString('latin1')
      .replace(/Date: [^\r]*/g, 'Date: -');
  } finally {
    server.close();
  }
}

describe(HttpWatchSink.name, () => {
  it('sends an HTTP/1.1 client the very bytes ServerResponse.write would', async () => {
    const want = await exchange(viaResponse, ['/watch']);
    expect(want).toContain(`0\r\n\r\n`);
    expect(want).toContain(httpChunk(jsonFrame('DELETED', pod(5))).toString('latin1'));
    expect(await exchange(viaSink, ['/watch'])).toBe(want);
    expect(refused).toBe(0);
  });

  it('sends the same bytes when the watch waits behind a pipelined request (its first frames are queued in the response)', async () => {
    const want = await exchange(viaResponse, ['/slow', '/watch']);
    expect(want.indexOf('slow')).toBeLessThan(want.indexOf('p-1'));
    expect(await exchange(viaSink, ['/slow', '/watch'])).toBe(want);
  });

  it('writes the frames of one tick to the socket at once, at the end of the tick', async () => {
    let writes = 0;
    const seen: number[] = [];
    const { path, server } = await serve(
      async (res) => {
        const sink = new HttpWatchSink(res, json);
        const before = writes;
        FRAMES.slice(0, 3).forEach(([type, obj], i) => sink.send(type, obj, i + 1));
        seen.push(writes - before);
        await tick();
        seen.push(writes - before);
        sink.send(...FRAMES[3], 4);
        sink.close();
        await tick();
        seen.push(writes - before);
      },
      () => writes++,
    );
    try {
      const socket = connect(path);
      socket.write('GET /watch HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
      await new Promise((resolve) => socket.on('close', resolve));
      // None during the tick, one for its three frames, then the fourth and the last chunk (from ServerResponse.end).
      expect(seen).toEqual([0, 1, 3]);
      expect(
        text.endsWith(
          `${FRAMES.slice(0, 4)
            .map(([t, o]) => httpChunk(jsonFrame(t, o)).toString('latin1'))
            .join('')}0\r\n\r\n`,
        ),
      ).toBe(true);
    } finally {
      server.close();
    }
  });

  it('stops taking frames once the client is gone, and reports a watcher too far behind', async () => {
    let gone: boolean | undefined;
    let behind: boolean | undefined;
    const { path, server } = await serve(async (res) => {
      const sink = new HttpWatchSink(res, json);
      const big = JSON.stringify({ kind: 'Pod', data: 'x'.repeat(1 << 20) });
      // 33 MiB queued in one tick is past the 32 MiB bound.
      let ok = true;
      for (let i = 0; i < 33 && ok; i++) {
        ok = sink.send('ADDED', big, i);
      }
      behind = !ok;
      res.socket?.destroy();
      await new Promise((resolve) => res.on('close', resolve));
      gone = !sink.send('ADDED', pod(1), 99);
      sink.close();
    });
    try {
      const socket = connect(path);
      socket.write('GET /watch HTTP/1.1\r\nHost: x\r\n\r\n');
      socket.resume();
      await new Promise((resolve) => socket.on('close', resolve));
      while (gone === undefined) {
        await tick();
      }
      expect(behind).toBe(true);
      expect(gone).toBe(true);
    } finally {
      server.close();
    }
  });
});
