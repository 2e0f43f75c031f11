import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserInfo } from 'src/apiserver/authn';
import type { Query } from 'src/apiserver/list-options';
import type { ServiceAccountTokens } from 'src/apiserver/service-account-tokens';
import type { ResourceRequestInfo } from 'src/apiserver/request-info';
import type { RegisteredResource } from 'src/registry/generic/resource';
import type { GenericStore } from 'src/registry/generic/store';
import type { Storage } from 'src/storage/storage';

/** Everything a verb handler needs about one resource request. */
export interface HandlerContext {
  info: ResourceRequestInfo;
  resource: RegisteredResource;
  /** The request's namespace for namespaced resources, undefined for cluster-scoped ones. */
  namespace?: string;
  query: Query;
  request: FastifyRequest;
  reply: FastifyReply;
  body?: Buffer;
  store: GenericStore;
  storage: Storage;
  /** Who is asking. */
  user: UserInfo;
  tokens: ServiceAccountTokens;
}

/** A complete (non-streaming) response: status code, body and its media type. */
export interface HandlerResult {
  status: number;
  /** A JSON string as stored, or a value to serialize. */
  body: string | object;
  contentType?: string;
  /** Texts for `Warning: 299 - "<text>"` headers. */
  warnings?: string[];
}

/** A verb handler: returns a response, or undefined when it streamed one itself. */
export type Handler = (ctx: HandlerContext) => Promise<HandlerResult | undefined>;
