import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator, UserInfo } from 'src/apiserver/authn';
import type { DiscoveryService } from 'src/apiserver/discovery.service';
import type { Handler, HandlerContext, HandlerResult } from 'src/apiserver/handlers/context';
import { createBinding } from 'src/apiserver/handlers/binding';
import { create } from 'src/apiserver/handlers/create';
import { deleteOne } from 'src/apiserver/handlers/delete';
import { deleteCollection } from 'src/apiserver/handlers/delete-collection';
import { get } from 'src/apiserver/handlers/get';
import { list } from 'src/apiserver/handlers/list';
import { patch } from 'src/apiserver/handlers/patch';
import { createReview } from 'src/apiserver/handlers/reviews';
import { scale } from 'src/apiserver/handlers/scale';
import { createToken } from 'src/apiserver/handlers/token';
import { hasSchema, PROTOBUF_MEDIA_TYPE } from 'src/apiserver/protobuf/codec';
import { tryEncode } from 'src/apiserver/protobuf/try-encode';
import { prefersProtobuf } from 'src/apiserver/protobuf/negotiation';
import type { ServiceAccountTokens } from 'src/apiserver/service-account-tokens';
import { update } from 'src/apiserver/handlers/update';
import { watch } from 'src/apiserver/handlers/watch';
import type { Query } from 'src/apiserver/list-options';
import type { ApiMetrics } from 'src/apiserver/metrics';
import { parseRequestInfo, type RequestVerb, type ResourceRequestInfo } from 'src/apiserver/request-info';
import { internalError, methodNotAllowed, pathNotFound, StatusError } from 'src/apiserver/status';
import type { Registry } from 'src/registry/registry';
import type { GenericStore } from 'src/registry/generic/store';
import type { Storage } from 'src/storage/storage';

/** One handler per verb; resources add nothing here. */
const HANDLERS: Record<RequestVerb, Handler> = {
  get,
  list,
  watch,
  create,
  update,
  patch,
  delete: deleteOne,
  deletecollection: deleteCollection,
};

/** Subresources the generic store serves for every resource that declares them. */
const GENERIC_SUBRESOURCES = new Set(['status', 'finalize']);

/** Subresources with a handler of their own, for every resource that declares them. */
const SUBRESOURCE_HANDLERS: Record<string, Handler> = { scale, token: createToken, binding: createBinding };

/** Virtual resources (nothing stored) with a handler of their own; other virtual ones are reviews. */
const VIRTUAL_HANDLERS: Record<string, Handler> = { bindings: createBinding };

/** Paths anyone may read without credentials (upstream's system:public-info-viewer). */
const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

/**
 * The single catch-all route: request info, authentication, then either a non-resource path
 * (discovery, health, metrics, OpenAPI) or the verb handler for a resource.
 */
export class ApiRouter {
  constructor(
    private readonly registry: Registry,
    private readonly store: GenericStore,
    private readonly storage: Storage,
    private readonly authn: Authenticator,
    private readonly discovery: DiscoveryService,
    private readonly metrics: ApiMetrics,
    private readonly tokens: ServiceAccountTokens,
  ) {}

  /** Handles one request; every failure becomes a Status response. */
  async handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const started = process.hrtime.bigint();
    const path = request.url.split('?')[0];
    const query = request.query as Query;
    const info = parseRequestInfo(request.method, path, query);
    let verb = info.isResourceRequest ? info.verb : request.method.toLowerCase();
    let resource = info.isResourceRequest ? info.resource : '';
    try {
      const user = this.authn.authenticate(request.headers.authorization);
      if (!user && !PUBLIC_PATHS.has(path.replace(/\/+$/, ''))) {
        throw this.authn.unauthorized();
      }
      if (!info.isResourceRequest) {
        await this.discovery.serveNonResource(request, reply, info.parts);
        return;
      }
      const r = this.registry.lookup(info.group, info.version, info.resource);
      if (!r) {
        throw pathNotFound();
      }
      resource = r.groupResource;
      if (info.subresource) {
        if (!r.subresources?.some((s) => s.name === info.subresource)) {
          throw pathNotFound();
        }
        if (!GENERIC_SUBRESOURCES.has(info.subresource) && !SUBRESOURCE_HANDLERS[info.subresource]) {
          throw new StatusError({ ...methodNotAllowed().status, message: `the ${info.subresource} subresource of ${r.groupResource} is not implemented by kubepg yet` });
        }
        const sub = r.subresources?.find((x) => x.name === info.subresource);
        if (!sub?.verbs.includes(info.verb as never)) {
          throw methodNotAllowed();
        }
      }
      const verbs = r.verbs ?? ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
      if (!info.subresource && !verbs.includes(info.verb)) {
        throw methodNotAllowed();
      }
      verb = info.verb;
      const ctx: HandlerContext = {
        info: info as ResourceRequestInfo,
        resource: r,
        namespace: r.namespaced ? info.namespace : undefined,
        query,
        request,
        reply,
        body: request.body as Buffer | undefined,
        store: this.store,
        storage: this.storage,
        user: user as UserInfo,
        tokens: this.tokens,
      };
      if (r.namespaced && info.namespace === undefined && !['list', 'watch', 'deletecollection'].includes(info.verb)) {
        throw pathNotFound();
      }
      const handler = r.virtual ? (VIRTUAL_HANDLERS[r.groupResource] ?? createReview) : (info.subresource && SUBRESOURCE_HANDLERS[info.subresource]) || HANDLERS[info.verb];
      const result = await handler(ctx);
      if (result) {
        this.send(reply, result, prefersProtobuf(request.headers.accept));
      }
    } catch (err) {
      this.sendError(reply, err);
    } finally {
      if (verb !== 'watch') {
        this.metrics.observe(verb, resource, reply.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
      }
    }
  }

  private send(reply: FastifyReply, r: HandlerResult, protobuf: boolean): void {
    if (r.warnings?.length) {
      void reply.header('warning', r.warnings.map((w) => `299 - ${JSON.stringify(w)}`));
    }
    if (protobuf && (r.contentType ?? 'application/json') === 'application/json') {
      const obj = (typeof r.body === 'string' ? JSON.parse(r.body) : r.body) as { apiVersion?: string; kind?: string };
      const encoded = obj.apiVersion && obj.kind && hasSchema(obj.apiVersion, obj.kind) ? tryEncode(obj as Record<string, unknown>) : undefined;
      if (encoded) {
        void reply.code(r.status).header('content-type', PROTOBUF_MEDIA_TYPE).send(encoded);
        return;
      }
    }
    void reply
      .code(r.status)
      .header('content-type', r.contentType ?? 'application/json')
      .send(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
  }

  /** Writes an error as a Status (or logs it when the response is already streaming). */
  sendError(reply: FastifyReply, err: unknown): void {
    const se = err instanceof StatusError ? err : internalError(err);
    if (!(err instanceof StatusError)) {
      reply.log.error({ err }, 'request failed');
    }
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.end();
      return;
    }
    void reply.code(se.code).headers({ 'content-type': 'application/json', ...se.headers }).send(JSON.stringify(se.status));
  }
}

