import { Logger } from '@nestjs/common';
import { startApiServer } from 'src/apiserver/bootstrap';
import { stopOnSignals } from 'src/cli/graceful-stop';
import type { KubepgConfig } from 'src/config/config';

/** `kubepg apiserver`: serves the API against an existing Postgres until SIGTERM or SIGINT. */
export async function runApiServer(cfg: KubepgConfig): Promise<void> {
  const levels = { debug: ['error', 'warn', 'log', 'debug'], info: ['error', 'warn', 'log'], warn: ['error', 'warn'], error: ['error'] } as const;
  const handle = await startApiServer({
    databaseUrl: cfg.databaseUrl!,
    dataDir: cfg.dataDir,
    port: cfg.port,
    bindAddress: cfg.bindAddress,
    eventWindowSeconds: cfg.eventWindowSeconds,
    maxRequestBytes: cfg.maxRequestBytes,
    serviceClusterIPRange: cfg.serviceClusterIPRange,
    serviceNodePortRange: cfg.serviceNodePortRange,
    advertiseAddress: cfg.advertiseAddress,
    logLevels: [...levels[cfg.logLevel]],
  });
  stopOnSignals(
    () => handle.close(),
    (err) => new Logger('apiserver').error(`shutdown failed: ${String(err)}`),
  );
}
