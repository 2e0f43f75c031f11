import type { ClusterFigure, ClusterResults } from 'bench/cluster';
import type { FigureRow, Reference } from 'bench/figures';
import type { BenchResults } from 'bench/results-types';

const SECTION = 'End to end (scheduler, node agent, controller manager)';

/**
 * The same-run baseline of an end-to-end figure: how long raw Postgres (1 row + NOTIFY per
 * transaction, 64 connections) takes to commit the writes the apiserver committed meanwhile.
 */
function pgTime(res: BenchResults, f: ClusterFigure): Reference | undefined {
  const rate = res.postgres?.singleRow64.opsPerSec;
  return rate && f.writes > 0 ? { value: Math.round((f.writes / rate) * 10) / 10, label: `raw PG commits the same ${f.writes.toLocaleString('en-US')} writes` } : undefined;
}

function pgRate(res: BenchResults, f: ClusterFigure): Reference | undefined {
  const rate = res.postgres?.singleRow64.opsPerSec;
  return rate && f.writes > 0 ? { value: Math.round(rate / (f.writes / f.count)), label: `raw PG at ${(f.writes / f.count).toFixed(1)} writes per object` } : undefined;
}

const n = (x: number): string => x.toLocaleString('en-US');

/** Table rows of the cluster measurements. */
export function clusterRows(res: BenchResults): FigureRow[] {
  const c: ClusterResults | undefined = res.cluster;
  if (!c) {
    return [];
  }
  const rows: FigureRow[] = [];
  if (c.scheduler) {
    rows.push({
      section: SECTION,
      figure: `scheduler: ${n(c.scheduler.count)} pods placed on ${n(c.scheduler.nodes)} nodes (create → bound)`,
      value: c.scheduler.perSecond,
      unit: 'obj/s',
      detail: `${c.scheduler.seconds} s; kube-scheduler's own CI floor is 270 pods/s on 5,000 nodes (scheduler_perf, no apiserver round trips)`,
      baseline: pgRate(res, c.scheduler),
      target: { op: '>=', value: 100, applies: c.scheduler.nodes >= 1000 },
    });
  }
  if (c.agentNodesReady) {
    rows.push({ section: SECTION, figure: `node agent: ${n(c.agentNodesReady.count)} nodes registered and Ready`, value: c.agentNodesReady.seconds, unit: 's', detail: 'KWOK CI: 5,000 nodes Ready within 60 s', baseline: pgTime(res, c.agentNodesReady) });
  }
  if (c.leaseMaxAgeSeconds !== undefined) {
    rows.push({ section: SECTION, figure: `node agent: oldest node Lease renewal seen (${n(c.agentNodesReady?.count ?? 0)} nodes, renew every 10 s)`, value: c.leaseMaxAgeSeconds, unit: 's', detail: 'falling behind would show as ages past ~10.4 s; the lease lasts 40 s', target: { op: '<=', value: 15, note: 'keeping up', applies: true } });
  }
  if (c.agentPodsRunning) {
    rows.push({
      section: SECTION,
      figure: `node agent: ${n(c.agentPodsRunning.count)} pre-bound pods to Running on ${n(c.agentPodsRunning.nodes)} nodes`,
      value: c.agentPodsRunning.seconds,
      unit: 's',
      detail: `${c.agentPodsRunning.perSecond} pods/s incl. the creates; KWOK CI: 10,000 pods Running within 60 s`,
      baseline: pgTime(res, c.agentPodsRunning),
    });
  }
  if (c.agentPodsDeleted) {
    rows.push({ section: SECTION, figure: `node agent: ${n(c.agentPodsDeleted.count)} pods deleted (graceful, then the agent's final delete)`, value: c.agentPodsDeleted.seconds, unit: 's', detail: 'KWOK CI: 10,000 within 90 s', baseline: pgTime(res, c.agentPodsDeleted) });
  }
  if (c.deploymentAvailable) {
    rows.push({
      section: SECTION,
      figure: `one Deployment of ${n(c.deploymentAvailable.count)} replicas on ${n(c.deploymentAvailable.nodes)} nodes to fully Available`,
      value: c.deploymentAvailable.seconds,
      unit: 's',
      detail: `${c.deploymentAvailable.perSecond} pods/s end to end`,
      baseline: pgTime(res, c.deploymentAvailable),
      target: { op: '<=', value: 60, note: 'for 10,000 replicas', applies: c.deploymentAvailable.count >= 10_000 },
    });
  }
  if (c.smallDeploymentsAvailable) {
    rows.push({
      section: SECTION,
      figure: `${n(c.smallDeploymentsAvailable.count)} one-replica Deployments to Available`,
      value: c.smallDeploymentsAvailable.seconds,
      unit: 's',
      detail: `${c.smallDeploymentsAvailable.perSecond} Deployments/s; a KWOK user saw ~5/s with kube-controller-manager's default client rate limit`,
      baseline: pgTime(res, c.smallDeploymentsAvailable),
    });
  }
  return rows;
}
