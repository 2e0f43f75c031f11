import { readdirSync, readFileSync } from 'node:fs';

/** CPU used during a measurement, in percent of one core (200 = both cores of a 2-core machine). */
export interface CpuShare {
  apiserver: number;
  /** The postmaster and every backend, including backends that exited during the interval. */
  postgres: number;
  /** The benchmark process itself (the load generator). */
  bench: number;
  /** The benchmark's child processes that exited during the interval (etcd of the etcd baseline). */
  benchChildren: number;
  /** Everything else on the machine (other users' work shares these cores). */
  others: number;
}

/** Linux reports process times in USER_HZ ticks, 100 per second on every common platform. */
const TICKS_PER_SECOND = 100;

/** Busy ticks of the whole machine, all cores (from the first line of /proc/stat). */
function machineBusyTicks(): number {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const n = fields.map(Number);
    // user nice system idle iowait irq softirq steal ...: busy is everything but idle and iowait.
    return n.slice(0, 8).reduce((a, b) => a + b, 0) - n[3] - n[4];
  } catch {
    return NaN;
  }
}

/** utime + stime (own) and cutime + cstime (reaped children) of a process, in ticks; zeros when it is gone. */
function timesOf(pid: number | 'self'): { own: number; reaped: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name start at field 3; utime..cstime are fields 14-17.
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    return { own: f[11] + f[12], reaped: f[13] + f[14] };
  } catch {
    return { own: 0, reaped: 0 };
  }
}

/** Pids of the direct children of a process. */
function childrenOf(pid: number): number[] {
  const kids: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      kids.push(...readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
    }
  } catch {
    // the process is gone
  }
  return kids;
}

/**
 * Ticks of a process tree one level deep: the process, its reaped children (which covers every
 * backend that exited) and its live children, each keyed so a later reading can be subtracted.
 */
function treeTicks(pid: number | undefined): Map<number | 'reaped', number> {
  const out = new Map<number | 'reaped', number>();
  if (pid === undefined) {
    return out;
  }
  const root = timesOf(pid);
  out.set(pid, root.own);
  out.set('reaped', root.reaped);
  for (const child of childrenOf(pid)) {
    out.set(child, timesOf(child).own);
  }
  return out;
}

/** Ticks a tree used between two readings: a child that exited moved its ticks into 'reaped'. */
function treeDelta(before: Map<number | 'reaped', number>, after: Map<number | 'reaped', number>): number {
  let sum = (after.get('reaped') ?? 0) - (before.get('reaped') ?? 0);
  for (const [key, ticks] of after) {
    if (key !== 'reaped') {
      sum += ticks - (before.get(key) ?? 0);
    }
  }
  for (const [key, ticks] of before) {
    if (key !== 'reaped' && !after.has(key)) {
      // Exited: its whole life is now in 'reaped', of which `ticks` were already counted before.
      sum -= ticks;
    }
  }
  return sum;
}

/** Starts measuring one process' CPU; the returned function gives its use since, in % of one core. */
export function processCpu(pid: number | undefined): () => number {
  const t0 = Date.now();
  const ticks0 = pid === undefined ? NaN : timesOf(pid).own;
  return () => Math.round(((timesOf(pid ?? -1).own - ticks0) / TICKS_PER_SECOND / ((Date.now() - t0) / 1000)) * 100);
}

/**
 * Measures how much CPU the apiserver, Postgres, the benchmark and everything else use between
 * `start()` and calling the function it returns: the figure that says who is the bottleneck, and
 * how much of the machine other work took.
 */
export class CpuSampler {
  constructor(
    private readonly apiserverPid: number | undefined,
    private readonly postmasterPid: number | undefined,
  ) {}

  /** Starts an interval; the returned function ends it. */
  start(): () => CpuShare {
    const t0 = Date.now();
    const api0 = this.apiserverPid === undefined ? 0 : timesOf(this.apiserverPid).own;
    const pg0 = treeTicks(this.postmasterPid);
    const self0 = timesOf('self');
    const busy0 = machineBusyTicks();
    return () => {
      const seconds = (Date.now() - t0) / 1000;
      const api = this.apiserverPid === undefined ? 0 : timesOf(this.apiserverPid).own - api0;
      const pg = treeDelta(pg0, treeTicks(this.postmasterPid));
      const self1 = timesOf('self');
      const own = self1.own - self0.own;
      const children = self1.reaped - self0.reaped;
      const others = machineBusyTicks() - busy0 - api - pg - own - children;
      const pct = (ticks: number): number => Math.round((ticks / TICKS_PER_SECOND / seconds) * 100);
      return { apiserver: pct(api), postgres: pct(pg), bench: pct(own), benchChildren: pct(children), others: Math.max(0, pct(others)) };
    };
  }
}
