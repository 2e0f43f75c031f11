/**
 * Finds where one HTTP/1.1 answer ends in a byte stream without keeping or decoding its body:
 * the status line and headers are read, then the body is skipped by its Content-Length or by
 * its chunk sizes (RFC 9112 §6–7). Used by the lean LIST reader, whose point is to charge the
 * server, not the client's HTTP machinery, for a LIST of tens of megabytes.
 */
export class AnswerFramer {
  /** Status code of the answer (0 until the status line has arrived). */
  status = 0;
  /** Body bytes seen so far, without chunk framing. */
  bodyBytes = 0;
  private state: 'head' | 'length' | 'size' | 'data' | 'trailer' | 'done' = 'head';
  private line = '';
  private headers: string[] = [];
  private remaining = 0;

  /** True once the whole answer has gone by. */
  get done(): boolean {
    return this.state === 'done';
  }

  /**
   * Consumes `buf`; returns how many of its bytes belong to this answer (the rest, if any, is
   * the start of the next one). Throws on a framing it cannot follow.
   */
  push(buf: Buffer): number {
    let i = 0;
    while (i < buf.length && this.state !== 'done') {
      if (this.state === 'length' || this.state === 'data') {
        const n = Math.min(this.remaining, buf.length - i);
        this.remaining -= n;
        i += n;
        if (this.state === 'length') {
          this.bodyBytes += n;
          if (this.remaining === 0) {
            this.state = 'done';
          }
        } else if (this.remaining === 0) {
          this.state = 'size';
        }
        continue;
      }
      const eol = buf.indexOf(10, i);
      const end = eol < 0 ? buf.length : eol + 1;
      this.line += buf.toString('latin1', i, end);
      i = end;
      if (eol >= 0) {
        const text = this.line.replace(/\r?\n$/, '');
        this.line = '';
        this.onLine(text);
      }
    }
    return i;
  }

  private onLine(text: string): void {
    if (this.state === 'head') {
      if (text !== '') {
        this.headers.push(text);
        return;
      }
      this.startBody();
    } else if (this.state === 'size') {
      const size = parseInt(text.split(';')[0].trim(), 16);
      if (!Number.isFinite(size) || size < 0) {
        throw new Error(`bad chunk size line ${JSON.stringify(text)}`);
      }
      if (size === 0) {
        this.state = 'trailer';
      } else {
        this.bodyBytes += size;
        this.remaining = size + 2;
        this.state = 'data';
      }
    } else if (this.state === 'trailer' && text === '') {
      this.state = 'done';
    }
  }

  private startBody(): void {
    const match = /^HTTP\/1\.[01] (\d{3})/.exec(this.headers[0] ?? '');
    if (!match) {
      throw new Error(`not an HTTP/1.1 status line: ${JSON.stringify(this.headers[0])}`);
    }
    this.status = Number(match[1]);
    const header = (name: string) =>
      this.headers
        .find((h) => h.toLowerCase().startsWith(`${name}:`))
        ?.slice(name.length + 1)
        .trim();
    if (header('transfer-encoding')?.toLowerCase().includes('chunked')) {
      this.state = 'size';
      return;
    }
    const length = Number(header('content-length') ?? NaN);
    if (!Number.isInteger(length)) {
      throw new Error('answer has neither Content-Length nor chunked encoding');
    }
    this.remaining = length;
    this.state = length === 0 ? 'done' : 'length';
  }
}
