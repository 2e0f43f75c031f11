import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { processCpu } from 'bench/cpu';
import { runLoad, type LoadResult } from 'bench/load';
import { freePort, terminate } from 'bench/processes';
import { sleep } from 'bench/stats';

/** Where Debian's `etcd-server` package installs the server. */
export const ETCD_BINARY = '/usr/bin/etcd';

/** etcd put rates for values of a stored pod's size, or why they were not measured. */
export type EtcdBaseline =
  | { skipped: string }
  | {
      version: string;
      valueBytes: number;
      puts1: LoadResult;
      puts64: LoadResult & { etcdCpu: number };
    };

/** POSTs JSON to etcd's HTTP/JSON gateway over a keep-alive agent. */
function post(agent: http.Agent, port: number, path: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('etcd did not answer within 30 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Polls GET /health until etcd reports healthy. */
async function waitHealthy(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
    });
    if (ok) {
      return;
    }
    await sleep(100);
  }
  throw new Error(`etcd was not healthy within ${timeoutMs} ms`);
}

/**
 * Starts a single-member etcd on 127.0.0.1 with a temporary data directory and drives puts of
 * `value` (one new key per put, as creates do) through its HTTP/JSON gateway, from 1 and from 64
 * concurrent keep-alive connections. Skipped, with the reason, when etcd is not installed.
 */
export async function etcdBaseline(value: string, ops: number, maxMs: number): Promise<EtcdBaseline> {
  if (!existsSync(ETCD_BINARY)) {
    return { skipped: `${ETCD_BINARY} not found (apt-get install etcd-server to include this baseline)` };
  }
  const version = execFileSync(ETCD_BINARY, ['--version'], { encoding: 'utf8' }).split('\n')[0].trim();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubepg-bench-etcd-'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = ['--name', 'bench', '--data-dir', path.join(dir, 'data'), '--listen-client-urls', client, '--advertise-client-urls', client];
  args.push('--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer, '--initial-cluster', `bench=${peer}`, '--logger', 'zap', '--log-level', 'error');
  const etcd = spawn(ETCD_BINARY, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  etcd.stderr!.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString('utf8')).slice(-4000);
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  try {
    await waitHealthy(clientPort, 20_000);
    const encodedValue = Buffer.from(value).toString('base64');
    const put = (prefix: string) => async (i: number) => {
      const key = Buffer.from(`/registry/pods/bench/${prefix}-${i}`).toString('base64');
      const ans = await post(agent, clientPort, '/v3/kv/put', `{"key":"${key}","value":"${encodedValue}"}`);
      if (ans.status !== 200) {
        throw new Error(`etcd POST /v3/kv/put answered ${ans.status}: ${ans.text.slice(0, 300)}`);
      }
    };
    const puts1 = await runLoad({ clients: 1, count: Math.min(ops, 5000), maxMs: maxMs / 2 }, put('p1'));
    const etcdCpu = processCpu(etcd.pid);
    const puts64 = await runLoad({ clients: 64, count: ops, maxMs }, put('p64'));
    return { version, valueBytes: Buffer.byteLength(value), puts1, puts64: { ...puts64, etcdCpu: etcdCpu() } };
  } catch (err) {
    return { skipped: `etcd failed: ${err instanceof Error ? err.message : String(err)}; stderr: ${stderr.slice(-500)}` };
  } finally {
    agent.destroy();
    await terminate(etcd, 10_000);
    rmSync(dir, { recursive: true, force: true });
  }
}
