import * as http2 from 'node:http2';
import type { ApiTarget, HttpAnswer, RequestOptions, RequestSender } from 'bench/http-client';
import { nowMs } from 'bench/stats';

/**
 * One HTTP/2 connection to the apiserver on which every request is a stream, as client-go and
 * kubectl use it: concurrent requests multiplex instead of taking a connection each.
 */
export class Http2BenchClient implements RequestSender {
  private constructor(
    private readonly session: http2.ClientHttp2Session,
    private readonly token: string,
  ) {}

  /** Connects and waits for the session; rejects when the server does not speak h2. */
  static connect(target: ApiTarget): Promise<Http2BenchClient> {
    return new Promise((resolve, reject) => {
      const session = http2.connect(target.url, { ca: target.ca });
      session.once('error', reject);
      session.once('connect', () => {
        session.off('error', reject);
        // A session error after connecting fails the streams in flight, which report it themselves.
        session.on('error', () => undefined);
        resolve(new Http2BenchClient(session, target.token));
      });
    });
  }

  /** Sends one request as a stream and reads the whole answer. */
  request(method: string, path: string, opts: RequestOptions = {}): Promise<HttpAnswer> {
    const headers: http2.OutgoingHttpHeaders = {
      ':method': method,
      ':path': path,
      accept: 'application/json',
      authorization: `Bearer ${this.token}`,
      'user-agent': 'kubepg-bench',
    };
    const payload = opts.body === undefined ? undefined : Buffer.from(opts.body);
    if (payload) {
      headers['content-type'] = opts.contentType ?? 'application/json';
      headers['content-length'] = payload.length;
    }
    const start = nowMs();
    return new Promise((resolve, reject) => {
      const stream = this.session.request(headers);
      let status = 0;
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('response', (h) => {
        status = Number(h[':status']);
      });
      stream.on('data', (c: Buffer) => {
        bytes += c.length;
        if (!opts.discardBody) {
          chunks.push(c);
        }
      });
      stream.on('end', () => resolve({ status, text: Buffer.concat(chunks).toString('utf8'), bytes, ms: nowMs() - start }));
      stream.on('error', (err) => reject(new Error(`HTTP/2 ${method} ${path}: ${err.message}`)));
      stream.setTimeout(opts.timeoutMs ?? 60_000, () => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        reject(new Error(`HTTP/2 ${method} ${path}: no answer within ${opts.timeoutMs ?? 60_000} ms`));
      });
      stream.end(payload);
    });
  }

  /** Closes the connection. */
  close(): void {
    this.session.close();
  }
}
