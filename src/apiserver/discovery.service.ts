import type { FastifyReply, FastifyRequest } from 'fastify';
import { aggregatedDiscovery, discoveryETag } from 'src/apiserver/discovery/aggregated';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from 'src/apiserver/discovery/legacy';
import { negotiateDiscovery } from 'src/apiserver/discovery/negotiation';
import { versionBody, versionInfo } from 'src/apiserver/discovery/version';
import type { ApiMetrics } from 'src/apiserver/metrics';
import { buildOpenApiV2, buildOpenApiV3, type OpenApiV3Documents } from 'src/apiserver/openapi/openapi-v3';
import { methodNotAllowed, pathNotFound } from 'src/apiserver/status';
import type { Registry } from 'src/registry/registry';

/** Serves every path outside the resource tree: discovery, /version, health, /metrics, OpenAPI. */
export class DiscoveryService {
  private readonly openapi: OpenApiV3Documents;
  private readonly openapiV2: string;

  constructor(
    private readonly registry: Registry,
    private readonly metrics: ApiMetrics,
    private readonly serverAddress: () => string,
    private readonly ready: () => boolean,
  ) {
    this.openapi = buildOpenApiV3(registry);
    this.openapiV2 = buildOpenApiV2(registry);
  }

  /** Answers a non-resource request, or 404. */
  async serveNonResource(request: FastifyRequest, reply: FastifyReply, parts: string[]): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      throw methodNotAllowed();
    }
    const json = (body: unknown, contentType = 'application/json'): void => {
      void reply.code(200).header('content-type', contentType).header('vary', 'Accept').send(JSON.stringify(body));
    };
    const [a, b, c, d] = parts;
    switch (a) {
      case 'healthz':
      case 'livez':
      case 'readyz':
        if (a === 'readyz' && !this.ready()) {
          void reply.code(500).header('content-type', 'text/plain; charset=utf-8').send('[+]ping ok\n[-]poststarthook/kubepg-bootstrap failed: not finished\nreadyz check failed\n');
          return;
        }
        void reply.code(200).header('content-type', 'text/plain; charset=utf-8').send('ok');
        return;
      case 'version':
        void reply.code(200).header('content-type', 'application/json').send(versionBody(versionInfo()));
        return;
      case 'metrics':
        void reply.code(200).header('content-type', this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
        return;
      case 'openapi':
        return this.serveOpenApi(reply, b, parts.slice(2), request.headers.accept ?? '');
      case 'api':
      case 'apis': {
        if (b !== undefined) {
          // Only /api and /apis have an aggregated form; elsewhere a converted-only Accept is a 406.
          negotiateDiscovery(request.headers.accept, { aggregatable: false });
        }
        if (a === 'api' && b !== undefined && c === undefined) {
          const doc = apiResourceList(this.registry, '', b);
          return doc ? json(doc) : Promise.reject(pathNotFound());
        }
        if (a === 'apis' && b !== undefined) {
          const doc = c === undefined ? apiGroup(this.registry, b) : d === undefined ? apiResourceList(this.registry, b, c) : undefined;
          return doc ? json(doc) : Promise.reject(pathNotFound());
        }
        if (b !== undefined) {
          throw pathNotFound();
        }
        const answer = negotiateDiscovery(request.headers.accept, { aggregatable: true });
        if (answer.format === 'aggregated') {
          const doc = aggregatedDiscovery(this.registry, a, answer.version);
          const etag = discoveryETag(doc);
          void reply.header('etag', etag).header('cache-control', 'public');
          if (request.headers['if-none-match'] === etag) {
            void reply.code(304).send();
            return;
          }
          return json(doc, answer.contentType);
        }
        return json(a === 'api' ? apiVersions(this.registry, this.serverAddress()) : apiGroupList(this.registry));
      }
      default:
        throw pathNotFound();
    }
  }

  private serveOpenApi(reply: FastifyReply, version: string | undefined, rest: string[], accept: string): void {
    // kubectl asks for v2 only in protobuf, which it tolerates a 404 for once v3 exists; JSON
    // clients get the JSON document.
    if (version === 'v2' && rest.length === 0 && /application\/json|\*\/\*/.test(accept)) {
      void reply.code(200).header('content-type', 'application/json').send(this.openapiV2);
      return;
    }
    if (version === 'v3' && rest.length === 0) {
      void reply.code(200).header('content-type', 'application/json').send(JSON.stringify(this.openapi.root));
      return;
    }
    const doc = version === 'v3' ? this.openapi.byGroupVersion.get(rest.join('/')) : undefined;
    if (!doc) {
      throw pathNotFound();
    }
    void reply.code(200).header('content-type', 'application/json').header('etag', `"${doc.hash}"`).send(doc.json);
  }
}
