import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FrameMemo, WatchFrameType, WatchSink } from 'src/storage/cache/watcher';

/** A watcher further behind than this many bytes is closed; its client re-watches from its RV. */
const MAX_PENDING_BYTES = 32 * 1024 * 1024;

/** Turns the stored JSON of an event into the frame a client receives. */
export type FrameEncoder = (type: WatchFrameType, json: string) => string | Buffer;

/**
 * A frame encoder and, when its frames depend on nothing but the frame type and the object, the
 * key under which the watchers of one event share the encoded frame (see FrameMemo).
 */
export interface FrameEncoding {
  encode: FrameEncoder;
  memoKey?: string;
}

/**
 * A watch sink over an HTTP response with a bound on how far the client may fall behind.
 *
 * On an HTTP/1.1 chunked response (see chunkedSocket) each frame becomes one pre-framed chunk,
 * shared by the watchers of an event like the frame itself, and the chunks a sink gets during one
 * tick go to its socket as one write at the end of the tick (see ChunkBatch). Other responses
 * (HTTP/2, a response still queued behind a pipelined one) get ServerResponse.write.
 */
export class HttpWatchSink implements WatchSink {
  private closed = false;
  /** Chunks waiting for the end of the tick, and whether the response ends after them. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private endPending = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly encoding: FrameEncoding,
  ) {
    res.on('close', () => {
      this.closed = true;
    });
  }

  /** Writes one frame, reusing the frame another watcher encoded for the same event when it can. */
  send(type: WatchFrameType, json: string, _rv?: number, memo?: FrameMemo): boolean {
    if (this.closed) {
      return false;
    }
    const socket = chunkedSocket(this.res);
    if (!socket) {
      this.res.write(this.frame(type, json, memo));
      return this.res.writableLength < MAX_PENDING_BYTES;
    }
    const chunk = this.chunk(type, json, memo);
    if (this.pending.length === 0) {
      batch.add(this);
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    return socket.writableLength + this.pendingBytes < MAX_PENDING_BYTES;
  }

  /** Ends the response (after the chunks still waiting for the end of the tick). */
  close(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    if (this.pending.length > 0) {
      this.endPending = true;
    } else {
      this.res.end();
    }
  }

  /** Writes the chunks of this tick as one buffer, then ends the response if close() asked to. */
  flush(): void {
    const chunks = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    try {
      const socket = this.res.socket;
      // A client that went away gets nothing more; a close() of ours still sends what was queued.
      if (socket && !socket.destroyed && (!this.closed || this.endPending)) {
        socket.write(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
      }
      if (this.endPending) {
        this.res.end();
      }
    } catch {
      // One broken stream must not keep the rest of the batch from its watchers.
      this.res.destroy();
    }
  }

  private frame(type: WatchFrameType, json: string, memo: FrameMemo | undefined): string | Buffer {
    const { encode, memoKey } = this.encoding;
    if (!memo || memoKey === undefined) {
      return encode(type, json);
    }
    const key = `${memoKey}:${type}`;
    let frame = memo.get(key);
    if (frame === undefined) {
      // Shared frames are kept as bytes, so no watcher re-encodes the text.
      const encoded = encode(type, json);
      frame = typeof encoded === 'string' ? Buffer.from(encoded, 'utf8') : encoded;
      memo.set(key, frame);
    }
    return frame;
  }

  /** The frame as one HTTP/1.1 chunk, shared like the frame itself. */
  private chunk(type: WatchFrameType, json: string, memo: FrameMemo | undefined): Buffer {
    if (!memo || this.encoding.memoKey === undefined) {
      return httpChunk(this.frame(type, json, undefined));
    }
    const key = `${this.encoding.memoKey}:${type}:chunk`;
    let chunk = memo.get(key) as Buffer | undefined;
    if (chunk === undefined) {
      chunk = httpChunk(this.frame(type, json, memo));
      memo.set(key, chunk);
    }
    return chunk;
  }
}

/**
 * The sinks with chunks waiting, flushed once the tick's synchronous work is done. A fan-out
 * thus reaches the sockets when ServerResponse.write would have sent it (it corks the socket and
 * writes on the next tick): the write that caused the event is still answered first, and one
 * callback serves every watcher instead of one per socket.
 */
class ChunkBatch {
  private sinks: HttpWatchSink[] = [];

  /** Queues a sink's flush for the end of the tick. */
  add(sink: HttpWatchSink): void {
    if (this.sinks.length === 0) {
      process.nextTick(() => this.flush());
    }
    this.sinks.push(sink);
  }

  private flush(): void {
    const sinks = this.sinks;
    this.sinks = [];
    for (const sink of sinks) {
      sink.flush();
    }
  }
}

const batch = new ChunkBatch();

const CRLF = Buffer.from('\r\n', 'latin1');

/**
 * `frame` as one HTTP/1.1 chunk: its size in hex, CRLF, the bytes, CRLF; the bytes
 * ServerResponse.write sends for it on a chunked response (Node's _http_outgoing write_).
 */
export function httpChunk(frame: string | Buffer): Buffer {
  const body = typeof frame === 'string' ? Buffer.from(frame, 'utf8') : frame;
  const size = body.length.toString(16);
  const out = Buffer.allocUnsafe(size.length + 2 + body.length + 2);
  let at = out.write(size, 0, 'latin1');
  at += CRLF.copy(out, at);
  at += body.copy(out, at);
  CRLF.copy(out, at);
  return out;
}

/** The parts of Node's HTTP/1.1 ServerResponse that tell whether its socket may be written directly. */
interface OutgoingState {
  chunkedEncoding?: boolean;
  outputData?: unknown[];
  socket: (Socket & { _httpMessage?: unknown }) | null;
}

/**
 * The socket of an HTTP/1.1 response that may take pre-framed chunks directly: the response is
 * chunked, its headers went out, nothing of it waits in its own buffer (it is not queued behind a
 * pipelined response) and it owns the socket. One socket write per watcher replaces
 * ServerResponse.write's cork, four-piece writev and the TLS socket's copy of those pieces into
 * one; the bytes and their order stay the same (ServerResponse's own writes, like the last chunk
 * on end, go to the same socket after them). An HTTP/2 response has no chunkedEncoding.
 */
function chunkedSocket(res: ServerResponse): Socket | undefined {
  const out = res as unknown as OutgoingState;
  const socket = out.socket;
  if (
    out.chunkedEncoding !== true ||
    !res.headersSent ||
    !socket ||
    socket._httpMessage !== res ||
    (out.outputData && out.outputData.length > 0) ||
    socket.destroyed
  ) {
    return undefined;
  }
  return socket;
}
