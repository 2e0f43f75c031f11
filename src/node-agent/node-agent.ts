import * as os from 'node:os';
import { Informer, keyOf } from 'src/controllers/runtime/informer';
import type { KubeClient } from 'src/controllers/runtime/kube-client';
import { WorkQueue } from 'src/controllers/runtime/work-queue';
import { KubeletEvents } from 'src/node-agent/kubelet-events';
import { Limiter, limitedClient } from 'src/node-agent/limited-client';
import { NodeLeaseRenewer } from 'src/node-agent/node-lease';
import { NodeSet } from 'src/node-agent/node-set';
import { NodeStatusUpdater } from 'src/node-agent/node-status';
import { resolveOptions, type NodeAgentOptions } from 'src/node-agent/options';
import { PodWorker } from 'src/node-agent/pod-worker';
import type { Runtime } from 'src/node-agent/runtime';
import { SimulatedRuntime } from 'src/node-agent/simulated-runtime';
import type { KubeObject } from 'src/registry/generic/object';

/** How long stop() waits for queued events before dropping them. */
const EVENT_FLUSH_TIMEOUT_MS = 2000;

/** The kubelet version reported when the apiserver's /version cannot be read. */
export const FALLBACK_KUBELET_VERSION = 'v1.35.0-kubepg';

/** Options of runNodeAgent: the agent's options plus the runtime pods run on (simulated by default). */
export interface RunNodeAgentOptions extends NodeAgentOptions {
  runtime?: Runtime;
}

/** A running node agent. */
export interface RunningNodeAgent {
  /** Stops syncing pods, renewing leases and posting status; waits for writes in flight. */
  stop(): Promise<void>;
}

/** The apiserver's gitVersion, which simulated kubelets report as their own version. */
async function apiserverVersion(client: KubeClient): Promise<string> {
  try {
    const v = await client.get<{ gitVersion?: string }>('/version');
    return v.gitVersion || FALLBACK_KUBELET_VERSION;
  } catch {
    return FALLBACK_KUBELET_VERSION;
  }
}

/**
 * Runs N simulated kubelets against the API (never the database): registers the nodes, renews
 * their Leases, posts their status, and drives every pod bound to them through its lifecycle on
 * the runtime. One informer each for nodes and bound pods serves all nodes; work goes through keyed
 * queues with bounded workers, so 1,000 nodes and 10,000 pods cost a handful of timers, not one per
 * object. On start, pods already on our nodes are handed to the runtime to recover before any new
 * sandbox is made, so a restarted agent keeps their status and IPs.
 */
export async function runNodeAgent(client: KubeClient, options: RunNodeAgentOptions): Promise<RunningNodeAgent> {
  const opts = resolveOptions(options);
  const runtime = options.runtime ?? new SimulatedRuntime();
  const nodes = new NodeSet(opts, {
    kubeletVersion: await apiserverVersion(client),
    containerRuntimeVersion: runtime.version,
    kernelVersion: os.release(),
  });
  const events = new KubeletEvents(limitedClient(client, new Limiter(opts.eventWorkers)), opts.events);

  const nodeInformer = new Informer<KubeObject>(client, '/api/v1/nodes');
  const status = new NodeStatusUpdater(client, nodes, (name) => nodeInformer.get(name), events, {
    reportIntervalMs: opts.nodeStatusReportIntervalMs,
    workers: opts.nodeWorkers,
    log: opts.log,
  });
  const onNode = (node: KubeObject, deleted: boolean) => {
    const name = String(node.metadata.name);
    if (nodes.has(name)) {
      nodes.observe(name, deleted ? undefined : node);
      status.onNodeEvent(name, deleted);
    }
  };
  nodeInformer.on('add', (n) => onNode(n, false));
  nodeInformer.on('update', (n) => onNode(n, false));
  nodeInformer.on('delete', (n) => onNode(n, true));

  const podInformer = new Informer<KubeObject>(client, '/api/v1/pods', { fieldSelector: 'spec.nodeName!=' });
  const worker = new PodWorker(client, runtime, nodes, (key) => podInformer.get(key), events, {
    crashBackOffBaseMs: opts.crashBackOffBaseMs,
    crashBackOffMaxMs: opts.crashBackOffMaxMs,
  });
  const pods = new WorkQueue('node-agent-pods', (key) => worker.sync(key), { workers: opts.podWorkers });
  const onPod = (pod: KubeObject) => {
    if (nodes.has(pod.spec?.nodeName)) {
      pods.add(keyOf(pod));
    }
  };
  podInformer.on('add', onPod);
  podInformer.on('update', onPod);
  podInformer.on('delete', onPod);

  const leases = new NodeLeaseRenewer(client, nodes, {
    durationSeconds: opts.leaseDurationSeconds,
    renewIntervalMs: opts.leaseRenewIntervalMs,
    workers: opts.leaseWorkers,
    log: opts.log,
  });

  await nodeInformer.start();
  await podInformer.start();
  let recovered = 0;
  for (const pod of podInformer.list()) {
    if (nodes.has(pod.spec?.nodeName)) {
      runtime.recover(pod, nodes.network(pod.spec.nodeName));
      recovered++;
    }
  }
  status.start();
  leases.start();
  pods.start();
  const names = nodes.names();
  opts.log(`running ${names.length} nodes${names.length ? ` (${names[0]} … ${names[names.length - 1]})` : ''}; ${recovered} pods already bound to them`);

  return {
    async stop() {
      podInformer.stop();
      nodeInformer.stop();
      await Promise.all([pods.stop(), status.stop(), leases.stop()]);
      await events.flush(EVENT_FLUSH_TIMEOUT_MS);
    },
  };
}
