import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { Authenticator } from 'src/apiserver/authn';
import { DiscoveryService } from 'src/apiserver/discovery.service';
import { ApiMetrics } from 'src/apiserver/metrics';
import { ApiRouter } from 'src/apiserver/router';
import { ServiceAccountTokens } from 'src/apiserver/service-account-tokens';
import { ServiceAllocator } from 'src/registry/core/service/allocator';
import { ClusterIPAllocator } from 'src/registry/core/service/cluster-ip-allocator';
import { parseIPRange } from 'src/registry/core/service/ip-range';
import { NodePortAllocator } from 'src/registry/core/service/node-port-allocator';
import { parsePortRange } from 'src/registry/core/service/port-range';
import { AllocationRepair } from 'src/registry/core/service/repair';
import { GenericStore } from 'src/registry/generic/store';
import { createRegistry } from 'src/registry/index';
import { Registry } from 'src/registry/registry';
import { Storage } from 'src/storage/storage';

/** Injection token of the apiserver's settings. */
export const APISERVER_OPTIONS = Symbol('APISERVER_OPTIONS');

/** What the apiserver module needs from the process that starts it. */
export interface ApiServerOptions {
  databaseUrl: string;
  adminToken: string;
  /** PEM keys that sign and verify service-account tokens. */
  serviceAccountKeyPem: string;
  serviceAccountPublicKeyPem: string;
  eventWindowSeconds: number;
  /** host:port clients reach this server at (legacy /api discovery); known once listening. */
  serverAddress: () => string;
  /**
   * False until start-up work after listening (the `kubernetes` Service, allocation repair, the
   * admin kubeconfig) is done; /readyz answers 500 until then, as upstream's post-start hooks do.
   * Absent means always ready.
   */
  startupComplete?: () => boolean;
  /** --service-cluster-ip-range: the IPv4 CIDR cluster IPs come from (default 10.96.0.0/12). */
  serviceClusterIPRange?: string;
  /** --service-node-port-range: `min-max` (default 30000-32767). */
  serviceNodePortRange?: string;
}

/** The default --service-cluster-ip-range. */
export const DEFAULT_SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/12';
/** The default --service-node-port-range. */
export const DEFAULT_SERVICE_NODE_PORT_RANGE = '30000-32767';

/** Owns the pool and the storage layer's lifetime: watchers end first, connections last. */
class Lifecycle implements OnModuleDestroy, OnApplicationShutdown {
  constructor(
    @Inject(Storage) private readonly storage: Storage,
    @Inject(Pool) private readonly pool: Pool,
    @Inject(AllocationRepair) private readonly repair: AllocationRepair,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.repair.stop();
    await this.storage.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * The apiserver's root module: one provider per collaborator, built explicitly so the wiring
 * reads top to bottom (pool → storage → store → router).
 */
@Module({})
export class ApiServerModule {
  /** Builds the module for one set of options. */
  static forRoot(options: ApiServerOptions): DynamicModule {
    const log = new Logger('storage');
    const serviceLog = new Logger('service-allocation');
    const ipRange = parseIPRange(options.serviceClusterIPRange ?? DEFAULT_SERVICE_CLUSTER_IP_RANGE);
    const portRange = parsePortRange(options.serviceNodePortRange ?? DEFAULT_SERVICE_NODE_PORT_RANGE);
    return {
      module: ApiServerModule,
      providers: [
        { provide: APISERVER_OPTIONS, useValue: options },
        { provide: Registry, useFactory: createRegistry },
        {
          provide: Pool,
          useFactory: () => {
            const pool = new Pool({ connectionString: options.databaseUrl, max: 16 });
            // An idle connection that Postgres closes (restart, failover) must not take the process down.
            pool.on('error', (err) => log.warn(`postgres connection lost: ${err.message}`));
            // pg-pool removes its own error listener while a client is checked out: a connection
            // that dies mid-transaction would then crash the process. Its query rejects; that is enough.
            pool.on('connect', (client) => client.on('error', (err) => log.warn(`postgres connection lost during a query: ${err.message}`)));
            return pool;
          },
        },
        {
          provide: Storage,
          inject: [Pool, Registry],
          useFactory: async (pool: Pool, registry: Registry) => {
            const storage = new Storage({ pool, databaseUrl: options.databaseUrl, registry, eventWindowSeconds: options.eventWindowSeconds, log: (m) => log.warn(m) });
            await storage.start();
            return storage;
          },
        },
        { provide: ClusterIPAllocator, inject: [Storage, Registry], useFactory: (s: Storage, r: Registry) => new ClusterIPAllocator(s, r, ipRange) },
        { provide: NodePortAllocator, inject: [Storage], useFactory: (s: Storage) => new NodePortAllocator(s, portRange) },
        {
          provide: GenericStore,
          inject: [Storage, Registry, ClusterIPAllocator, NodePortAllocator],
          useFactory: (s: Storage, r: Registry, ips: ClusterIPAllocator, ports: NodePortAllocator) =>
            new GenericStore(s, r, new Map([['services', new ServiceAllocator(ips, ports, r)]])),
        },
        {
          provide: AllocationRepair,
          inject: [Storage, Registry, GenericStore, ClusterIPAllocator, NodePortAllocator],
          useFactory: (s: Storage, r: Registry, st: GenericStore, ips: ClusterIPAllocator, ports: NodePortAllocator) =>
            new AllocationRepair(s, r, st, ips, ports, (m) => serviceLog.warn(m)),
        },
        { provide: ServiceAccountTokens, useFactory: () => new ServiceAccountTokens(options.serviceAccountKeyPem, options.serviceAccountPublicKeyPem) },
        {
          provide: Authenticator,
          inject: [ServiceAccountTokens, Storage, Registry],
          useFactory: (tokens: ServiceAccountTokens, storage: Storage, registry: Registry) => {
            const serviceAccounts = registry.byResource('serviceaccounts');
            return new Authenticator(options.adminToken, tokens, (ns, name) => {
              const e = serviceAccounts && storage.cache(serviceAccounts).get(ns, name);
              return e ? (JSON.parse(e.json) as { metadata: { uid?: string } }).metadata : undefined;
            });
          },
        },
        { provide: ApiMetrics, inject: [Storage], useFactory: (s: Storage) => new ApiMetrics(s) },
        {
          provide: DiscoveryService,
          inject: [Registry, ApiMetrics],
          useFactory: (r: Registry, m: ApiMetrics) => new DiscoveryService(r, m, options.serverAddress, options.startupComplete ?? (() => true)),
        },
        {
          provide: ApiRouter,
          inject: [Registry, GenericStore, Storage, Authenticator, DiscoveryService, ApiMetrics, ServiceAccountTokens],
          useFactory: (r: Registry, st: GenericStore, s: Storage, a: Authenticator, d: DiscoveryService, m: ApiMetrics, t: ServiceAccountTokens) =>
            new ApiRouter(r, st, s, a, d, m, t),
        },
        Lifecycle,
      ],
    };
  }
}
