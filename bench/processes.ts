import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as net from 'node:net';

/** A port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** The command line of a process, or undefined when it is gone. */
export function cmdline(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

/** Pids of the processes whose command line satisfies `match` (from /proc). */
export function findPids(match: (args: string[]) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    const args = cmdline(Number(entry));
    if (args && match(args)) {
      pids.push(Number(entry));
    }
  }
  return pids;
}

/** Resident and peak resident memory of a process, in bytes (from /proc/<pid>/status). */
export function memoryOf(pid: number): { rssBytes: number; hwmBytes: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rssBytes: kb('VmRSS'), hwmBytes: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** Sends SIGTERM and waits for the exit; SIGKILL after `graceMs`. Resolves with how long it took. */
export function terminate(child: ChildProcess, graceMs: number): Promise<{ ms: number; killed: boolean }> {
  const start = Date.now();
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ ms: 0, killed: false });
  }
  return new Promise((resolve) => {
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve({ ms: Date.now() - start, killed });
    });
    child.kill('SIGTERM');
  });
}
