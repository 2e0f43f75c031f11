import type { ClusterFigure } from 'bench/cluster';
import type { LoadResult } from 'bench/load';
import type { BenchResults } from 'bench/results-types';

/** What a bar measures: kubepg itself or one of the same-run baselines. */
export type BarKind = 'kubepg' | 'postgres' | 'etcd';

/** One issue target for a bar: drawn as a marker, met or missed by the bar's value. */
export interface BarTarget {
  op: '<=' | '>=';
  value: number;
  /** Text beside the marker, e.g. "target ≥ 5,000". */
  label: string;
  /** False when the run was too small for the target to apply (drawn hollow). */
  applies: boolean;
}

/** One bar of a panel; `baseline` is drawn as a thin bar inside the same row. */
export interface ChartBar {
  label: string;
  value: number;
  kind: BarKind;
  /** The value's unit when it differs from the panel's. */
  unit?: string;
  /** Extra text after the value, e.g. "22.4 s, 447 pods/s". */
  note?: string;
  target?: BarTarget;
  baseline?: { value: number; label: string };
}

/** One panel of horizontal bars sharing an axis. */
export interface ChartPanel {
  title: string;
  /** Unit of the values (and of the axis unless `axisLabel` is set). */
  unit: string;
  axisLabel?: string;
  scale: 'linear' | 'log';
  bars: ChartBar[];
}

const n = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: x >= 100 ? 0 : x >= 10 ? 1 : 2 });
const plural = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;

function at(op: '<=' | '>=', value: number, unit: string, applies = true, note = ''): BarTarget {
  return { op, value, applies, label: `target ${op === '<=' ? '≤' : '≥'} ${n(value)} ${unit}${applies ? '' : note}` };
}

const ok = (r: LoadResult | undefined): r is LoadResult => r !== undefined && Number.isFinite(r.opsPerSec);

/** Write throughput: kubepg creates, updates and patches beside raw Postgres and etcd. */
export function throughputPanel(res: BenchResults): ChartPanel | undefined {
  const bars: ChartBar[] = [];
  for (const c of res.creates ?? []) {
    const target = c.clients === 64 ? at('>=', 5000, 'obj/s') : undefined;
    bars.push({ label: `kubepg create, ${plural(c.clients, 'client')}`, value: c.opsPerSec, kind: 'kubepg', note: `p99 ${n(c.latency.p99)} ms`, target });
  }
  for (const c of res.http2?.creates ?? []) {
    const target = c.streams === 64 ? at('>=', 5000, 'obj/s') : undefined;
    bars.push({ label: `kubepg create, HTTP/2 ${c.streams} streams`, value: c.opsPerSec, kind: 'kubepg', note: `p99 ${n(c.latency.p99)} ms`, target });
  }
  const r = res.reads;
  if (r && ok(r.updates)) {
    bars.push({ label: `kubepg update (PUT), ${r.updates.clients} clients`, value: r.updates.opsPerSec, kind: 'kubepg' });
  }
  if (r && ok(r.patches)) {
    bars.push({ label: `kubepg merge patch, ${r.patches.clients} clients`, value: r.patches.opsPerSec, kind: 'kubepg' });
  }
  const pg = res.postgres;
  if (pg) {
    bars.push({ label: 'raw PG 1 row/txn, 1 conn', value: pg.singleRow1.opsPerSec, kind: 'postgres', unit: 'txn/s' });
    bars.push({ label: 'raw PG 1 row/txn, 64 conns', value: pg.singleRow64.opsPerSec, kind: 'postgres', unit: 'txn/s' });
    bars.push({ label: 'raw PG 1 row/txn + counter lock, 64', value: pg.singleRowCounter64.opsPerSec, kind: 'postgres', unit: 'txn/s' });
    bars.push({ label: 'raw PG batched, 100 rows/txn, 1 conn', value: pg.batched100.rowsPerSec, kind: 'postgres', unit: 'rows/s' });
  }
  const etcd = res.etcd;
  if (etcd && 'puts64' in etcd) {
    bars.push({ label: 'etcd put, 1 client', value: etcd.puts1.opsPerSec, kind: 'etcd', unit: 'puts/s' });
    bars.push({ label: 'etcd put, 64 clients', value: etcd.puts64.opsPerSec, kind: 'etcd', unit: 'puts/s' });
  }
  return bars.length > 0 ? { title: 'Write throughput (higher is better)', unit: 'obj/s', axisLabel: 'per second', scale: 'linear', bars } : undefined;
}

/** Latencies with the issue's targets: GET, create, watch and LIST, beside the baselines' p99. */
export function latencyPanel(res: BenchResults): ChartPanel | undefined {
  const bars: ChartBar[] = [];
  const r = res.reads;
  if (r) {
    bars.push({ label: 'kubepg GET pod p99, 1 client', value: r.getSequential.latency.p99, kind: 'kubepg', target: at('<=', 5, 'ms') });
  }
  if (res.http2) {
    bars.push({ label: 'kubepg GET pod p99, HTTP/2', value: res.http2.getSequential.latency.p99, kind: 'kubepg', target: at('<=', 5, 'ms') });
  }
  const c64 = res.creates?.find((c) => c.clients === 64);
  if (c64) {
    bars.push({ label: 'kubepg create p99, 64 clients', value: c64.latency.p99, kind: 'kubepg', target: at('<=', 50, 'ms') });
  }
  if (res.postgres) {
    bars.push({ label: 'raw PG 1 row/txn p99, 64 conns', value: res.postgres.singleRow64.latency.p99, kind: 'postgres' });
  }
  if (res.etcd && 'puts64' in res.etcd) {
    bars.push({ label: 'etcd put p99, 64 clients', value: res.etcd.puts64.latency.p99, kind: 'etcd' });
  }
  for (const w of res.watch ?? []) {
    const limit = w.watchers >= 1000 ? 50 : w.watchers >= 100 ? 10 : undefined;
    bars.push({
      label: `kubepg watch p99, ${plural(w.watchers, 'watcher')}`,
      value: w.latency.p99,
      kind: 'kubepg',
      note: `p50 ${n(w.latency.p50)}`,
      target: limit === undefined ? undefined : at('<=', limit, 'ms'),
    });
  }
  const l = res.lists;
  if (l) {
    // As in figures.ts: the LIST targets are stated for 10,000 pods and hold above that size too.
    const applies = l.pods >= 10_000;
    const size = `${n(l.pods / 1000)}k pods`;
    const note = applies ? '' : ' at 10k pods';
    bars.push({ label: `kubepg LIST ${size}, consistent, p50`, value: l.full.latency.p50, kind: 'kubepg', target: at('<=', 150, 'ms', applies, note) });
    bars.push({ label: `kubepg LIST ${size}, RV=0, p50`, value: l.resourceVersion0.latency.p50, kind: 'kubepg', target: at('<=', 50, 'ms', applies, note) });
  }
  return bars.length > 0 ? { title: 'Latency (lower is better; log scale)', unit: 'ms', scale: 'log', bars } : undefined;
}

/** Raw Postgres's time to commit the writes the cluster figure took (1 row + NOTIFY per txn, 64 conns). */
function pgSeconds(res: BenchResults, f: ClusterFigure): { value: number; label: string } | undefined {
  const rate = res.postgres?.singleRow64.opsPerSec;
  return rate && f.writes > 0 ? { value: f.writes / rate, label: 'raw PG' } : undefined;
}

/** End-to-end cluster figures as seconds to completion, with targets and the raw Postgres time. */
export function clusterPanel(res: BenchResults): ChartPanel | undefined {
  const c = res.cluster;
  if (!c) {
    return undefined;
  }
  const bars: ChartBar[] = [];
  const add = (label: string, f: ClusterFigure | undefined, rateUnit: string, target?: BarTarget): void => {
    if (f) {
      bars.push({ label, value: f.seconds, kind: 'kubepg', note: `${n(f.perSecond)} ${rateUnit}/s`, target, baseline: pgSeconds(res, f) });
    }
  };
  const s = c.scheduler;
  if (s) {
    const t: BarTarget = { op: '<=', value: s.count / 100, applies: s.nodes >= 1000, label: 'target ≥ 100 pods/s' };
    add(`scheduler: ${n(s.count)} pods bound, ${n(s.nodes)} nodes`, s, 'pods', t);
  }
  add(`agent: ${n(c.agentNodesReady?.count ?? 0)} nodes Ready`, c.agentNodesReady, 'nodes');
  if (c.leaseMaxAgeSeconds !== undefined) {
    bars.push({ label: 'agent: oldest Lease age (renew 10 s)', value: c.leaseMaxAgeSeconds, kind: 'kubepg', target: at('<=', 15, 's') });
  }
  const running = c.agentPodsRunning;
  add(`agent: ${n(running?.count ?? 0)} pods to Running`, running, 'pods');
  add(`agent: ${n(c.agentPodsDeleted?.count ?? 0)} pods deleted`, c.agentPodsDeleted, 'pods');
  const d = c.deploymentAvailable;
  add(`Deployment of ${n(d?.count ?? 0)} to Available`, d, 'pods', d ? at('<=', 60, 's', d.count >= 10_000, ' at 10k') : undefined);
  const small = c.smallDeploymentsAvailable;
  add(`${n(small?.count ?? 0)} 1-replica Deployments`, small, 'Deployments');
  return bars.length > 0 ? { title: 'End to end: seconds to finish (lower is better)', unit: 's', scale: 'linear', bars } : undefined;
}

/** Every panel the results have data for, in drawing order. */
export function chartPanels(res: BenchResults): ChartPanel[] {
  return [throughputPanel(res), latencyPanel(res), clusterPanel(res)].filter((p): p is ChartPanel => p !== undefined);
}
