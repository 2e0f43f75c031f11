import type { Handler, HandlerContext } from 'src/apiserver/handlers/context';
import { HttpWatchSink, type FrameEncoder, type FrameEncoding } from 'src/apiserver/handlers/watch-sink';
import { parseListOptions, type ListOptions } from 'src/apiserver/list-options';
import { selectionFor } from 'src/apiserver/selection';
import { expired, timeout, type Status } from 'src/apiserver/status';
import { encodeWatchFrame, hasSchema, PROTOBUF_WATCH_MEDIA_TYPE } from 'src/apiserver/protobuf/codec';
import { prefersProtobuf } from 'src/apiserver/protobuf/negotiation';
import { rendering, renderTable, TABLE_CONTENT_TYPE } from 'src/apiserver/table/table';
import type { KubeObject } from 'src/registry/generic/object';
import type { WatchStart } from 'src/storage/storage';

/** Default watch lifetime, randomised like upstream's MinRequestTimeout so clients do not reconnect in lockstep. */
const MIN_REQUEST_TIMEOUT_S = 1800;

/** The plain JSON frame: one `{"type","object"}` document per line. */
export const jsonFrame: FrameEncoder = (type, json) => `{"type":"${type}","object":${json}}\n`;

/** JSON watch frames, shared between watchers. */
const JSON_FRAMES: FrameEncoding = { encode: jsonFrame, memoKey: 'json' };

/** Length-prefixed protobuf WatchEvent frames (bookmarks and errors are objects of known kinds too), shared between watchers. */
const PROTOBUF_FRAMES: FrameEncoding = { encode: (type, json) => encodeWatchFrame(type, JSON.parse(json) as Record<string, unknown>), memoKey: 'protobuf' };

/**
 * Decides where a watch starts from its options.
 * Semantics: api-concepts "Semantics for watch" and KEP-3157 (sendInitialEvents).
 */
export function watchStart(opts: ListOptions): WatchStart {
  const rv = opts.resourceVersion;
  if (opts.sendInitialEvents === true) {
    return { initial: true, initialEventsEnd: true };
  }
  if (opts.sendInitialEvents === false) {
    return rv === undefined || rv === '0' ? { initial: false, afterRv: -1 } : { initial: false, afterRv: Number(rv) };
  }
  if (rv === undefined || rv === '0') {
    return { initial: true, initialEventsEnd: false };
  }
  return { initial: false, afterRv: Number(rv) };
}

/** Starts a watch stream on the response, with the given frame encoding. */
export async function serveWatch(ctx: HandlerContext, opts: ListOptions, encoding: FrameEncoding, contentType: string): Promise<void> {
  const sel = selectionFor(ctx.resource, ctx.namespace, opts);
  const start = watchStart(opts);
  const needsConsistency = opts.resourceVersion === undefined && (start.initial || start.afterRv === -1);
  if (needsConsistency && (await ctx.storage.consistentRv()) === false) {
    throw timeout('Timeout: Too large resource version', 1);
  }
  if (opts.resourceVersion && opts.resourceVersion !== '0' && start.initial && !(await ctx.storage.waitForRv(Number(opts.resourceVersion)))) {
    throw timeout(`Too large resource version: ${opts.resourceVersion}, current: ${ctx.storage.rv}`, 1);
  }
  const resolved: WatchStart = !start.initial && start.afterRv === -1 ? { initial: false, afterRv: ctx.storage.rv } : start;
  ctx.reply.hijack();
  const res = ctx.reply.raw;
  res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  const sink = new HttpWatchSink(res, encoding);
  const result = await ctx.storage.watch(ctx.resource, sel, resolved, opts.allowWatchBookmarks, sink);
  if (!('stop' in result)) {
    const status: Status = 'expired' in result ? expired(result.message).status : timeout(result.message, 1).status;
    sink.send('ERROR', JSON.stringify(status));
    sink.close();
    return;
  }
  const seconds = opts.timeoutSeconds ?? MIN_REQUEST_TIMEOUT_S * (1 + Math.random());
  const timer = setTimeout(() => result.stop(), seconds * 1000);
  res.on('close', () => {
    clearTimeout(timer);
    result.stop();
  });
}

/** GET with watch=true (or the legacy /watch/ path): a stream of JSON watch events. */
export const watch: Handler = async (ctx) => {
  const opts = parseListOptions(ctx.query, true);
  if (ctx.info.name) {
    // GET .../watch/<kind>/<name>, or ?watch=true on a single object: a watch of that one name.
    opts.fieldSelector = [opts.fieldSelector, `metadata.name=${ctx.info.name}`].filter(Boolean).join(',');
  }
  const render = rendering(ctx.request.headers.accept, ctx.query);
  if (!render.table && prefersProtobuf(ctx.request.headers.accept) && hasSchema(ctx.resource.apiVersion, ctx.resource.kind)) {
    await serveWatch(ctx, opts, PROTOBUF_FRAMES, PROTOBUF_WATCH_MEDIA_TYPE);
    return undefined;
  }
  if (!render.table) {
    await serveWatch(ctx, opts, JSON_FRAMES, 'application/json');
    return undefined;
  }
  // Each event carries a one-row Table; only the first one has the column definitions.
  let first = true;
  const tableFrame: FrameEncoder = (type, json) => {
    if (type === 'BOOKMARK' || type === 'ERROR') {
      return jsonFrame(type, json);
    }
    const obj = JSON.parse(json) as KubeObject;
    const table = renderTable(ctx.resource, [obj], render, { resourceVersion: obj.metadata.resourceVersion }, new Date(), first);
    first = false;
    return jsonFrame(type, table);
  };
  // A Table frame depends on the watcher (the first one carries the column definitions): never shared.
  await serveWatch(ctx, opts, { encode: tableFrame }, TABLE_CONTENT_TYPE);
  return undefined;
};
