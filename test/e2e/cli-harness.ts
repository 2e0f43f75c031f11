// Shared plumbing of the kubectl/helm end-to-end files: one in-process apiserver per file, the real
// client binaries run with a private environment (editor, temp dir, helm homes), and the small
// assertions every file needs. Not a test file itself (jest only collects *.test.ts).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createNamespace, startTestApiServer, type ApiClient, type TestApiServer } from 'test/support/apiserver';
import { ensureTools } from 'test/support/kubectl';

/** The repository's test/fixtures directory. */
export const FIXTURES = path.resolve(__dirname, '..', 'fixtures');

/** kubectl v1.32 as installed on the machine (the Google Cloud SDK dispatcher, which runs its own v1.32 build against a v1.35 server). */
export const KUBECTL_132 = '/usr/bin/kubectl';

/** What one client run produced. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Options of one client run. */
export interface RunOptions {
  /** Written to stdin. */
  input?: string;
  /** Extra environment variables (KUBE_EDITOR, ...). */
  env?: Record<string, string>;
  /** Killed after this long (default 45 s); the result then has timedOut. */
  timeoutMs?: number;
  cwd?: string;
  /** The kubectl binary to run (default: the pinned v1.35 from ensureTools()). */
  bin?: string;
}

/** Runs a binary to completion and collects its output; never rejects on a non-zero exit. */
export function runBinary(bin: string, args: string[], env: NodeJS.ProcessEnv, opts: RunOptions = {}): Promise<CliResult> {
  const child = spawn(bin, args, { env, cwd: opts.cwd, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => undefined);
  child.stdin.end(opts.input ?? '');
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs ?? 45_000);
  return new Promise((resolve, reject) => {
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : -1), stdout, stderr, timedOut });
    });
  });
}

/** Fails with the client's own output unless it exited 0; returns stdout. */
export function ok(res: CliResult): string {
  if (res.code !== 0) {
    throw new Error(`exited ${res.code}${res.timedOut ? ' (timed out)' : ''}\nstdout:\n${res.stdout}\nstderr:\n${res.stderr}`);
  }
  return res.stdout;
}

/** Exit code, stdout and stderr in one value, so a failed expectation shows all three. */
export function outcome(res: CliResult): { code: number; stdout: string; stderr: string } {
  return { code: res.code, stdout: res.stdout, stderr: res.stderr };
}

/** One apiserver for one test file, plus the clients pointed at it. */
export interface Cluster {
  server: TestApiServer;
  api: ApiClient;
  /** A private directory for this file (editor copies, helm homes, generated certificates). */
  tmp: string;
  /** Runs kubectl (a fresh discovery cache per call, as the other e2e files do). */
  kubectl(args: string[], opts?: RunOptions): Promise<CliResult>;
  /** Runs the pinned helm. */
  helm(args: string[], opts?: RunOptions): Promise<CliResult>;
  stop(): Promise<void>;
}

/** Starts the apiserver and creates the given namespaces. */
export async function startCluster(namespaces: string[] = []): Promise<Cluster> {
  const server = await startTestApiServer();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubepg-cli-'));
  for (const ns of namespaces) {
    await createNamespace(server.api, ns);
  }
  const baseEnv = (): NodeJS.ProcessEnv => ({
    ...process.env,
    KUBECONFIG: server.kubeconfigPath,
    HOME: tmp,
    TMPDIR: tmp,
    HELM_CONFIG_HOME: path.join(tmp, 'helm-config'),
    HELM_CACHE_HOME: path.join(tmp, 'helm-cache'),
    HELM_DATA_HOME: path.join(tmp, 'helm-data'),
  });
  let calls = 0;
  return {
    server,
    api: server.api,
    tmp,
    async kubectl(args, opts = {}) {
      const cacheDir = path.join(tmp, `kubectl-cache-${++calls}`);
      try {
        return await runBinary(opts.bin ?? ensureTools().kubectl, [`--cache-dir=${cacheDir}`, ...args], { ...baseEnv(), ...opts.env }, opts);
      } finally {
        fs.rmSync(cacheDir, { recursive: true, force: true });
      }
    },
    helm(args, opts = {}) {
      return runBinary(ensureTools().helm, args, { ...baseEnv(), ...opts.env }, opts);
    },
    async stop() {
      await server.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** GETs an object through the raw API and fails unless it is there. */
export async function getObject(api: ApiClient, p: string): Promise<any> {
  const res = await api.get(p);
  if (res.status !== 200) {
    throw new Error(`GET ${p}: HTTP ${res.status}: ${res.text.slice(0, 500)}`);
  }
  return res.body;
}

/** Plain-object deep merge: `over` wins, nested objects merge, arrays are replaced. */
export function deepMerge(base: any, over: any): any {
  if (!isPlainObject(base) || !isPlainObject(over)) {
    return structuredClone(over);
  }
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(over)) {
    out[k] = k in out ? deepMerge(out[k], v) : structuredClone(v);
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The fields the server sets on every object (uid, resourceVersion, creationTimestamp), taken from the stored object. */
export function serverMeta(stored: any): Record<string, unknown> {
  const { uid, resourceVersion, creationTimestamp } = stored.metadata;
  return { uid, resourceVersion, creationTimestamp };
}
