import * as path from 'node:path';
import { CLIENT_COMPONENTS, type KubepgConfig } from 'src/config/config';
import { prepareEmbeddedPostgres, startEmbeddedPostgres, type EmbeddedPostgresHandle } from 'src/db/embedded-postgres';
import { assertPortFree, spawnComponent, stopComponent, superviseComponent, waitReady, type Component } from 'src/cli/child-process';

/**
 * `kubepg up`: an all-in-one cluster for a laptop or CI. Starts the embedded PostgreSQL (unless
 * DATABASE_URL is given) and the apiserver as a child process, then the scheduler, the node agent
 * and the controller manager as further children (each restarted if it dies), prints the
 * KUBECONFIG line once the server answers, and on Ctrl-C, SIGTERM or SIGHUP (terminal closed) stops every child and Postgres.
 * The apiserver starts while Postgres starts: it loads its code meanwhile and waits for the database.
 */
export async function runUp(cfg: KubepgConfig): Promise<void> {
  let pg: EmbeddedPostgresHandle | undefined;
  let pgStarting: Promise<void> | undefined;
  const children: Component[] = [];
  let stopping = false;
  const shutdown = async (code: number): Promise<never> => {
    stopping = true;
    // Clients first, so they can release their leases while the apiserver still answers.
    await Promise.all(children.slice(1).map((c) => stopComponent(c)));
    await Promise.all(children.slice(0, 1).map((c) => stopComponent(c)));
    // A Postgres still starting is stopped once it is up, not left running.
    await pgStarting?.catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));
  try {
    await assertPortFree(cfg.bindAddress, cfg.port);
    let databaseUrl = cfg.databaseUrl;
    if (!databaseUrl) {
      // Another server on the port would be mistaken for ours: the apiserver no longer waits for ours to start.
      await assertPortFree('127.0.0.1', cfg.postgresPort, '--postgres-port');
      process.stdout.write(`kubepg: starting embedded PostgreSQL in ${path.join(cfg.dataDir, 'postgres')} (port ${cfg.postgresPort})\n`);
      databaseUrl = prepareEmbeddedPostgres(cfg.dataDir, cfg.postgresPort).databaseUrl;
      pgStarting = startEmbeddedPostgres(cfg.dataDir, cfg.postgresPort, undefined, cfg.postgresSettings).then((h) => {
        pg = h;
      });
      // Awaited below; this only keeps a failure during an early shutdown from going unhandled.
      pgStarting.catch(() => undefined);
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
    await pgStarting;
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
