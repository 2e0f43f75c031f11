import { spawn, type ChildProcess } from 'node:child_process';
import * as https from 'node:https';
import * as net from 'node:net';

/** A supervised kubepg component running as its own process. */
export interface Component {
  name: string;
  child: ChildProcess;
}

/** Starts `kubepg <args>` as a child process sharing our stdout and stderr. */
export function spawnComponent(name: string, args: string[]): Component {
  const child = spawn(process.execPath, [require.main?.filename ?? process.argv[1], ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
  return { name, child };
}

/** Longest pause before a crashed client component is started again. */
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * Starts `kubepg <args>` and starts it again (after 1 s, doubling to 30 s) whenever it exits
 * while the cluster is not stopping. The returned Component always points at the live child.
 */
export function superviseComponent(name: string, args: string[], stopping: () => boolean): Component {
  const c = spawnComponent(name, args);
  let delay = 1000;
  const watch = (child: ChildProcess): void => {
    const started = Date.now();
    child.once('exit', (code, signal) => {
      if (stopping()) {
        return;
      }
      delay = Date.now() - started > 60_000 ? 1000 : Math.min(delay * 2, MAX_RESTART_DELAY_MS);
      process.stderr.write(`kubepg: ${name} exited (${signal ?? code}); restarting in ${delay / 1000} s\n`);
      setTimeout(() => {
        if (!stopping()) {
          c.child = spawnComponent(name, args).child;
          watch(c.child);
        }
      }, delay).unref();
    });
  };
  watch(c.child);
  return c;
}

/** How often waitReady asks; a refused connection or a 500 costs the apiserver next to nothing. */
const READY_POLL_MS = 20;

/** Resolves once GET <url>/readyz answers 200, polling every READY_POLL_MS until `timeoutMs`. */
export async function waitReady(url: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) {
      throw new Error('the apiserver exited before it became ready');
    }
    const ok = await new Promise<boolean>((resolve) => {
      const req = https.get(`${url}/readyz`, { rejectUnauthorized: false, timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
    });
    if (ok) {
      return;
    }
    await new Promise((r) => setTimeout(r, READY_POLL_MS));
  }
  throw new Error(`the apiserver did not become ready within ${timeoutMs} ms`);
}

/** Sends SIGTERM to a child and waits for it to exit (SIGKILL after `graceMs`). */
export function stopComponent(c: Component, graceMs = 10_000): Promise<void> {
  if (c.child.exitCode !== null || c.child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const kill = setTimeout(() => c.child.kill('SIGKILL'), graceMs);
    c.child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    c.child.kill('SIGTERM');
  });
}

/**
 * Fails fast when another process already listens on host:port (its /readyz would fool waitReady,
 * another Postgres would be mistaken for ours); `flag` names the option that picks another port.
 */
export function assertPortFree(host: string, port: number, flag = '--port'): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'EADDRINUSE' ? `${host}:${port} is already in use; pick another port with ${flag}` : err.message)),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
