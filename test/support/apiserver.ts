import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import type { ApiServerHandle } from 'src/apiserver/bootstrap';
import { ApiClient, type ApiResponse } from 'test/support/http';
import { createTestDatabase, type TestDatabase } from 'test/support/postgres';

export { freePort } from 'test/support/global-setup';
export { ApiClient, WatchStream, type ApiResponse, type RequestOptions, type WatchEvent } from 'test/support/http';

const ROOT = path.resolve(__dirname, '..', '..');
/** The compiled CLI (`npm run build`), used when a test needs to kill -9 an apiserver. */
const MAIN_JS = path.join(ROOT, 'dist', 'src', 'main.js');

/**
 * Node's own require. Inside jest, `require` and even `module.createRequire` go through jest's
 * CommonJS registry; process.getBuiltinModule (Node >= 20.16) reaches the real loader.
 */
const nativeRequire = (process as unknown as { getBuiltinModule(id: string): typeof import('node:module') })
  .getBuiltinModule('node:module')
  .createRequire(__filename);

/**
 * @kubernetes/client-node 1.x is ESM-only, which jest's CommonJS module registry cannot load;
 * Node 20's own require() can (the package has no top-level await), so load it through that.
 */
export function clientNode(): typeof k8s {
  return nativeRequire('@kubernetes/client-node') as typeof k8s;
}

// ---------------------------------------------------------------------------------------------
// In-process apiserver

/** An apiserver running inside the test process, on its own database. */
export interface TestApiServer {
  handle: ApiServerHandle;
  url: string;
  token: string;
  kubeconfigPath: string;
  dataDir: string;
  database: TestDatabase;
  /** Raw HTTPS client with the admin token. */
  api: ApiClient;
  /** client-node configuration loaded from the server's kubeconfig. */
  kc: k8s.KubeConfig;
  /** Closes the server, then drops the database (unless it was passed in) and removes the data directory. */
  stop(): Promise<void>;
}

/**
 * The compiled server (`npm run build`, which `npm test` runs first). NestJS 12 ships as ES
 * modules, which jest's CommonJS registry cannot load, so the server is loaded by Node itself
 * from dist/ — the same code the CLI runs. Loaded lazily: files that only run child processes skip it.
 */
function compiledServer(): typeof import('src/apiserver/bootstrap') {
  const bootstrap = path.join(ROOT, 'dist', 'src', 'apiserver', 'bootstrap.js');
  if (!fs.existsSync(bootstrap)) {
    throw new Error(`${bootstrap} does not exist: run \`npm run build\` first (npm test does)`);
  }
  return nativeRequire(bootstrap) as typeof import('src/apiserver/bootstrap');
}

/** Options of startTestApiServer. */
export interface TestApiServerOptions {
  /** Serve this existing database instead of a fresh one (it is then not dropped by stop()). */
  database?: TestDatabase;
}

/** Starts startApiServer() on a random port with a fresh database and data directory. */
export async function startTestApiServer(opts: TestApiServerOptions = {}): Promise<TestApiServer> {
  const database = opts.database ?? (await createTestDatabase());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubepg-api-'));
  const { startApiServer } = compiledServer();
  let handle: ApiServerHandle;
  try {
    handle = await startApiServer({ databaseUrl: database.url, dataDir, port: 0, bindAddress: '127.0.0.1' });
  } catch (err) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (!opts.database) {
      await database.drop();
    }
    throw err;
  }
  const kc = new (clientNode().KubeConfig)();
  kc.loadFromFile(handle.kubeconfigPath);
  const api = new ApiClient(handle.url, handle.token);
  return {
    handle,
    url: handle.url,
    token: handle.token,
    kubeconfigPath: handle.kubeconfigPath,
    dataDir,
    database,
    api,
    kc,
    async stop() {
      api.close();
      await handle.close();
      if (!opts.database) {
        await database.drop();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Child-process apiserver

/** An apiserver running as `node dist/src/main.js apiserver`, which a test may kill -9. */
export interface ApiServerProcess {
  url: string;
  port: number;
  token: string;
  kubeconfigPath: string;
  pid: number;
  api: ApiClient;
  /** Resolves when the process exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal and waits for the exit (SIGKILL after 20 s). */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The process's recent stdout and stderr, for failure messages. */
  output(): string;
}

const liveChildren = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of liveChildren) {
    c.kill('SIGKILL');
  }
});

/** The bearer token in a kubeconfig written by the apiserver. */
export function tokenFromKubeconfig(kubeconfigPath: string): string {
  const YAML = nativeRequire('yaml') as typeof import('yaml');
  const doc = YAML.parse(fs.readFileSync(kubeconfigPath, 'utf8')) as { users?: { user?: { token?: string } }[] };
  const token = doc.users?.[0]?.user?.token;
  if (!token) {
    throw new Error(`${kubeconfigPath} has no bearer token`);
  }
  return token;
}

/**
 * Runs the apiserver CLI as a child process on a fixed port and data directory (so a restart
 * comes back at the same address with the same credentials) and waits until /readyz answers 200.
 */
export async function startApiServerProcess(dataDir: string, databaseUrl: string, port: number, readyTimeoutMs = 45_000): Promise<ApiServerProcess> {
  if (!fs.existsSync(MAIN_JS)) {
    throw new Error(`${MAIN_JS} does not exist: run \`npm run build\` first (npm test does)`);
  }
  const args = [MAIN_JS, 'apiserver', '--database-url', databaseUrl, '--data-dir', dataDir, '--port', String(port), '--bind-address', '127.0.0.1'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
  liveChildren.add(child);
  let output = '';
  const append = (d: Buffer) => {
    output = (output + d.toString('utf8')).slice(-64 * 1024);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      liveChildren.delete(child);
      resolve({ code, signal });
    });
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const url = `https://127.0.0.1:${port}`;
  const kubeconfigPath = path.join(dataDir, 'kubeconfig');
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (!hasExited) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    }
    return exited;
  };

  const deadline = Date.now() + readyTimeoutMs;
  let lastProblem = 'no kubeconfig yet';
  for (;;) {
    if (hasExited) {
      const { code, signal } = await exited;
      throw new Error(`apiserver process exited before becoming ready (code ${code}, signal ${signal}):\n${output}`);
    }
    if (Date.now() > deadline) {
      await kill('SIGKILL');
      throw new Error(`apiserver process not ready after ${readyTimeoutMs} ms (${lastProblem}):\n${output}`);
    }
    if (fs.existsSync(kubeconfigPath)) {
      const probe = new ApiClient(url, tokenFromKubeconfig(kubeconfigPath));
      try {
        const res = await probe.get('/readyz');
        if (res.status === 200) {
          break;
        }
        lastProblem = `/readyz answered ${res.status}: ${res.text.slice(0, 200)}`;
      } catch (err) {
        lastProblem = `/readyz: ${(err as Error).message}`;
      } finally {
        probe.close();
      }
    }
    await sleep(100);
  }
  const token = tokenFromKubeconfig(kubeconfigPath);
  return {
    url,
    port,
    token,
    kubeconfigPath,
    pid: child.pid ?? -1,
    api: new ApiClient(url, token),
    exited,
    kill,
    output: () => output,
  };
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** Resolves after ms milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Polls until fn returns a truthy value (bounded; never a timing assertion) and returns it.
 * On timeout the error names what was awaited and the last value seen.
 */
export async function waitFor<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 20_000, intervalMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await fn();
      if (last) {
        return last as NonNullable<T>;
      }
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}${lastError ? `; last error: ${String(lastError)}` : ''}`,
      );
    }
    await sleep(intervalMs);
  }
}

/** Asserts that an answer has the expected status and a JSON body, showing the body when it does not. */
export function expectStatus(res: ApiResponse, status: number): void {
  if (res.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${res.status}: ${res.text.slice(0, 2000)}`);
  }
  if (res.body === undefined) {
    const text = res.text.length > 600 ? `${res.text.slice(0, 300)} ... ${res.text.slice(-300)}` : res.text;
    throw new Error(`HTTP ${status} without a JSON body (${res.text.length} bytes, content-type ${String(res.headers['content-type'])}): ${text}`);
  }
}

/** A ConfigMap body. */
export function configMap(name: string, data: Record<string, string> = {}, meta: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...meta }, data };
}

/** A minimal valid Pod body. */
export function pod(name: string, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, ...meta }, spec: { containers: [{ name: 'main', image: 'busybox' }], ...spec } };
}

/** A minimal valid Deployment body. */
export function deployment(name: string, replicas = 1): Record<string, any> {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    },
  };
}

/** Creates a namespace and fails loudly if that does not work. */
export async function createNamespace(api: ApiClient, name: string): Promise<void> {
  const res = await api.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  expectStatus(res, 201);
}

/** Numeric value of a resourceVersion, after checking it is a decimal integer as Kubernetes 1.35 requires. */
export function rvNum(rv: unknown): number {
  if (typeof rv !== 'string' || !/^[1-9][0-9]*$/.test(rv)) {
    throw new Error(`resourceVersion ${JSON.stringify(rv)} is not a positive decimal integer`);
  }
  return Number(rv);
}
