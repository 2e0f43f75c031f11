import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { stopOnSignals } from 'src/cli/graceful-stop';
import type { KubepgConfig } from 'src/config/config';
import { KubeClient } from 'src/controllers/runtime/kube-client';

/** A running client component (scheduler, node agent, controller manager). */
export interface RunningComponent {
  stop(): Promise<void>;
}

/** What a client component needs to start: an API client and the parsed flags. */
export interface ComponentContext {
  client: KubeClient;
  cfg: KubepgConfig;
  /** `<hostname>_<uuid>`, the identity upstream components campaign with. */
  identity: string;
  log: (msg: string) => void;
}

/** Starts one client component. */
export type ComponentStarter = (ctx: ComponentContext) => Promise<RunningComponent>;

/**
 * `kubepg scheduler|node-agent|controller-manager`: connects with the kubeconfig, runs the
 * component until SIGTERM or SIGINT, then stops it cleanly (releasing any leader lease).
 */
export async function runComponent(name: string, cfg: KubepgConfig, start: ComponentStarter): Promise<void> {
  const log = (msg: string): void => {
    if (cfg.logLevel !== 'error' && cfg.logLevel !== 'warn') {
      process.stdout.write(`kubepg ${name}: ${msg}\n`);
    }
  };
  const client = await KubeClient.load({ kubeconfig: cfg.kubeconfig, userAgent: `kubepg-${name}/v1.35.0 (linux/amd64) kubernetes/kubepg` });
  const running = await start({ client, cfg, identity: `${os.hostname()}_${randomUUID()}`, log });
  stopOnSignals(
    async () => {
      await running.stop();
      client.close();
    },
    (err) => process.stderr.write(`kubepg ${name}: shutdown failed: ${String(err)}\n`),
  );
}
