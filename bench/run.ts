import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { postgresBaseline } from 'bench/baseline-postgres';
import { etcdBaseline } from 'bench/baseline-etcd';
import { measureCluster } from 'bench/cluster';
import { CpuSampler } from 'bench/cpu';
import { measureCreates, CREATE_NAMESPACE } from 'bench/creates';
import { writeChart } from 'bench/chart';
import { figureRows } from 'bench/figures';
import { BenchClient } from 'bench/http-client';
import { measureHttp2 } from 'bench/http2';
import { REPO_ROOT, startKubepg, type KubepgInstance } from 'bench/kubepg';
import { LIST_NAMESPACE, measureLists } from 'bench/lists';
import { deleteAllPods } from 'bench/pod';
import { benchListEncodings, benchProtobufCodec } from 'bench/protobuf-codec';
import { machineFacts } from 'bench/machine';
import { countPods, measureMemory } from 'bench/memory';
import { notesFor, loadFailures } from 'bench/notes';
import { createPod, ensureNamespace, POD_BODY_BYTES } from 'bench/pod';
import { freePort } from 'bench/processes';
import { profileFromArgs, type Profile } from 'bench/profile';
import { negotiatedProtocol } from 'bench/protocols';
import { measureReadsAndUpdates } from 'bench/reads';
import { fileStamp, markdownReport, markdownTable, writeReport } from 'bench/report';
import type { BenchResults } from 'bench/results-types';
import { START_TIMEOUT_MS, warmRestart } from 'bench/startup';
import { nowMs, round } from 'bench/stats';
import { measureWatch } from 'bench/watch';

const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');

/** Progress goes to stderr; stdout carries only the results table. */
function progress(msg: string): void {
  process.stderr.write(`bench: ${msg}\n`);
}

/** The embedded server's version string. */
async function postgresVersion(databaseUrl: string): Promise<string> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return `PostgreSQL ${(await c.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version}`;
  } finally {
    await c.end();
  }
}

/** Runs every measurement against one `kubepg up`, in an order where each builds on the last. */
async function measureAll(profile: Profile, res: BenchResults, dataDir: string, holder: { inst?: KubepgInstance }): Promise<void> {
  const [port, pgPort] = [await freePort(), await freePort()];
  progress(`starting kubepg up (cold) in ${dataDir}, port ${port}, postgres port ${pgPort}`);
  let inst = await startKubepg(dataDir, port, pgPort, START_TIMEOUT_MS);
  holder.inst = inst;
  res.startup.coldMs = round(inst.readyMs);
  if (inst.apiserverPid === undefined) {
    res.failures.push(`no process with "apiserver --data-dir ${dataDir}" in its command line: RSS cannot be measured`);
  }
  res.machine.postgres = await postgresVersion(inst.databaseUrl);
  res.alpn = await negotiatedProtocol(inst);
  const probe = new BenchClient(inst, 1);
  await ensureNamespace(probe, 'bench-probe');
  const storedPod = await createPod(probe, 'bench-probe', 'probe', 0);
  probe.close();
  res.storedPodBytes = Buffer.byteLength(storedPod);

  const alive = (): boolean => inst.alive();
  const cpu = new CpuSampler(inst.apiserverPid, inst.postmasterPid);
  const phase = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    if (!inst.alive()) {
      return undefined;
    }
    progress(`${name} ...`);
    const start = nowMs();
    const stopCpu = cpu.start();
    const sampled = inst;
    try {
      const out = await run();
      const seconds = (nowMs() - start) / 1000;
      const share = stopCpu();
      // The sampler follows the first instance's processes: a phase that replaced them has no figure.
      if (inst === sampled && inst.alive()) {
        res.phases.push({ name, seconds: round(seconds), cpu: share });
      }
      progress(`${name} done in ${seconds.toFixed(1)} s`);
      res.failures.push(...loadFailures(name, out));
      return out;
    } catch (err) {
      res.failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    } finally {
      if (!inst.alive()) {
        res.failures.push(`kubepg up exited during "${name}"; its last output:\n${inst.logTail().slice(-30).join('\n')}`);
      }
    }
  };
  res.postgres = await phase('raw Postgres baseline', () => postgresBaseline(inst.databaseUrl, storedPod, profile.baselineOps, profile.baselineMaxMs));
  res.etcd = await phase('etcd baseline', () => etcdBaseline(storedPod, profile.baselineOps, profile.baselineMaxMs));
  if (res.etcd && 'version' in res.etcd) {
    res.machine.etcd = `etcd ${res.etcd.version.replace(/^etcd Version:\s*/, '')}`;
  }
  res.creates = await phase('creates', () => measureCreates(inst, profile, alive, cpu));
  if (res.alpn === 'h2') {
    res.http2 = await phase('HTTP/2 creates and GETs', () => measureHttp2(inst, CREATE_NAMESPACE, profile, alive, cpu));
  }
  res.reads = await phase('GET, update, patch', () => measureReadsAndUpdates(inst, CREATE_NAMESPACE, profile));
  res.watch = await phase('watch', () => measureWatch(inst, profile, alive));
  // The RSS figure is read while the apiserver holds the LIST namespace's pods, the size the target names.
  await phase("delete the create phases' pods", async () => {
    const c = new BenchClient(inst, 64);
    try {
      return { deleted: await deleteAllPods(c, CREATE_NAMESPACE, 64) };
    } finally {
      c.close();
    }
  });
  res.lists = await phase(`LIST (filling ${profile.listPods} pods first)`, () => measureLists(inst, profile));
  res.protobufList = await phase('LIST in JSON and protobuf', () => benchListEncodings(probe, `/api/v1/namespaces/${LIST_NAMESPACE}/pods`, profile.listPods));
  res.protobufCodec = await phase('protobuf codec', async () => benchProtobufCodec());
  res.memory = await phase('apiserver RSS', () => measureMemory(inst));
  const counter = new BenchClient(inst, 1);
  const pods = res.memory?.pods ?? (await countPods(counter).catch(() => -1));
  counter.close();
  const restarted = await phase('warm restart', async () => {
    const r = await warmRestart(inst, pods);
    inst = r.instance;
    holder.inst = inst;
    return r.figures;
  });
  Object.assign(res.startup, restarted ?? {});
}

/** `npm run bench [-- --full]`: measures, prints the table, writes bench/results/<stamp>.{json,md,png}. */
async function main(): Promise<void> {
  const profile = profileFromArgs(process.argv.slice(2));
  const startedAt = new Date();
  const t0 = nowMs();
  const res: BenchResults = {
    profile: profile.name,
    startedAt: startedAt.toISOString(),
    durationSeconds: 0,
    machine: machineFacts(),
    podBodyBytes: POD_BODY_BYTES,
    startup: {},
    phases: [],
    notes: [],
    failures: [],
  };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kubepg-bench-'));
  // As root, the embedded Postgres runs as user "postgres", which must be able to enter the data dir.
  chmodSync(dataDir, 0o755);
  const holder: { inst?: KubepgInstance } = {};
  let finished = false;
  const finish = async (reason?: string): Promise<void> => {
    if (finished) {
      return;
    }
    finished = true;
    if (reason) {
      res.failures.push(reason);
    }
    progress('stopping kubepg and cleaning up');
    await holder.inst?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    res.durationSeconds = Math.round((nowMs() - t0) / 1000);
    res.machine.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
    res.notes.push(...notesFor(res, profile));
    const md = markdownReport(res);
    const stamp = fileStamp(startedAt);
    const files = writeReport(RESULTS_DIR, stamp, res, md);
    try {
      files.push(writeChart(path.join(RESULTS_DIR, `${stamp}.png`), res));
    } catch (err) {
      progress(`chart not written: ${err instanceof Error ? err.message : String(err)}`);
    }
    process.stdout.write(`${markdownTable(figureRows(res))}\n\n`);
    progress(`${res.failures.length} failure(s); wrote ${files.map((f) => path.relative(REPO_ROOT, f)).join(', ')} in ${res.durationSeconds} s`);
  };
  const watchdog = setTimeout(
    () => void finish(`run aborted after ${profile.runMaxMs / 1000} s (profile limit)`).then(() => process.exit(1)),
    profile.runMaxMs,
  );
  process.once('SIGINT', () => void finish('interrupted (SIGINT)').then(() => process.exit(130)));
  try {
    if (profile.only !== 'cluster') {
      await measureAll(profile, res, dataDir, holder);
    }
    if (profile.only !== 'api') {
      // The end-to-end figures run on clusters of their own; the API cluster would only compete for the cores.
      await holder.inst?.stop().catch(() => undefined);
      holder.inst = undefined;
      res.cluster = await measureCluster(profile.cluster, progress);
      res.failures.push(...res.cluster.failures);
    }
  } catch (err) {
    res.failures.push(`run: ${err instanceof Error ? err.message : String(err)}`);
  }
  clearTimeout(watchdog);
  await finish();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
