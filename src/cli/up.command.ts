import * as path from 'node:path';
import { CLIENT_COMPONENTS, type KubepgConfig } from 'src/config/config';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from 'src/db/embedded-postgres';
import { assertPortFree, spawnComponent, stopComponent, superviseComponent, waitReady, type Component } from 'src/cli/child-process';

/**
 * `kubepg up`: an all-in-one cluster for a laptop or CI. Starts the embedded PostgreSQL (unless
 * DATABASE_URL is given) and the apiserver as a child process, then the scheduler, the node agent
 * and the controller manager as further children (each restarted if it dies), prints the
 * KUBECONFIG line once the server answers, and on Ctrl-C or SIGTERM stops every child and Postgres.
 */
export async function runUp(cfg: KubepgConfig): Promise<void> {
  let pg: EmbeddedPostgresHandle | undefined;
  const children: Component[] = [];
  let stopping = false;
  const shutdown = async (code: number): Promise<never> => {
    stopping = true;
    // Clients first, so they can release their leases while the apiserver still answers.
    await Promise.all(children.slice(1).map((c) => stopComponent(c)));
    await Promise.all(children.slice(0, 1).map((c) => stopComponent(c)));
    await pg?.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  try {
    await assertPortFree(cfg.bindAddress, cfg.port);
    let databaseUrl = cfg.databaseUrl;
    if (!databaseUrl) {
      process.stdout.write(`kubepg: starting embedded PostgreSQL in ${path.join(cfg.dataDir, 'postgres')} (port ${cfg.postgresPort})\n`);
      pg = await startEmbeddedPostgres(cfg.dataDir, cfg.postgresPort);
      databaseUrl = pg.databaseUrl;
    }
    const apiserverArgs = ['apiserver', '--database-url', databaseUrl, '--data-dir', cfg.dataDir, '--port', String(cfg.port), '--bind-address', cfg.bindAddress, '--event-window', String(cfg.eventWindowSeconds), '--log-level', cfg.logLevel, '--service-cluster-ip-range', cfg.serviceClusterIPRange, '--service-node-port-range', cfg.serviceNodePortRange, ...(cfg.advertiseAddress ? ['--advertise-address', cfg.advertiseAddress] : [])];
    const apiserver = spawnComponent('apiserver', apiserverArgs);
    children.push(apiserver);
    apiserver.child.on('exit', (code, signal) => {
      if (!stopping) {
        process.stderr.write(`kubepg: apiserver exited (${signal ?? code}); stopping\n`);
        void shutdown(1);
      }
    });
    const host = cfg.bindAddress === '0.0.0.0' ? '127.0.0.1' : cfg.bindAddress;
    await waitReady(`https://${host}:${cfg.port}`, 60_000, () => apiserver.child.exitCode === null);
    for (const name of CLIENT_COMPONENTS) {
      if (cfg.disabled.includes(name) || (name === 'node-agent' && cfg.nodes === 0)) {
        continue;
      }
      const args = [name, '--kubeconfig', cfg.kubeconfig, '--data-dir', cfg.dataDir, '--log-level', cfg.logLevel, ...(name === 'node-agent' ? ['--nodes', String(cfg.nodes)] : [])];
      children.push(superviseComponent(name, args, () => stopping));
    }
    process.stdout.write(`kubepg is ready. Point kubectl at it with:\n\n  export KUBECONFIG=${path.join(cfg.dataDir, 'kubeconfig')}\n\n`);
  } catch (err) {
    process.stderr.write(`kubepg: ${err instanceof Error ? err.message : String(err)}\n`);
    await shutdown(1);
  }
}
