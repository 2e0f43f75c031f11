import { AnswerFramer } from 'bench/answer-framer';

/** Feeds `text` to a framer in pieces of `size` bytes; returns it and the bytes it took. */
function feed(text: string, size: number): { framer: AnswerFramer; taken: number } {
  const framer = new AnswerFramer();
  const buf = Buffer.from(text, 'latin1');
  let taken = 0;
  for (let i = 0; i < buf.length && !framer.done; i += size) {
    taken += framer.push(buf.subarray(i, i + size));
  }
  return { framer, taken };
}

describe('AnswerFramer', () => {
  const lengthAnswer = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"items":1}';
  const chunkedAnswer = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n';

  it.each([1, 2, 7, 1000])('ends a Content-Length answer at its last byte, fed %i bytes at a time', (size) => {
    const { framer, taken } = feed(lengthAnswer + 'HTTP/1.1 204', size);
    expect(framer.done).toBe(true);
    expect(framer.status).toBe(200);
    expect(framer.bodyBytes).toBe(11);
    // Bytes of a following answer are not taken, even when they arrive in the same piece.
    expect(taken).toBe(lengthAnswer.length);
  });

  it.each([1, 3, 16, 1000])('follows chunk sizes, extensions and trailers, fed %i bytes at a time', (size) => {
    const { framer, taken } = feed(chunkedAnswer, size);
    expect(framer.done).toBe(true);
    expect(framer.bodyBytes).toBe(15);
    expect(taken).toBe(chunkedAnswer.length);
  });

  it('is not done before the last byte', () => {
    const { framer } = feed(lengthAnswer.slice(0, -1), 4);
    expect(framer.done).toBe(false);
    expect(framer.bodyBytes).toBe(10);
    const chunked = feed(chunkedAnswer.slice(0, -2), 4).framer;
    expect(chunked.done).toBe(false);
  });

  it('reads the status of an error answer and an empty body', () => {
    const { framer } = feed('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n', 5);
    expect(framer.done).toBe(true);
    expect(framer.status).toBe(404);
  });

  it('refuses answers it cannot frame', () => {
    expect(() => feed('HTTP/1.1 200 OK\r\n\r\n', 100)).toThrow(/neither Content-Length nor chunked/);
    expect(() => feed('SSH-2.0\r\n\r\n', 100)).toThrow(/not an HTTP\/1.1 status line/);
    expect(() => feed('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 100)).toThrow(/bad chunk size/);
  });
});
