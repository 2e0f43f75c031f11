import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import { REPO_ROOT } from 'bench/kubepg';

/** What the figures were measured on. */
export interface MachineFacts {
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  kernel: string;
  os: string;
  node: string;
  /** 1-, 5- and 15-minute load averages when the run started (other work shares the machine). */
  loadAverageAtStart: number[];
  git: { commit: string; dirty: boolean } | undefined;
}

/** Collects the machine facts that do not need a running server. */
export function machineFacts(): MachineFacts {
  let osName = os.type();
  try {
    osName = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? osName;
  } catch {
    // keep os.type()
  }
  let git: MachineFacts['git'];
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'migrations'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim() !== '';
    git = { commit, dirty };
  } catch {
    git = undefined;
  }
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryBytes: os.totalmem(),
    kernel: `${os.type()} ${os.release()}`,
    os: osName,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    git,
  };
}
