import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BenchClient, expectStatus } from 'bench/http-client';
import { startKubepg, type KubepgInstance } from 'bench/kubepg';
import { ensureNamespace } from 'bench/pod';
import { freePort } from 'bench/processes';
import { nowMs, round, sleep } from 'bench/stats';
import { writerCounters } from 'bench/writer-stats';

/** Sizes of the end-to-end cluster measurements. */
export interface ClusterProfile {
  schedulerNodes: number;
  schedulerPods: number;
  agentNodes: number;
  agentPods: number;
  /** How long lease renewals of the agent's nodes are watched. */
  leaseWatchMs: number;
  deploymentNodes: number;
  deploymentReplicas: number;
  smallDeployments: number;
  /** Cap on each wait. */
  maxMs: number;
}

/** One end-to-end figure: how long, how many, and the writes it took. */
export interface ClusterFigure {
  count: number;
  seconds: number;
  perSecond: number;
  /** Mutations the apiserver committed during the measurement (from /metrics). */
  writes: number;
}

/** Everything the cluster phase measured. */
export interface ClusterResults {
  scheduler?: ClusterFigure & { nodes: number };
  agentNodesReady?: ClusterFigure;
  /** Oldest lease renewTime age seen while watching, in seconds (renew period 10 s, lease 40 s). */
  leaseMaxAgeSeconds?: number;
  agentPodsRunning?: ClusterFigure & { nodes: number };
  agentPodsDeleted?: ClusterFigure;
  deploymentAvailable?: ClusterFigure & { nodes: number };
  smallDeploymentsAvailable?: ClusterFigure & { nodes: number };
  failures: string[];
}

type Progress = (msg: string) => void;

/** Starts a fresh `kubepg up` with the given components, runs `fn`, always stops it. */
async function withCluster<T>(args: string[], fn: (inst: KubepgInstance, api: BenchClient) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kubepg-bench-cluster-'));
  chmodSync(dataDir, 0o755);
  const inst = await startKubepg(dataDir, await freePort(), await freePort(), 120_000, ['--metrics-address=', ...args]);
  const api = new BenchClient(inst, 64);
  try {
    return await fn(inst, api);
  } finally {
    api.close();
    await inst.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs `work` over `n` indexes with `concurrency` in flight. */
async function pool(n: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        await work(next++);
      }
    }),
  );
}

/** Polls `count()` until it reaches `target`; returns the seconds from `t0`. */
async function until(what: string, count: () => Promise<number>, target: number, t0: number, maxMs: number): Promise<number> {
  for (;;) {
    const n = await count();
    if (n >= target) {
      return (nowMs() - t0) / 1000;
    }
    if (nowMs() - t0 > maxMs) {
      throw new Error(`${what}: ${n} of ${target} after ${maxMs / 1000} s`);
    }
    await sleep(250);
  }
}

/** Items of a list, without their bodies' weight mattering (JSON parse of the whole answer). */
async function listItems(api: BenchClient, p: string): Promise<any[]> {
  const ans = expectStatus('GET', p, await api.request('GET', p, { timeoutMs: 120_000 }), [200]);
  return (JSON.parse(ans.text) as { items: any[] }).items;
}

function figure(count: number, seconds: number, writes: number): ClusterFigure {
  return { count, seconds: round(seconds), perSecond: round(count / seconds), writes };
}

/** A Ready node as a kubelet would register it, for scheduler-only measurements. */
function nodeBody(i: number): string {
  const cond = (type: string, status: string, reason: string) => ({ type, status, reason, message: reason, lastHeartbeatTime: new Date().toISOString().replace(/\.\d+Z/, 'Z'), lastTransitionTime: new Date().toISOString().replace(/\.\d+Z/, 'Z') });
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `bench-node-${i}`, labels: { 'kubernetes.io/hostname': `bench-node-${i}`, 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    status: {
      capacity: { cpu: '32', memory: '256Gi', pods: '110' },
      allocatable: { cpu: '32', memory: '256Gi', pods: '110' },
      conditions: [cond('Ready', 'True', 'KubeletReady'), cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory')],
    },
  });
}

function podBody(name: string, nodeName?: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'bench' } },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
  });
}

/** The scheduler alone on `schedulerNodes` registered nodes: pods/s from first create to all bound. */
async function measureScheduler(p: ClusterProfile, progress: Progress): Promise<ClusterResults['scheduler']> {
  return withCluster(['--disable', 'node-agent,controller-manager'], async (_inst, api) => {
    progress(`scheduler: registering ${p.schedulerNodes} nodes`);
    await pool(p.schedulerNodes, 32, async (i) => void expectStatus('POST', '/api/v1/nodes', await api.request('POST', '/api/v1/nodes', { body: nodeBody(i) }), [201]));
    await ensureNamespace(api, 'sched');
    await sleep(2000); // the scheduler's node informer catches up
    const w0 = await writerCounters(api);
    const t0 = nowMs();
    progress(`scheduler: creating ${p.schedulerPods} pods`);
    await pool(p.schedulerPods, 32, async (i) => void expectStatus('POST', 'pods', await api.request('POST', '/api/v1/namespaces/sched/pods', { body: podBody(`p-${i}`) }), [201]));
    const seconds = await until('pods bound', async () => (await listItems(api, '/api/v1/namespaces/sched/pods')).filter((x) => x.spec.nodeName).length, p.schedulerPods, t0, p.maxMs);
    const w1 = await writerCounters(api);
    return { ...figure(p.schedulerPods, seconds, w1.writes - w0.writes), nodes: p.schedulerNodes };
  });
}

/** The node agent with `agentNodes` nodes: registration, lease freshness, pre-bound pods to Running and their deletion. */
async function measureAgent(p: ClusterProfile, res: ClusterResults, progress: Progress): Promise<void> {
  await withCluster(['--nodes', String(p.agentNodes), '--disable', 'scheduler,controller-manager'], async (_inst, api) => {
    const t0 = nowMs();
    const readyNodes = async () => (await listItems(api, '/api/v1/nodes')).filter((n) => n.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')).length;
    const w0 = await writerCounters(api);
    res.agentNodesReady = figure(p.agentNodes, await until('nodes Ready', readyNodes, p.agentNodes, t0, p.maxMs), (await writerCounters(api)).writes - w0.writes);
    progress(`node agent: ${p.agentNodes} nodes Ready in ${res.agentNodesReady.seconds} s; watching leases for ${p.leaseWatchMs / 1000} s`);
    let maxAge = 0;
    const leaseEnd = nowMs() + p.leaseWatchMs;
    while (nowMs() < leaseEnd) {
      const now = Date.now();
      for (const l of await listItems(api, '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases')) {
        maxAge = Math.max(maxAge, (now - Date.parse(l.spec.renewTime)) / 1000);
      }
      await sleep(2000);
    }
    res.leaseMaxAgeSeconds = round(maxAge);
    await ensureNamespace(api, 'agent');
    const w1 = await writerCounters(api);
    const t1 = nowMs();
    progress(`node agent: creating ${p.agentPods} pods bound to its nodes`);
    await pool(p.agentPods, 32, async (i) => void expectStatus('POST', 'pods', await api.request('POST', '/api/v1/namespaces/agent/pods', { body: podBody(`p-${i}`, `kubepg-node-${i % p.agentNodes}`) }), [201]));
    const running = async () => (await listItems(api, '/api/v1/namespaces/agent/pods')).filter((x) => x.status?.phase === 'Running').length;
    const secs = await until('pods Running', running, p.agentPods, t1, p.maxMs);
    res.agentPodsRunning = { ...figure(p.agentPods, secs, (await writerCounters(api)).writes - w1.writes), nodes: p.agentNodes };
    progress(`node agent: ${p.agentPods} pods Running in ${round(secs)} s; deleting them`);
    const w2 = await writerCounters(api);
    const t2 = nowMs();
    expectStatus('DELETE', 'pods', await api.request('DELETE', '/api/v1/namespaces/agent/pods', { timeoutMs: 300_000 }), [200]);
    const gone = await until('pods deleted', async () => p.agentPods - (await listItems(api, '/api/v1/namespaces/agent/pods')).length, p.agentPods, t2, p.maxMs);
    res.agentPodsDeleted = figure(p.agentPods, gone, (await writerCounters(api)).writes - w2.writes);
  });
}

function deployment(name: string, replicas: number): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  });
}

/** Every component on `deploymentNodes` nodes: one big Deployment, then many one-replica ones, to fully Available. */
async function measureDeployments(p: ClusterProfile, res: ClusterResults, progress: Progress): Promise<void> {
  await withCluster(['--nodes', String(p.deploymentNodes)], async (_inst, api) => {
    await until('nodes Ready', async () => (await listItems(api, '/api/v1/nodes')).filter((n) => n.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')).length, p.deploymentNodes, nowMs(), p.maxMs);
    await ensureNamespace(api, 'big');
    const available = async (ns: string) => (await listItems(api, `/apis/apps/v1/namespaces/${ns}/deployments`)).reduce((n, d) => n + (d.status?.availableReplicas ?? 0), 0);
    progress(`deployments: one Deployment of ${p.deploymentReplicas} replicas on ${p.deploymentNodes} nodes`);
    let w0 = await writerCounters(api);
    let t0 = nowMs();
    expectStatus('POST', 'deployment', await api.request('POST', '/apis/apps/v1/namespaces/big/deployments', { body: deployment('big', p.deploymentReplicas) }), [201]);
    const secs = await until('replicas available', () => available('big'), p.deploymentReplicas, t0, p.maxMs);
    res.deploymentAvailable = { ...figure(p.deploymentReplicas, secs, (await writerCounters(api)).writes - w0.writes), nodes: p.deploymentNodes };
    progress(`deployments: available in ${round(secs)} s; scaling it to 0, then ${p.smallDeployments} one-replica Deployments`);
    expectStatus('PATCH', 'scale', await api.request('PATCH', '/apis/apps/v1/namespaces/big/deployments/big/scale', { body: '{"spec":{"replicas":0}}', contentType: 'application/merge-patch+json' }), [200]);
    await until('big scaled down', async () => p.deploymentReplicas - (await listItems(api, '/api/v1/namespaces/big/pods')).length, p.deploymentReplicas, nowMs(), p.maxMs);
    await ensureNamespace(api, 'small');
    w0 = await writerCounters(api);
    t0 = nowMs();
    await pool(p.smallDeployments, 16, async (i) => void expectStatus('POST', 'deployment', await api.request('POST', '/apis/apps/v1/namespaces/small/deployments', { body: deployment(`d-${i}`, 1) }), [201]));
    const small = await until('small deployments available', () => available('small'), p.smallDeployments, t0, p.maxMs);
    res.smallDeploymentsAvailable = { ...figure(p.smallDeployments, small, (await writerCounters(api)).writes - w0.writes), nodes: p.deploymentNodes };
  });
}

/** The end-to-end cluster measurements, each on its own fresh `kubepg up`; a failing one is reported, the rest still run. */
export async function measureCluster(p: ClusterProfile, progress: Progress): Promise<ClusterResults> {
  const res: ClusterResults = { failures: [] };
  const attempt = async (name: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (err) {
      res.failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  await attempt('scheduler throughput', async () => void (res.scheduler = await measureScheduler(p, progress)));
  await attempt('node agent', () => measureAgent(p, res, progress));
  await attempt('deployments', () => measureDeployments(p, res, progress));
  return res;
}
