import type { Profile } from 'bench/profile';
import type { BenchResults } from 'bench/results-types';

/** Context a reader needs to judge the figures of this run. */
export function notesFor(res: BenchResults, profile: Profile): string[] {
  const notes = profile.only === 'cluster' ? [] : apiNotes(res, profile);
  if (profile.only !== 'api') {
    const c = profile.cluster;
    notes.push(
      `End-to-end figures run on a fresh \`kubepg up\` each (its own embedded Postgres): the scheduler alone on ${c.schedulerNodes.toLocaleString('en-US')} nodes the benchmark registers (pods request 100m CPU and 128Mi, created by 32 concurrent clients, timed from the first create to the last binding); the node agent with ${c.agentNodes.toLocaleString('en-US')} nodes and pods created already bound; every component on ${c.deploymentNodes} nodes for the Deployments. Their baseline is the time raw Postgres (1 row + NOTIFY per transaction, 64 connections, measured in the API half of the run) needs for the writes the apiserver committed meanwhile, read from its /metrics.`,
    );
  }
  return notes;
}

/** The notes about the API half of a run. */
function apiNotes(res: BenchResults, profile: Profile): string[] {
  const notes = [
    res.alpn === 'h2'
      ? 'Offered h2 and http/1.1 via ALPN, the apiserver chose h2. The main figures are HTTPS/1.1 over keep-alive connections, one connection per client; the "HTTP/2" rows multiplex concurrent streams over one connection, as kubectl and client-go do.'
      : `HTTP/2 is not served by kubepg (offered h2 and http/1.1 via ALPN, the server chose: ${res.alpn ?? 'not checked'}); every figure is HTTPS/1.1 over keep-alive connections, one connection per client, where kubectl and client-go would multiplex over HTTP/2.`,
    'The load generator is one Node process on the same machine as the apiserver and Postgres: its TLS and JSON work competes for the same cores, so server figures are lower bounds.',
    'Percentiles are nearest-rank over every operation of a measurement; LIST targets are compared with the median of the repetitions (few repetitions: p99 is close to the maximum).',
    'Watch latency: from the create response arriving at the client to each watcher receiving the ADDED event; events that arrived before the create response are counted as 0 ms (the apiserver fans out before it answers the writer).',
    `Profile "${profile.name}": creates ${profile.createLevels.map((l) => `${l.count} at ${l.clients}`).join(', ')} (each level capped at ${profile.createLevelMaxMs / 1000} s); LIST over ${profile.listPods.toLocaleString('en-US')} pods; run \`npm run bench -- --full\` for the 100,000-pod figures.`,
    'Before the LIST measurements the create phases\' pods are deleted (gracePeriodSeconds=0, 64 clients), so the LIST and RSS figures are taken at the profile\'s size plus the watch phase\'s few pods; the deleted objects\' history stays in Postgres until compaction.',
    'Raw Postgres baselines write into mirror tables (bench_objects, bench_events, bench_counter: LIKE the real ones, same keys, collations and indexes) of the same embedded server, with one LISTEN connection on their channel; the tables are dropped afterwards.',
    'The kubepg data directory is created mode 0755: when run as root, `kubepg up` runs the embedded Postgres as user "postgres", and initdb fails with "could not access directory ...: Permission denied" in a 0700 directory such as one from mkdtemp.',
  ];
  if (res.etcd && 'skipped' in res.etcd) {
    notes.push(`etcd baseline skipped: ${res.etcd.skipped}.`);
  } else if (res.etcd) {
    notes.push(
      'etcd is driven through its HTTP/JSON gateway (POST /v3/kv/put with base64 key and value), which puts a JSON→gRPC proxy in front of every put; kube-apiserver talks gRPC directly, so etcd’s native rate is higher than this baseline.',
    );
  }
  const seconds = res.phases.reduce((a, p) => a + p.seconds, 0);
  const others = seconds > 0 ? Math.round(res.phases.reduce((a, p) => a + p.cpu.others * p.seconds, 0) / seconds) : NaN;
  if (others > 20) {
    notes.push(
      `The machine was shared: other processes used on average ${others}% of a core (of ${res.machine.cpus * 100}%) during the measurements (see Phases; 1-minute load average ${res.machine.loadAverageAtStart[0]} at the start). Throughputs and tail latencies are correspondingly lower than on an idle machine.`,
    );
  }
  return notes;
}

/** Failed operations and missing watch events found anywhere in a phase's result, with their errors. */
export function loadFailures(phase: string, out: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown, where: string): void => {
    if (!v || typeof v !== 'object') {
      return;
    }
    const o = v as Record<string, unknown>;
    const errors = Array.isArray(o.errors) ? (o.errors as string[]) : [];
    const failed = typeof o.failed === 'number' ? o.failed : 0;
    const missing = typeof o.expected === 'number' && typeof o.received === 'number' ? o.expected - o.received : 0;
    if (failed > 0 || missing > 0 || errors.length > 0) {
      const what = [
        failed > 0 ? `${failed} of ${String(o.attempted)} operations failed` : '',
        missing > 0 ? `${missing} of ${String(o.expected)} watch events never arrived` : '',
      ]
        .filter(Boolean)
        .join('; ');
      found.push(`${phase}${where}: ${what || 'errors'}${errors.length ? `; first errors: ${errors.join(' | ')}` : ''}`);
    }
    for (const [k, child] of Object.entries(o)) {
      if (k !== 'errors' && child && typeof child === 'object') {
        walk(child, Array.isArray(o) ? `${where}[${k}]` : `${where}.${k}`);
      }
    }
  };
  walk(out, '');
  return found;
}
