import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { findPids, terminate } from 'bench/processes';
import { nowMs } from 'bench/stats';

/** The repository root (this file runs from dist/bench/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const MAIN_JS = path.join(REPO_ROOT, 'dist', 'src', 'main.js');
const LOG_LINES = 200;

/** A running `kubepg up` started by the benchmark, as a user would start it. */
export interface KubepgInstance {
  dataDir: string;
  url: string;
  port: number;
  postgresPort: number;
  /** The admin bearer token and the cluster CA from the data directory. */
  token: string;
  ca: Buffer;
  /** Milliseconds from spawning `kubepg up` to its "kubepg is ready" line. */
  readyMs: number;
  /** Pid of the apiserver child (found by its `--data-dir` argument). */
  apiserverPid: number | undefined;
  /** Pid of the embedded Postgres' postmaster (found by its `-D <dataDir>/postgres` argument). */
  postmasterPid: number | undefined;
  /** Connection string of the embedded Postgres' `kubepg` database. */
  databaseUrl: string;
  alive(): boolean;
  /** The last lines kubepg printed (stdout and stderr), for the report when it misbehaves. */
  logTail(): string[];
  /** SIGTERM and wait; reports how long the shutdown took. */
  stop(): Promise<{ ms: number; killed: boolean }>;
}

/** Pid of the `kubepg apiserver` process serving `dataDir`. */
export function apiserverPidFor(dataDir: string): number | undefined {
  return findPids((args) => args.includes('apiserver') && args.some((a, i) => a === '--data-dir' && args[i + 1] === dataDir))[0];
}

/** Pid of the embedded Postgres postmaster whose data directory is `<dataDir>/postgres`. */
export function postmasterPidFor(dataDir: string): number | undefined {
  const pgDir = path.join(dataDir, 'postgres');
  return findPids((args) => args.some((a, i) => a === '-D' && args[i + 1] === pgDir))[0];
}

/**
 * The API measurements run kubepg without its client components: a scheduler and node agent
 * acting on the benchmark's pods would add their own load to every figure.
 */
export const API_ONLY = ['--disable', 'scheduler,node-agent,controller-manager'];

/**
 * Spawns `node dist/src/main.js up --data-dir <dir> --port <p> --postgres-port <pp>` and waits
 * for its ready line; rejects (after stopping it) when it exits or takes longer than `timeoutMs`.
 */
export async function startKubepg(dataDir: string, port: number, postgresPort: number, timeoutMs: number, extraArgs: string[] = API_ONLY): Promise<KubepgInstance> {
  const started = nowMs();
  const child = spawn(process.execPath, [MAIN_JS, 'up', '--data-dir', dataDir, '--port', String(port), '--postgres-port', String(postgresPort), ...extraArgs], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let readyAt: number | undefined;
  let onReady: (() => void) | undefined;
  const collect = (stream: NodeJS.ReadableStream): void => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line.replace(/\x1b\[[0-9;]*m/g, ''));
        if (readyAt === undefined && line.includes('kubepg is ready')) {
          readyAt = nowMs();
          onReady?.();
        }
      }
      lines.splice(0, Math.max(0, lines.length - LOG_LINES));
    });
  };
  collect(child.stdout!);
  collect(child.stderr!);
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      void terminate(child, 20_000).then(() => reject(new Error(`kubepg up ${why}; last output:\n${lines.slice(-20).join('\n')}`)));
    };
    const timer = setTimeout(() => fail(`was not ready within ${timeoutMs} ms`), timeoutMs);
    onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    child.once('exit', (code, signal) => {
      if (readyAt === undefined) {
        fail(`exited (${signal ?? code}) before it was ready`);
      }
    });
  });
  const password = readFileSync(path.join(dataDir, 'postgres.password'), 'utf8').trim();
  return {
    dataDir,
    url: `https://127.0.0.1:${port}`,
    port,
    postgresPort,
    token: readFileSync(path.join(dataDir, 'pki', 'admin.token'), 'utf8').trim(),
    ca: readFileSync(path.join(dataDir, 'pki', 'ca.crt')),
    readyMs: readyAt! - started,
    apiserverPid: apiserverPidFor(dataDir),
    postmasterPid: postmasterPidFor(dataDir),
    databaseUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${postgresPort}/kubepg`,
    alive,
    logTail: () => [...lines],
    stop: () => terminate(child, 30_000),
  };
}
