import * as http from 'node:http';
import type { ComponentContext, RunningComponent } from 'src/cli/component.command';
import { CONTROLLERS } from 'src/controllers/index';
import { defaultControllerOptions, type Controller, type ControllerOptions } from 'src/controllers/runtime/controller';
import { EventRecorder } from 'src/controllers/runtime/event-recorder';
import { InformerFactory } from 'src/controllers/runtime/informer-factory';
import type { KubeClient } from 'src/controllers/runtime/kube-client';
import { LeaderElector } from 'src/controllers/runtime/leader-election';
import { ControllerMetrics } from 'src/controllers/runtime/metrics';

/** Options of a controller set. */
export interface ControllerSetOptions {
  /** Controller names to run (default: all of CONTROLLERS). */
  controllers?: string[];
  options?: Partial<ControllerOptions>;
  log?: (msg: string) => void;
}

/** A running set of controllers sharing one informer factory. */
export interface ControllerSet {
  metrics: ControllerMetrics;
  stop(): Promise<void>;
}

/**
 * Builds the named controllers over shared informers, waits for the caches to sync, then starts
 * them. Used by the controller-manager process (after it won the election) and by tests.
 */
export async function startControllers(client: KubeClient, opts: ControllerSetOptions = {}): Promise<ControllerSet> {
  const names = opts.controllers ?? Object.keys(CONTROLLERS);
  const unknown = names.filter((n) => !CONTROLLERS[n]);
  if (unknown.length > 0) {
    throw new Error(`unknown controllers: ${unknown.join(', ')} (known: ${Object.keys(CONTROLLERS).join(', ')})`);
  }
  const informers = new InformerFactory(client);
  const metrics = new ControllerMetrics();
  const recorders = new Map<string, EventRecorder>();
  const ctx = {
    client,
    informers,
    metrics,
    options: { ...defaultControllerOptions(), ...opts.options },
    log: opts.log ?? (() => undefined),
    recorder(component: string): EventRecorder {
      let r = recorders.get(component);
      if (!r) {
        recorders.set(component, (r = new EventRecorder(client, { component })));
      }
      return r;
    },
  };
  const controllers: Controller[] = names.map((n) => CONTROLLERS[n](ctx));
  await informers.start();
  for (const c of controllers) {
    c.start();
  }
  return {
    metrics,
    async stop() {
      await Promise.all(controllers.map((c) => c.stop()));
      informers.stop();
      await Promise.all([...recorders.values()].map((r) => r.flush()));
    },
  };
}

/**
 * `kubepg controller-manager`: campaigns for the Lease kube-system/kube-controller-manager
 * (15 s / 10 s / 2 s), runs every controller while leading, exits when leadership is lost (as
 * kube-controller-manager does, so a supervisor restarts it clean), and serves /metrics.
 */
export async function runControllerManager(c: ComponentContext): Promise<RunningComponent> {
  let set: ControllerSet | undefined;
  const metricsServer = serveMetrics(c.cfg.metricsAddress, () => set?.metrics, c.log);
  const elector = c.cfg.leaderElect ? new LeaderElector(c.client, { namespace: 'kube-system', name: 'kube-controller-manager', identity: c.identity }) : undefined;
  const lead = async (): Promise<void> => {
    c.log('started leading; starting controllers');
    set = await startControllers(c.client, { log: c.log });
  };
  if (elector) {
    void elector.run({
      onStartedLeading: lead,
      onStoppedLeading: () => {
        process.stderr.write('kubepg controller-manager: leaderelection lost\n');
        process.exit(1);
      },
    });
  } else {
    await lead();
  }
  return {
    async stop() {
      await set?.stop();
      await elector?.release();
      metricsServer?.close();
    },
  };
}

/** Serves Prometheus metrics on host:port (empty address: none); a taken port only logs. */
function serveMetrics(address: string, metrics: () => ControllerMetrics | undefined, log: (m: string) => void): http.Server | undefined {
  if (!address) {
    return undefined;
  }
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  const server = http.createServer((req, res) => {
    const m = metrics();
    if (req.url !== '/metrics' || !m) {
      res.writeHead(req.url === '/metrics' ? 503 : 404).end();
      return;
    }
    void m.registry.metrics().then((text) => res.writeHead(200, { 'Content-Type': m.registry.contentType }).end(text));
  });
  server.on('error', (err) => log(`metrics server on ${address}: ${err.message}`));
  server.listen(port, host);
  server.unref();
  return server;
}
