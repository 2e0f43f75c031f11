import { isIP } from 'node:net';
import * as tls from 'node:tls';
import { AnswerFramer } from 'bench/answer-framer';
import type { ApiTarget, HttpAnswer } from 'bench/http-client';
import { nowMs } from 'bench/stats';

/**
 * One keep-alive HTTPS/1.1 connection that sends GETs and only finds where each answer ends
 * (AnswerFramer): the time to the last byte of a LIST of tens of megabytes, without Node's
 * HTTP parser and streams, which on this machine spend more CPU per byte than the apiserver
 * spends producing it (see bench/README.md, "LIST latency"). Answers are read one at a time.
 */
export class LeanReader {
  private socket?: tls.TLSSocket;
  private pending?: { framer: AnswerFramer; start: number; resolve: (a: HttpAnswer) => void; reject: (e: Error) => void };

  constructor(private readonly target: ApiTarget) {}

  /** Opens the connection (TLS handshake, ALPN http/1.1). */
  async connect(): Promise<void> {
    const u = new URL(this.target.url);
    const socket = tls.connect({
      host: u.hostname,
      port: Number(u.port),
      ca: this.target.ca,
      servername: isIP(u.hostname) ? undefined : u.hostname,
      ALPNProtocols: ['http/1.1'],
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', resolve);
      socket.once('error', reject);
    });
    socket.on('data', (buf: Buffer) => this.onData(buf));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed mid-answer')));
    this.socket = socket;
  }

  /** GETs `path` and resolves at the answer's last byte; the body is counted, not kept. */
  get(path: string, accept = 'application/json', timeoutMs = 120_000): Promise<HttpAnswer> {
    const socket = this.socket;
    if (!socket || this.pending) {
      return Promise.reject(new Error(socket ? 'one answer at a time' : 'not connected'));
    }
    return new Promise<HttpAnswer>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      const done =
        <T>(f: (v: T) => void) =>
        (v: T) => {
          clearTimeout(timer);
          this.pending = undefined;
          f(v);
        };
      this.pending = { framer: new AnswerFramer(), start: nowMs(), resolve: done(resolve), reject: done(reject) };
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${new URL(this.target.url).host}\r\nAccept: ${accept}\r\nAuthorization: Bearer ${this.target.token}\r\nUser-Agent: kubepg-bench\r\n\r\n`,
      );
    });
  }

  /** Closes the connection. */
  close(): void {
    this.socket?.destroy();
  }

  private onData(buf: Buffer): void {
    const p = this.pending;
    if (!p) {
      this.fail(new Error(`${buf.length} bytes arrived with no request outstanding`));
      return;
    }
    try {
      p.framer.push(buf);
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (p.framer.done) {
      p.resolve({ status: p.framer.status, text: '', bytes: p.framer.bodyBytes, ms: nowMs() - p.start });
    }
  }

  private fail(err: Error): void {
    this.pending?.reject(err);
    this.socket?.destroy();
    this.socket = undefined;
  }
}
