import 'reflect-metadata';
import { ConfigError, FLAG_HELP, parseConfig } from 'src/config/config';

const USAGE = `kubepg: a Kubernetes API server that keeps all cluster state in PostgreSQL

Usage:
  kubepg up [flags]          embedded PostgreSQL (unless --database-url) + apiserver
  kubepg apiserver [flags]   only the apiserver, against --database-url
  kubepg controller-manager  the control loops, against --kubeconfig
  kubepg scheduler           assigns pods to nodes, against --kubeconfig
  kubepg node-agent          simulated kubelets for --nodes nodes, against --kubeconfig
  kubepg version

Flags:
${Object.entries(FLAG_HELP)
  .map(([f, h]) => `  ${f.padEnd(24)} ${h}`)
  .join('\n')}
`;

/**
 * CLI entry point: parses the command line once and runs the command. Each command loads only
 * its own modules: `kubepg up` must not spend a second loading the apiserver it runs as a child.
 */
async function main(): Promise<void> {
  const cfg = parseConfig(process.argv.slice(2), process.env, process.cwd());
  switch (cfg.command) {
    case 'up':
      return (await import('src/cli/up.command')).runUp(cfg);
    case 'apiserver':
      return (await import('src/cli/apiserver.command')).runApiServer(cfg);
    case 'scheduler': {
      const [{ runComponent }, { runSchedulerComponent }] = await Promise.all([import('src/cli/component.command'), import('src/scheduler/scheduler')]);
      return runComponent('scheduler', cfg, runSchedulerComponent);
    }
    case 'node-agent': {
      const [{ runComponent }, { runNodeAgent }] = await Promise.all([import('src/cli/component.command'), import('src/node-agent/node-agent')]);
      return runComponent('node-agent', cfg, (ctx) => runNodeAgent(ctx.client, { nodes: cfg.nodes, identity: ctx.identity, log: ctx.log }));
    }
    case 'controller-manager': {
      const [{ runComponent }, { runControllerManager }] = await Promise.all([
        import('src/cli/component.command'),
        import('src/controllers/controller-manager'),
      ]);
      return runComponent('controller-manager', cfg, runControllerManager);
    }
    case 'version':
      process.stdout.write(`${(await import('src/apiserver/discovery/version')).versionInfo().gitVersion}\n`);
      return;
    default:
      process.stdout.write(USAGE);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`kubepg: ${err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
