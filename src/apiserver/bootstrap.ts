import type { AddressInfo } from 'node:net';
import * as tls from 'node:tls';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { ApiServerModule, DEFAULT_SERVICE_CLUSTER_IP_RANGE } from 'src/apiserver/apiserver.module';
import { advertiseAddress, ensureDefaultServiceCIDR, ensureKubernetesService } from 'src/apiserver/kubernetes-service';
import { ApiRouter } from 'src/apiserver/router';
import { badRequest, requestEntityTooLarge } from 'src/apiserver/status';
import { runMigrations } from 'src/db/migrate';
import { ensurePki, writeKubeconfig } from 'src/pki/pki';
import { ensureSystemNamespaces } from 'src/apiserver/system-namespaces';
import { parseIPRange } from 'src/registry/core/service/ip-range';
import { AllocationRepair } from 'src/registry/core/service/repair';
import { GenericStore } from 'src/registry/generic/store';
import { Registry } from 'src/registry/registry';

/**
 * Node's default suites with AES-128-GCM first, as Go's TLS stack (kubectl, client-go) offers them.
 * A Node client (client-node) lists AES-256-GCM first; encrypting a large LIST or watch stream
 * with AES-128 costs about half as much CPU on both ends, at no loss that matters here.
 */
const SERVER_CIPHERS = ['TLS_AES_128_GCM_SHA256', ...tls.DEFAULT_CIPHERS.split(':').filter((c) => c !== 'TLS_AES_128_GCM_SHA256')].join(':');

/** How to start one apiserver. */
export interface StartApiServerOptions {
  databaseUrl: string;
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  bindAddress?: string;
  eventWindowSeconds?: number;
  maxRequestBytes?: number;
  logLevels?: LogLevel[];
  /** --service-cluster-ip-range (default 10.96.0.0/12). */
  serviceClusterIPRange?: string;
  /** --service-node-port-range (default 30000-32767). */
  serviceNodePortRange?: string;
  /** --advertise-address: the address written into the `kubernetes` Endpoints (default: see advertiseAddress). */
  advertiseAddress?: string;
}

/** A running apiserver. */
export interface ApiServerHandle {
  url: string;
  port: number;
  token: string;
  kubeconfigPath: string;
  close(): Promise<void>;
}

/** Sends every HTTP method of every path to the router, with bodies kept as raw bytes. */
function mountRouter(fastify: FastifyInstance, router: ApiRouter, maxRequestBytes: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxRequestBytes }, (_req, body, done) => done(null, body));
  fastify.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: '/*',
    handler: (req, reply) => router.handle(req, reply),
    // Errors raised before the handler runs (body too large, unreadable body) become Status objects too.
    errorHandler: (err: Error & { code?: string; statusCode?: number }, _req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return router.sendError(reply, requestEntityTooLarge(`the request body is too large: limit is ${maxRequestBytes}`));
      }
      return router.sendError(reply, err.statusCode && err.statusCode < 500 ? badRequest(err.message) : err);
    },
  });
}

/**
 * Starts an apiserver: migrations (advisory-locked), PKI, storage, the system namespaces, then
 * HTTPS. Writes `<dataDir>/kubeconfig` for the admin once it listens; /readyz says ok only after that.
 */
export async function startApiServer(opts: StartApiServerOptions): Promise<ApiServerHandle> {
  const bindAddress = opts.bindAddress ?? '127.0.0.1';
  const maxRequestBytes = opts.maxRequestBytes ?? 3 * 1024 * 1024;
  await runMigrations(opts.databaseUrl, (m) => new Logger('apiserver').log(m));
  const pki = ensurePki(opts.dataDir, [bindAddress]);
  let address = `${bindAddress}:${opts.port ?? 6443}`;
  let startupComplete = false;
  const adapter = new FastifyAdapter({
    // HTTP/2 for clients that negotiate it (kubectl, client-go), HTTP/1.1 for the rest (client-node).
    http2: true,
    https: { key: pki.serverKeyPem, cert: pki.serverCertPem, allowHTTP1: true, ciphers: SERVER_CIPHERS, honorCipherOrder: true },
    bodyLimit: maxRequestBytes,
    logger: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 4096 },
  } as never);
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiServerModule.forRoot({
      databaseUrl: opts.databaseUrl,
      adminToken: pki.adminToken,
      serviceAccountKeyPem: pki.serviceAccountKeyPem,
      serviceAccountPublicKeyPem: pki.serviceAccountPublicKeyPem,
      eventWindowSeconds: opts.eventWindowSeconds ?? 300,
      serverAddress: () => address,
      startupComplete: () => startupComplete,
      serviceClusterIPRange: opts.serviceClusterIPRange,
      serviceNodePortRange: opts.serviceNodePortRange,
    }),
    adapter,
    { logger: opts.logLevels ?? ['error', 'warn'], bodyParser: false },
  );
  // Nest installs its own body parsers and error handler during init; ours replace them after.
  await app.init();
  mountRouter(app.getHttpAdapter().getInstance() as unknown as FastifyInstance, app.get(ApiRouter), maxRequestBytes);
  const store = app.get(GenericStore);
  const registry = app.get(Registry);
  const serviceLog = new Logger('kubernetes-service');
  const range = parseIPRange(opts.serviceClusterIPRange ?? DEFAULT_SERVICE_CLUSTER_IP_RANGE);
  await ensureSystemNamespaces(store, registry);
  await ensureDefaultServiceCIDR(store, registry, range, (m) => serviceLog.warn(m));
  await app.listen(opts.port ?? 6443, bindAddress);
  const port = (app.getHttpServer().address() as AddressInfo).port;
  await ensureKubernetesService(store, registry, { range, port, address: opts.advertiseAddress ?? advertiseAddress(bindAddress) }).catch((err: Error) =>
    serviceLog.warn(`the kubernetes Service could not be created or updated: ${err.message}`),
  );
  const repair = app.get(AllocationRepair);
  await repair.runOnce().catch((err: Error) => serviceLog.warn(`service allocation repair failed: ${err.message}`));
  repair.start();
  address = `${bindAddress}:${port}`;
  const host = bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress;
  const url = `https://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const kubeconfigPath = writeKubeconfig(opts.dataDir, url, pki);
  // `kubepg up` waits on /readyz before it starts clients that read this kubeconfig.
  startupComplete = true;
  new Logger('apiserver').log(`serving on ${url}`);
  return {
    url,
    port,
    token: pki.adminToken,
    kubeconfigPath,
    close: () => app.close(),
  };
}
