import * as https from 'node:https';
import { nowMs } from 'bench/stats';

/** Where and how to reach an apiserver. */
export interface ApiTarget {
  url: string;
  token: string;
  ca: Buffer;
}

/** One answer: status, body (unless discarded), its size, and the time to its last byte. */
export interface HttpAnswer {
  status: number;
  text: string;
  bytes: number;
  ms: number;
}

/** Options of one request. */
export interface RequestOptions {
  body?: string;
  contentType?: string;
  /** Accept header (default application/json). */
  accept?: string;
  /** Only count the body's bytes (huge lists). */
  discardBody?: boolean;
  timeoutMs?: number;
}

/** Anything that sends one request and reads the whole answer (HTTP/1.1 or HTTP/2). */
export interface RequestSender {
  request(method: string, path: string, opts?: RequestOptions): Promise<HttpAnswer>;
}

/**
 * A minimal HTTPS/1.1 client over a keep-alive Agent, as a Kubernetes client uses it: bearer
 * token, the cluster CA, JSON bodies. `maxSockets` bounds the connections (one per client).
 */
export class BenchClient implements RequestSender {
  readonly agent: https.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    private readonly target: ApiTarget,
    maxSockets: number,
  ) {
    const u = new URL(target.url);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.agent = new https.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, ca: target.ca });
  }

  /** Sends one request and reads the whole answer; rejects on network errors and timeouts. */
  request(method: string, path: string, opts: RequestOptions = {}): Promise<HttpAnswer> {
    const headers: Record<string, string | number> = { Accept: opts.accept ?? 'application/json', Authorization: `Bearer ${this.target.token}`, 'User-Agent': 'kubepg-bench' };
    const payload = opts.body === undefined ? undefined : Buffer.from(opts.body);
    if (payload) {
      headers['Content-Type'] = opts.contentType ?? 'application/json';
      headers['Content-Length'] = payload.length;
    }
    const start = nowMs();
    return new Promise((resolve, reject) => {
      const req = https.request({ method, host: this.host, port: this.port, path, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (!opts.discardBody) {
            chunks.push(c);
          }
        });
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), bytes, ms: nowMs() - start }));
      });
      req.setTimeout(opts.timeoutMs ?? 60_000, () => req.destroy(new Error(`no answer within ${opts.timeoutMs ?? 60_000} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Opens up to `n` keep-alive connections ahead of a measurement (cheap GETs of /version). */
  async warmUp(n: number): Promise<void> {
    await Promise.all(Array.from({ length: n }, () => this.request('GET', '/version').catch(() => undefined)));
  }

  /** Closes every connection. */
  close(): void {
    this.agent.destroy();
  }
}

/** Throws with the exact request and answer unless the status is one of `ok`. */
export function expectStatus(method: string, path: string, ans: HttpAnswer, ok: number[]): HttpAnswer {
  if (!ok.includes(ans.status)) {
    throw new Error(`${method} ${path} answered ${ans.status}: ${ans.text.slice(0, 400)}`);
  }
  return ans;
}
