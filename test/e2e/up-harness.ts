// A whole kubepg cluster as `kubepg up` starts it (apiserver, scheduler, node agent, controller
// manager as child processes) on a test database, and the pinned kubectl pointed at it. Not a
// test file itself.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runBinary, type CliResult, type RunOptions } from 'test/e2e/cli-harness';
import { ApiClient, freePort, tokenFromKubeconfig, waitFor } from 'test/support/apiserver';
import { ensureTools } from 'test/support/kubectl';
import { createTestDatabase, type TestDatabase } from 'test/support/postgres';

const MAIN_JS = path.resolve(__dirname, '..', '..', 'dist', 'src', 'main.js');

/** A running `kubepg up` and its clients. */
export interface UpCluster {
  api: ApiClient;
  kubeconfig: string;
  dataDir: string;
  database: TestDatabase;
  kubectl(args: string[], opts?: RunOptions): Promise<CliResult>;
  /** What kubepg up printed so far (for failure messages). */
  output(): string;
  /** Starts one more component process against the cluster (e.g. a second controller-manager). */
  spawn(args: string[]): ChildProcess;
  stop(): Promise<void>;
}

/** Starts `kubepg up --database-url <test db> --nodes <n>` and waits for its ready line. */
export async function startUp(extraArgs: string[] = []): Promise<UpCluster> {
  const database = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubepg-up-'));
  const port = await freePort();
  const args = [MAIN_JS, 'up', '--database-url', database.url, '--data-dir', dataDir, '--port', String(port), '--metrics-address=', ...extraArgs];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const extra: ChildProcess[] = [];
  let out = '';
  const append = (d: Buffer): void => {
    out = (out + d.toString('utf8')).slice(-128 * 1024);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  await waitFor(() => out.includes('kubepg is ready') || child.exitCode !== null, 'kubepg up to be ready', 60_000);
  if (child.exitCode !== null) {
    throw new Error(`kubepg up exited ${child.exitCode}:\n${out}`);
  }
  const kubeconfig = path.join(dataDir, 'kubeconfig');
  const api = new ApiClient(`https://127.0.0.1:${port}`, tokenFromKubeconfig(kubeconfig));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubepg-up-home-'));
  let calls = 0;
  const stopChild = (c: ChildProcess): Promise<void> =>
    c.exitCode !== null || c.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => {
          const kill = setTimeout(() => c.kill('SIGKILL'), 20_000);
          c.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          c.kill('SIGTERM');
        });
  return {
    api,
    kubeconfig,
    dataDir,
    database,
    output: () => out,
    async kubectl(kargs, opts = {}) {
      const cacheDir = path.join(tmp, `cache-${++calls}`);
      try {
        return await runBinary(ensureTools().kubectl, [`--cache-dir=${cacheDir}`, ...kargs], { ...process.env, KUBECONFIG: kubeconfig, HOME: tmp, ...opts.env }, opts);
      } finally {
        fs.rmSync(cacheDir, { recursive: true, force: true });
      }
    },
    spawn(cargs) {
      const c = spawn(process.execPath, [MAIN_JS, ...cargs, '--kubeconfig', kubeconfig, '--metrics-address='], { stdio: ['ignore', 'pipe', 'pipe'] });
      c.stdout!.on('data', append);
      c.stderr!.on('data', append);
      extra.push(c);
      return c;
    },
    async stop() {
      api.close();
      await Promise.all(extra.map(stopChild));
      await stopChild(child);
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
