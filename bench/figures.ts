import type { ListFigure } from 'bench/lists';
import type { LoadResult } from 'bench/load';
import { clusterRows } from 'bench/cluster-figures';
import type { BenchResults } from 'bench/results-types';
import type { CpuShare } from 'bench/cpu';
import type { LatencySummary } from 'bench/stats';

/** A number to compare against, with what it is. */
export interface Reference {
  value: number;
  label: string;
}

/** One line of the results table. */
export interface FigureRow {
  section: string;
  figure: string;
  value: number;
  unit: 'obj/s' | 'ops/s' | 'rows/s' | 'ms' | 's' | 'MiB';
  /** Secondary numbers shown next to the value (percentiles, counts). */
  detail?: string;
  baseline?: Reference;
  target?: { op: '<=' | '>='; value: number; note?: string; applies: boolean };
}

const GIB_MIB = 1024;

function cpuText(c: CpuShare): string {
  return `CPU % of a core: apiserver ${c.apiserver}, postgres ${c.postgres}, bench client ${c.bench}, other processes ${c.others}`;
}

function lat(l: LatencySummary): string {
  return `p50 ${l.p50} ms, p99 ${l.p99} ms`;
}

/** The same LIST through Node's https client, when it was measured (see bench/lists.ts). */
function viaNodeHttps(f: ListFigure): string {
  return f.nodeHttps ? `; Node's https client: p50 ${f.nodeHttps.p50} ms` : '';
}

function rate(r: LoadResult): string {
  const extra = r.failed > 0 ? `, ${r.failed} failed` : '';
  return `${lat(r.latency)}; ${r.succeeded} in ${r.seconds} s${r.stoppedBy === 'count' ? '' : ` (stopped by ${r.stoppedBy})`}${extra}`;
}

/** The baseline for API writes: etcd puts from 64 clients when measured, else raw Postgres single-row commits. */
function writeBaseline(res: BenchResults, clients: number): Reference | undefined {
  if (res.etcd && 'puts64' in res.etcd) {
    const r = clients === 1 ? res.etcd.puts1 : res.etcd.puts64;
    return { value: r.opsPerSec, label: `etcd put, ${r.clients} client${r.clients > 1 ? 's' : ''}` };
  }
  if (res.postgres) {
    const r = clients === 1 ? res.postgres.singleRow1 : res.postgres.singleRow64;
    return { value: r.opsPerSec, label: `raw PG 1 row/txn, ${r.clients} conn` };
  }
  return undefined;
}

/** Turns the measurements into table rows with their baselines and targets. */
export function figureRows(res: BenchResults): FigureRow[] {
  const rows: FigureRow[] = [];
  const pg = res.postgres;
  if (pg) {
    const s = 'Baselines (same machine)';
    rows.push({
      section: s,
      figure: 'raw Postgres: 1 object + 1 event row + NOTIFY per txn, 1 conn',
      value: pg.singleRow1.opsPerSec,
      unit: 'rows/s',
      detail: rate(pg.singleRow1),
    });
    rows.push({ section: s, figure: 'raw Postgres: same, 64 conns', value: pg.singleRow64.opsPerSec, unit: 'rows/s', detail: rate(pg.singleRow64) });
    rows.push({
      section: s,
      figure: 'raw Postgres: same + counter row lock, 64 conns',
      value: pg.singleRowCounter64.opsPerSec,
      unit: 'rows/s',
      detail: rate(pg.singleRowCounter64),
    });
    rows.push({
      section: s,
      figure: 'raw Postgres: our writer’s txn, 100 rows each, 1 conn',
      value: pg.batched100.rowsPerSec,
      unit: 'rows/s',
      detail: `per txn ${rate(pg.batched100)}`,
    });
  }
  if (res.etcd && 'puts64' in res.etcd) {
    const s = 'Baselines (same machine)';
    rows.push({
      section: s,
      figure: `etcd ${res.etcd.version.replace(/^etcd Version: /, '')} put via JSON gateway, 1 client`,
      value: res.etcd.puts1.opsPerSec,
      unit: 'ops/s',
      detail: rate(res.etcd.puts1),
    });
    const puts64 = res.etcd.puts64;
    rows.push({
      section: s,
      figure: 'etcd put via JSON gateway, 64 clients',
      value: puts64.opsPerSec,
      unit: 'ops/s',
      detail: `${rate(puts64)}; etcd CPU ${puts64.etcdCpu}% of a core`,
    });
  }
  for (const c of res.creates ?? []) {
    const t = c.clients === 64 ? { op: '>=' as const, value: 5000, applies: true } : undefined;
    rows.push({
      section: 'Writes (HTTPS/1.1 keep-alive)',
      figure: `create pods, ${c.clients} client${c.clients > 1 ? 's' : ''}`,
      value: c.opsPerSec,
      unit: 'obj/s',
      detail: `${rate(c)}; mean batch ${c.meanBatch}; ${cpuText(c.cpu)}`,
      baseline: writeBaseline(res, c.clients),
      target: t,
    });
    if (c.clients === 64) {
      const etcd = res.etcd && 'puts64' in res.etcd ? { value: res.etcd.puts64.latency.p99, label: 'etcd put p99, 64 clients' } : undefined;
      rows.push({
        section: 'Writes (HTTPS/1.1 keep-alive)',
        figure: 'create pods, 64 clients: p99 latency',
        value: c.latency.p99,
        unit: 'ms',
        baseline: etcd,
        target: { op: '<=', value: 50, applies: true },
      });
    }
  }
  const r = res.reads;
  if (r) {
    rows.push({
      section: 'Writes (HTTPS/1.1 keep-alive)',
      figure: `update (PUT, read-modify-write), ${r.updates.clients} clients`,
      value: r.updates.opsPerSec,
      unit: 'ops/s',
      detail: rate(r.updates),
      baseline: writeBaseline(res, 64),
    });
    rows.push({
      section: 'Writes (HTTPS/1.1 keep-alive)',
      figure: `merge patch, ${r.patches.clients} clients`,
      value: r.patches.opsPerSec,
      unit: 'ops/s',
      detail: rate(r.patches),
      baseline: writeBaseline(res, 64),
    });
    rows.push({
      section: 'Reads',
      figure: 'GET pod, 1 client: p99 latency',
      value: r.getSequential.latency.p99,
      unit: 'ms',
      detail: rate(r.getSequential),
      target: { op: '<=', value: 5, applies: true },
    });
    rows.push({
      section: 'Reads',
      figure: `GET pod, ${r.getConcurrent.clients} clients`,
      value: r.getConcurrent.opsPerSec,
      unit: 'ops/s',
      detail: rate(r.getConcurrent),
    });
  }
  for (const c of res.http2?.creates ?? []) {
    const t = c.streams === 64 ? { op: '>=' as const, value: 5000, applies: true } : undefined;
    rows.push({
      section: 'HTTP/2 (one connection, concurrent streams)',
      figure: `create pods, ${c.streams} concurrent streams`,
      value: c.opsPerSec,
      unit: 'obj/s',
      detail: `${rate(c)}; mean batch ${c.meanBatch}; ${cpuText(c.cpu)}`,
      baseline: writeBaseline(res, 64),
      target: t,
    });
    if (c.streams === 64) {
      rows.push({
        section: 'HTTP/2 (one connection, concurrent streams)',
        figure: 'create pods, 64 streams: p99 latency',
        value: c.latency.p99,
        unit: 'ms',
        target: { op: '<=', value: 50, applies: true },
      });
    }
  }
  if (res.http2) {
    rows.push({
      section: 'HTTP/2 (one connection, concurrent streams)',
      figure: 'GET pod over HTTP/2, 1 stream at a time: p99 latency',
      value: res.http2.getSequential.latency.p99,
      unit: 'ms',
      detail: rate(res.http2.getSequential),
      target: { op: '<=', value: 5, applies: true },
    });
  }
  for (const w of res.watch ?? []) {
    const target = w.watchers >= 1000 ? 50 : w.watchers >= 100 ? 10 : undefined;
    rows.push({
      section: 'Watch (write acknowledged → event received)',
      figure: `watch latency p99, ${w.watchers} watcher${w.watchers > 1 ? 's' : ''}`,
      value: w.latency.p99,
      unit: 'ms',
      detail: `p50 ${w.latency.p50} ms, max ${w.latency.max} ms; ${w.received}/${w.expected} events, ${w.writes} writes every ${w.intervalMs} ms; ${w.beforeAck} before ack`,
      target: target === undefined ? undefined : { op: '<=', value: target, applies: true },
    });
  }
  const l = res.lists;
  if (l) {
    const s = `LIST (${l.pods.toLocaleString('en-US')} pods in one namespace)`;
    const full = l.pods >= 10_000;
    rows.push({
      section: s,
      figure: 'LIST full (consistent read): p50',
      value: l.full.latency.p50,
      unit: 'ms',
      detail: `p99 ${l.full.latency.p99} ms, first ${l.full.firstMs} ms, ${(l.full.bytes / 1048576).toFixed(1)} MiB${viaNodeHttps(l.full)}`,
      target: { op: '<=', value: 150, note: 'at 10,000 pods', applies: full },
    });
    rows.push({
      section: s,
      figure: 'LIST resourceVersion=0: p50',
      value: l.resourceVersion0.latency.p50,
      unit: 'ms',
      detail: `p99 ${l.resourceVersion0.latency.p99} ms, first ${l.resourceVersion0.firstMs} ms${viaNodeHttps(l.resourceVersion0)}`,
      target: { op: '<=', value: 50, note: 'at 10,000 pods', applies: full },
    });
    rows.push({
      section: s,
      figure: `LIST limit=${l.paginated.pageSize}: one page`,
      value: l.paginated.latency.p50,
      unit: 'ms',
      detail: `p99 ${l.paginated.latency.p99} ms over ${l.paginated.latency.count} pages`,
    });
    rows.push({
      section: s,
      figure: `LIST limit=${l.paginated.pageSize}: every page`,
      value: l.paginated.traversal.p50,
      unit: 'ms',
      detail: `${l.paginated.traversal.count} walks, max ${l.paginated.traversal.max} ms`,
    });
    rows.push({
      section: s,
      figure: `LIST labelSelector ${l.selector.selector}`,
      value: l.selector.latency.p50,
      unit: 'ms',
      detail: `p99 ${l.selector.latency.p99} ms, ${l.selector.items} items`,
    });
    rows.push({
      section: s,
      figure: 'fill: create pods, 64 clients',
      value: l.fill.opsPerSec,
      unit: 'obj/s',
      detail: rate(l.fill),
      baseline: writeBaseline(res, 64),
    });
  }
  const m = res.memory;
  if (m) {
    const s = 'Memory and start-up';
    const at100k = m.pods >= 100_000;
    rows.push({
      section: s,
      figure: `apiserver RSS holding ${m.pods.toLocaleString('en-US')} pods`,
      value: m.settledRssBytes / 1048576,
      unit: 'MiB',
      detail: `peak ${(m.peakRssBytes / 1048576).toFixed(0)} MiB; database ${(m.databaseBytes / 1048576).toFixed(0)} MiB`,
      target: { op: '<=', value: GIB_MIB, note: 'at 100,000 pods', applies: at100k },
    });
  }
  const st = res.startup;
  if (st.coldMs !== undefined) {
    rows.push({ section: 'Memory and start-up', figure: '`kubepg up` cold (fresh data dir: initdb, migrations, PKI)', value: st.coldMs / 1000, unit: 's' });
  }
  if (st.warmMs !== undefined) {
    rows.push({
      section: 'Memory and start-up',
      figure: `\`kubepg up\` warm (${(st.warmPods ?? 0).toLocaleString('en-US')} pods to load)`,
      value: st.warmMs / 1000,
      unit: 's',
      detail: [
        st.warmRunsMs && st.warmRunsMs.length > 1 ? `median of ${st.warmRunsMs.length} restarts: ${st.warmRunsMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s` : undefined,
        st.warmRssBytes ? `RSS after the first start ${(st.warmRssBytes / 1048576).toFixed(0)} MiB` : undefined,
      ]
        .filter((d) => d !== undefined)
        .join('; ') || undefined,
      target: { op: '<=', value: 3, applies: true },
    });
  }
  if (st.shutdownMs !== undefined) {
    rows.push({
      section: 'Memory and start-up',
      figure: '`kubepg up` shutdown on SIGTERM',
      value: st.shutdownMs / 1000,
      unit: 's',
      detail: st.shutdownKilled ? 'needed SIGKILL' : undefined,
    });
  }
  return [...rows, ...clusterRows(res)];
}
