import * as http from 'node:http';
import * as https from 'node:https';

/** One HTTP answer; `body` is the parsed JSON when the body is JSON. */
export interface ApiResponse<T = any> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: T;
}

/** Options of one raw request. */
export interface RequestOptions {
  /** An object is sent as JSON; a string or Buffer is sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Overrides the client's bearer token; `null` sends no Authorization header. */
  token?: string | null;
}

/** A watch event as the apiserver frames it. */
export interface WatchEvent<T = any> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/**
 * A deliberately small HTTPS client for the apiserver: bearer token, self-signed certificate
 * accepted, JSON in and out. Tests use it to see exactly what the server answers.
 */
export class ApiClient {
  private readonly agent = new https.Agent({ keepAlive: true, maxSockets: 64, rejectUnauthorized: false });

  constructor(
    readonly baseUrl: string,
    readonly token: string | null,
  ) {}

  private requestOptions(method: string, p: string, opts: RequestOptions, extra: Record<string, string>): https.RequestOptions {
    const url = new URL(p, this.baseUrl);
    const token = opts.token === undefined ? this.token : opts.token;
    const headers: Record<string, string> = { Accept: 'application/json', ...extra, ...opts.headers };
    if (token) {
      headers.Authorization = `Bearer ${token}`;
    }
    return { method, hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers, agent: this.agent };
  }

  /** Sends one request and reads the whole answer. */
  request<T = any>(method: string, p: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
    let payload: Buffer | undefined;
    const extra: Record<string, string> = {};
    if (opts.body !== undefined) {
      payload = Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
      extra['Content-Type'] = 'application/json';
      extra['Content-Length'] = String(payload.length);
    }
    return new Promise((resolve, reject) => {
      let answered = false;
      const req = https.request(this.requestOptions(method, p, opts, extra), (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: any;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
        });
      });
      // A server may answer (e.g. 413) and close before the whole body is written; keep its answer.
      req.on('error', (err) => {
        if (!answered) {
          reject(err);
        }
      });
      req.end(payload);
    });
  }

  get<T = any>(p: string, opts?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('GET', p, opts);
  }

  post<T = any>(p: string, body: unknown, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('POST', p, { ...opts, body });
  }

  put<T = any>(p: string, body: unknown, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('PUT', p, { ...opts, body });
  }

  /** PATCH; the patch type defaults to a JSON merge patch. */
  patch<T = any>(p: string, body: unknown, contentType = 'application/merge-patch+json', opts: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('PATCH', p, { ...opts, body, headers: { ...opts.headers, 'Content-Type': contentType } });
  }

  delete<T = any>(p: string, body?: unknown, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('DELETE', p, { ...opts, body });
  }

  /** Opens a watch (the path carries `watch=true` or is a legacy /watch/ path) and parses its lines. */
  watch<T = any>(p: string, opts: RequestOptions = {}): WatchStream<T> {
    return new WatchStream<T>((onResponse, onError) => {
      const req = https.request(this.requestOptions('GET', p, opts, {}), onResponse);
      req.on('error', onError);
      req.end();
      return req;
    });
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}

/**
 * The client side of one watch: events are parsed as newline-delimited JSON as they arrive and
 * read in order with `next()`, so a test waits for concrete events with bounded timeouts.
 */
export class WatchStream<T = any> {
  /** Every event received so far, in arrival order. */
  readonly events: WatchEvent<T>[] = [];
  /** Resolves with the status code once the response headers arrive. */
  readonly status: Promise<number>;
  /** Resolves when the stream ends: 'end' when the server finished it, 'error' when the connection broke. */
  readonly closed: Promise<'end' | 'error'>;
  /** The body of a non-200 answer. */
  errorBody = '';
  private cursor = 0;
  private ended = false;
  private readonly waiters = new Set<() => void>();
  private readonly req: ReturnType<typeof https.request>;

  constructor(open: (onResponse: (res: http.IncomingMessage) => void, onError: (e: Error) => void) => ReturnType<typeof https.request>) {
    let resolveStatus!: (s: number) => void;
    let rejectStatus!: (e: Error) => void;
    let resolveClosed!: (how: 'end' | 'error') => void;
    this.status = new Promise((res, rej) => ((resolveStatus = res), (rejectStatus = rej)));
    this.closed = new Promise((res) => (resolveClosed = res));
    // Avoid unhandled rejections when a test never looks at the status.
    this.status.catch(() => undefined);
    const finish = (how: 'end' | 'error') => {
      if (!this.ended) {
        this.ended = true;
        resolveClosed(how);
        this.notify();
      }
    };
    this.req = open(
      (res) => {
        resolveStatus(res.statusCode ?? 0);
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          if (res.statusCode !== 200) {
            this.errorBody += chunk;
            return;
          }
          buffer += chunk;
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (line) {
              this.events.push(JSON.parse(line) as WatchEvent<T>);
            }
          }
          this.notify();
        });
        res.on('end', () => finish('end'));
        res.on('error', () => finish('error'));
        res.on('close', () => finish(res.complete ? 'end' : 'error'));
      },
      (err) => {
        rejectStatus(err);
        finish('error');
      },
    );
  }

  private notify(): void {
    for (const w of [...this.waiters]) {
      w();
    }
  }

  /** Whether the stream is over. */
  get isClosed(): boolean {
    return this.ended;
  }

  /** The next unread event; rejects after timeoutMs or if the stream ends first. */
  next(timeoutMs = 15_000): Promise<WatchEvent<T>> {
    return this.waitUntil(() => this.cursor < this.events.length, timeoutMs, 'the next watch event').then(() => this.events[this.cursor++]);
  }

  /** Reads `n` events. */
  async take(n: number, timeoutMs = 15_000): Promise<WatchEvent<T>[]> {
    await this.waitUntil(() => this.events.length - this.cursor >= n, timeoutMs, `${n} watch events`);
    const out = this.events.slice(this.cursor, this.cursor + n);
    this.cursor += n;
    return out;
  }

  /** Reads events up to and including the first that satisfies the predicate. */
  async until(predicate: (e: WatchEvent<T>) => boolean, timeoutMs = 15_000): Promise<WatchEvent<T>[]> {
    const start = this.cursor;
    let scanned = this.cursor;
    let found = -1;
    await this.waitUntil(
      () => {
        for (; scanned < this.events.length; scanned++) {
          if (predicate(this.events[scanned])) {
            found = scanned;
            return true;
          }
        }
        return false;
      },
      timeoutMs,
      'a matching watch event',
    );
    this.cursor = found + 1;
    return this.events.slice(start, found + 1);
  }

  /** Unread events received so far, without waiting. */
  drain(): WatchEvent<T>[] {
    const out = this.events.slice(this.cursor);
    this.cursor = this.events.length;
    return out;
  }

  /** Waits (bounded) until the server ends the stream. */
  waitClosed(timeoutMs = 15_000): Promise<'end' | 'error'> {
    return this.waitUntil(() => this.ended, timeoutMs, 'the watch to close', true).then(() => this.closed);
  }

  private waitUntil(cond: () => boolean, timeoutMs: number, what: string, endOk = false): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (cond()) {
          done();
          resolve();
        } else if (this.ended && !endOk) {
          done();
          reject(new Error(`watch ended while waiting for ${what}; received ${this.events.length} events${this.errorBody ? `, body: ${this.errorBody}` : ''}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; received ${this.events.length} events, read ${this.cursor}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Yields events as they arrive until the stream ends (`for await (const e of watch)`). */
  async *[Symbol.asyncIterator](): AsyncGenerator<WatchEvent<T>> {
    for (;;) {
      if (this.ended && this.cursor >= this.events.length) {
        return;
      }
      try {
        yield await this.next(3_600_000);
      } catch (err) {
        if (this.ended && this.cursor >= this.events.length) {
          return;
        }
        throw err;
      }
    }
  }

  /** Closes the connection from the client side. */
  close(): void {
    this.req.destroy();
  }
}
