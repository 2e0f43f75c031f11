import { MessageChannel } from 'node:worker_threads';
import type { Handler, HandlerContext } from 'src/apiserver/handlers/context';
import { continueExpired, decodeContinue, encodeContinue, parseListOptions, type ListOptions } from 'src/apiserver/list-options';
import { selectionFor } from 'src/apiserver/selection';
import { expired, timeout, StatusError } from 'src/apiserver/status';
import { hasSchema, PROTOBUF_MEDIA_TYPE } from 'src/apiserver/protobuf/codec';
import { Deferred } from 'src/apiserver/protobuf/encode';
import { tryEncode } from 'src/apiserver/protobuf/try-encode';
import { prefersProtobuf } from 'src/apiserver/protobuf/negotiation';
import { rendering, renderTable, TABLE_CONTENT_TYPE } from 'src/apiserver/table/table';
import type { KubeObject } from 'src/registry/generic/object';
import type { RegisteredResource } from 'src/registry/generic/resource';
import { selects, type Selection } from 'src/storage/cache/watcher';
import type { Storage } from 'src/storage/storage';

/** One page (or all) of a list: the items' JSON and the list metadata. */
export interface ListResult {
  rv: number;
  items: string[];
  continue?: string;
  remainingItemCount?: number;
}

/** Lists with more items than this are streamed, CHUNK_BYTES at a time. */
const STREAM_ABOVE_ITEMS = 500;

/**
 * GET on a collection. Serves from the watch cache (consistent reads wait for it to catch up);
 * exact-RV pages of a snapshot the cache has moved past are rebuilt from Postgres history.
 * Semantics: k8s.io/apiserver pkg/storage/cacher (GetList) and the resourceVersion table of api-concepts.
 */
export const list: Handler = async (ctx) => {
  const opts = parseListOptions(ctx.query, false);
  const render = rendering(ctx.request.headers.accept, ctx.query);
  const sel = selectionFor(ctx.resource, ctx.namespace, opts);
  const result = await listObjects(ctx.storage, ctx.resource, ctx.namespace, sel, opts);
  if (render.table) {
    const objects = result.items.map((j) => JSON.parse(j) as KubeObject);
    const meta = { resourceVersion: String(result.rv), ...(result.continue ? { continue: result.continue } : {}), ...(result.remainingItemCount !== undefined ? { remainingItemCount: result.remainingItemCount } : {}) };
    return { status: 200, body: renderTable(ctx.resource, objects, render, meta, new Date()), contentType: TABLE_CONTENT_TYPE };
  }
  sendList(ctx, result);
  return undefined;
};

/** Resolves list options to a page of objects at the right resourceVersion. */
export async function listObjects(storage: Storage, resource: RegisteredResource, namespace: string | undefined, sel: Selection, opts: ListOptions): Promise<ListResult> {
  const limit = opts.limit;
  if (opts.continue) {
    const token = decodeContinue(opts.continue);
    return pageAt(storage, resource, namespace, sel, token.rv, { ns: token.ns, name: token.name }, limit ?? Number.MAX_SAFE_INTEGER);
  }
  const rv = opts.resourceVersion;
  const exact = opts.resourceVersionMatch === 'Exact' || (rv !== undefined && rv !== '0' && limit !== undefined && opts.resourceVersionMatch === undefined);
  if (exact) {
    return pageAt(storage, resource, namespace, sel, Number(rv), undefined, limit ?? Number.MAX_SAFE_INTEGER);
  }
  if (rv === undefined) {
    if ((await storage.consistentRv()) === false) {
      throw timeout('Timeout: Too large resource version', 1);
    }
  } else if (rv !== '0' && !(await storage.waitForRv(Number(rv)))) {
    throw timeout(`Too large resource version: ${rv}, current: ${storage.rv}`, 1);
  }
  return fromCache(storage, resource, sel, undefined, limit);
}

function fromCache(storage: Storage, resource: RegisteredResource, sel: Selection, after: { ns: string; name: string } | undefined, limit: number | undefined): ListResult {
  const rv = storage.rv;
  const cache = storage.cache(resource);
  if (limit === undefined && !after) {
    return { rv, items: cache.list(sel, true).map((e) => e.json) };
  }
  const page = cache.page(sel, after, limit ?? Number.MAX_SAFE_INTEGER);
  const result: ListResult = { rv, items: page.items.map((e) => e.json) };
  if (page.more && page.items.length > 0) {
    const last = page.items[page.items.length - 1];
    result.continue = encodeContinue({ rv, ns: last.attrs.namespace, name: last.name });
    result.remainingItemCount = page.remaining;
  }
  return result;
}

/** A page of the state at `rv`: from the cache if it is still there, else from Postgres. */
async function pageAt(storage: Storage, resource: RegisteredResource, namespace: string | undefined, sel: Selection, rv: number, after: { ns: string; name: string } | undefined, limit: number): Promise<ListResult> {
  if (rv > storage.rv && !(await storage.waitForRv(rv))) {
    throw timeout(`Too large resource version: ${rv}, current: ${storage.rv}`, 1);
  }
  if (rv === storage.rv) {
    return fromCache(storage, resource, sel, after, limit === Number.MAX_SAFE_INTEGER && !after ? undefined : limit);
  }
  const items: string[] = [];
  let cursor = after;
  let more = false;
  const cache = storage.cache(resource);
  const chunk = Math.min(Math.max(limit + 1, 500), 10_000);
  for (;;) {
    const rows = await storage.listAt(resource, sel.namespace ?? namespace, rv, cursor, chunk);
    if (!rows) {
      if (after) {
        const err = continueExpired();
        throw new StatusError({ ...err.status, metadata: { continue: encodeContinue({ rv: -1, ns: after.ns, name: after.name }) } as never });
      }
      throw expired(`The resourceVersion for the provided list is too old.`);
    }
    for (const row of rows) {
      if (items.length === limit) {
        more = true;
        break;
      }
      const attrs = cache.attrsOf(JSON.parse(row.json) as KubeObject);
      if (selects(sel, attrs)) {
        items.push(row.json);
        cursor = { ns: row.namespace, name: row.name };
      }
    }
    if (more || rows.length < chunk) {
      break;
    }
    cursor = { ns: rows[rows.length - 1].namespace, name: rows[rows.length - 1].name };
  }
  const result: ListResult = { rv, items };
  if (more && cursor) {
    result.continue = encodeContinue({ rv, ns: cursor.ns, name: cursor.name });
  }
  return result;
}

/** The JSON text of a list's metadata. */
function listMeta(result: ListResult): string {
  const meta: Record<string, unknown> = { resourceVersion: String(result.rv) };
  if (result.continue) {
    meta.continue = result.continue;
  }
  if (result.remainingItemCount !== undefined) {
    meta.remainingItemCount = result.remainingItemCount;
  }
  return JSON.stringify(meta);
}

/** Writes a List, streaming it in chunks so a huge list never becomes one huge string. */
export function sendList(ctx: HandlerContext, result: ListResult): void {
  if (prefersProtobuf(ctx.request.headers.accept) && hasSchema(ctx.resource.apiVersion, ctx.resource.listKind)) {
    const encoded = protobufList(ctx.resource, result);
    if (encoded && encoded.length > CHUNK_BYTES) {
      sendLarge(ctx, encoded);
      return;
    }
    if (encoded) {
      void ctx.reply.code(200).header('content-type', PROTOBUF_MEDIA_TYPE).send(encoded);
      return;
    }
  }
  const head = `{"kind":"${ctx.resource.listKind}","apiVersion":"${ctx.resource.apiVersion}","metadata":${listMeta(result)},"items":[`;
  const items = result.items;
  if (items.length <= STREAM_ABOVE_ITEMS) {
    void ctx.reply
      .code(200)
      .header('content-type', 'application/json')
      .send(items.length === 0 ? `${head}${LIST_END}` : joinUtf8(head, items, utf8Lengths(items), 0, items.length, LIST_END));
    return;
  }
  // The whole size is known up front, so the answer has a Content-Length and each chunk goes to
  // the socket as the one buffer it is (chunked encoding would add three pieces to every write,
  // and the TLS socket copies a write of several pieces into one buffer first).
  const lengths = utf8Lengths(items);
  let size = Buffer.byteLength(head) + items.length - 1 + LIST_END.length;
  for (let k = 0; k < lengths.length; k++) {
    size += lengths[k];
  }
  let i = 0;
  streamAnswer(ctx, 'application/json', size, () => {
    const from = i;
    let bytes = 0;
    while (i < items.length && (i === from || bytes < CHUNK_BYTES)) {
      bytes += lengths[i++];
    }
    const last = i === items.length;
    return { chunk: joinUtf8(from === 0 ? head : ',', items, lengths, from, i, last ? LIST_END : ''), last };
  });
}

/**
 * Writes a large protobuf answer in CHUNK_BYTES slices, then frees it. In one write, the TLS
 * socket sizes its encrypted-output buffer for the whole answer (node's NodeBIO allocate hint) and
 * keeps that buffer for the connection's lifetime: a keep-alive client that once LISTed 100,000
 * pods in protobuf pinned 242 MiB. And the answer, written, is garbage that only a full GC frees,
 * which an idle server does not run: it is released as soon as it is sent.
 */
function sendLarge(ctx: HandlerContext, encoded: Buffer): void {
  let at = 0;
  const next = (): { chunk: Buffer; last: boolean } => {
    const chunk = encoded.subarray(at, Math.min(encoded.length, at + CHUNK_BYTES));
    at += chunk.length;
    return { chunk, last: at === encoded.length };
  };
  // HTTP/1.1: the end callback runs once every slice was handed to the socket (TLS has encrypted
  // them). HTTP/2 may still send from the memory itself then: left to the GC.
  streamAnswer(ctx, PROTOBUF_MEDIA_TYPE, encoded.length, next, () => ctx.request.raw.httpVersionMajor < 2 && releaseBuffer(encoded));
}

/**
 * A 200 answer of `size` bytes with that Content-Length, written chunk by chunk as `next` makes
 * them, waiting for `drain` whenever the socket's buffer is full; `sent` runs once the last chunk
 * has been handed to the socket.
 */
function streamAnswer(ctx: HandlerContext, contentType: string, size: number, next: () => { chunk: Buffer; last: boolean }, sent?: () => void): void {
  ctx.reply.hijack();
  const res = ctx.reply.raw;
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': size });
  // The head alone: sent with the first chunk it would be one more piece to copy.
  res.flushHeaders();
  const pump = (): void => {
    for (;;) {
      const { chunk, last } = next();
      if (last) {
        res.end(chunk, sent);
        return;
      }
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

/**
 * Frees a buffer that owns its whole ArrayBuffer (not a pool slice) now: moved into a message on a
 * closed MessageChannel, the ArrayBuffer is detached and its memory returned.
 */
function releaseBuffer(buf: Buffer): void {
  if (buf.byteOffset === 0 && buf.buffer.byteLength === buf.length) {
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(null, [buf.buffer as ArrayBuffer]);
    port1.close();
    port2.close();
  }
}

/** The protobuf List, or undefined when some value does not fit its schema (JSON is then sent). */
function protobufList(resource: RegisteredResource, result: ListResult): Buffer | undefined {
  // Each item is parsed only when the encoder reaches it and is garbage right after.
  const items = result.items.map((j) => new Deferred(() => JSON.parse(j)));
  return tryEncode({ kind: resource.listKind, apiVersion: resource.apiVersion, metadata: JSON.parse(listMeta(result)), items });
}

/** The UTF-8 byte length of each item. */
function utf8Lengths(items: string[]): Int32Array {
  const lengths = new Int32Array(items.length);
  for (let k = 0; k < items.length; k++) {
    lengths[k] = Buffer.byteLength(items[k], 'utf8');
  }
  return lengths;
}

/**
 * `prefix`, the items [from, to) (at least one) separated by commas, and `suffix`, as UTF-8 in one
 * buffer; `lengths[k]` is the UTF-8 length of item k. Joining megabytes of strings and
 * having the socket measure and encode them again cost more than the TLS encryption of the answer;
 * here an ASCII item (nearly all of them) is copied as it is: its UTF-8 and Latin-1 bytes are the
 * same, and Latin-1 is a plain copy of V8's string.
 */
function joinUtf8(prefix: string, items: string[], lengths: Int32Array, from: number, to: number, suffix: string): Buffer {
  let size = Buffer.byteLength(prefix) + (to - from - 1) + Buffer.byteLength(suffix);
  for (let k = from; k < to; k++) {
    size += lengths[k];
  }
  const out = Buffer.allocUnsafe(size);
  let at = out.write(prefix, 0, 'utf8');
  for (let k = from; k < to; k++) {
    if (k > from) {
      out[at++] = COMMA;
    }
    const item = items[k];
    // byteLength === length exactly when every character is below U+0080.
    at += out.write(item, at, lengths[k] === item.length ? 'latin1' : 'utf8');
  }
  out.write(suffix, at, 'utf8');
  return out;
}

const COMMA = 0x2c;
const LIST_END = ']}\n';
/** Bytes per chunk of a streamed list (the chunk ends after the item that reaches it). */
const CHUNK_BYTES = 1 << 20;
