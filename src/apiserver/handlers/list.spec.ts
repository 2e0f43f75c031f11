import type { HandlerContext } from 'src/apiserver/handlers/context';
import { sendList, type ListResult } from 'src/apiserver/handlers/list';
import { decodeObject, encodeObject } from 'src/apiserver/protobuf/codec';
import type { RegisteredResource } from 'src/registry/generic/resource';

const pods = { kind: 'Pod', listKind: 'PodList', apiVersion: 'v1' } as unknown as RegisteredResource;

/** What sendList wrote: the body bytes, whichever way they went, and the streamed writes' headers. */
function sent(result: ListResult, accept = 'application/json', writable = true): { body: Buffer; writes: number; headers?: Record<string, unknown>; drain: () => void; given: Buffer[] } {
  const out: Buffer[] = [];
  const given: Buffer[] = [];
  const take = (c: string | Buffer | undefined): void => {
    if (c !== undefined) {
      out.push(Buffer.from(c));
    }
  };
  let headers: Record<string, unknown> | undefined;
  let writes = 0;
  let onDrain = (): void => undefined;
  const raw = {
    writeHead: (_code: number, h: Record<string, unknown>) => ((headers = h), raw),
    flushHeaders: () => undefined,
    write: (c: string | Buffer) => (take(c), typeof c !== 'string' && given.push(c), writes++, writable),
    end: (c?: string | Buffer, done?: () => void) => (take(c), typeof c === 'object' && given.push(c), done?.()),
    once: (_e: string, f: () => void) => ((onDrain = f), raw),
  };
  const reply = { code: () => reply, header: () => reply, send: take, hijack: () => undefined, raw };
  sendList({ request: { headers: { accept }, raw: { httpVersionMajor: 1 } }, resource: pods, reply } as unknown as HandlerContext, result);
  return {
    get body() {
      return Buffer.concat(out);
    },
    get writes() {
      return writes;
    },
    headers,
    drain: () => onDrain(),
    given,
  };
}

/** Sends `result` through sendList and returns the body bytes. */
function send(result: ListResult, accept = 'application/json'): Buffer {
  return sent(result, accept).body;
}

/** `n` pods' JSON; some carry non-ASCII text (2-, 3- and 4-byte UTF-8). */
function items(n: number): string[] {
  const notes = ['gr\u00fc\u00dfe', '\u65e5\u672c', '\u{1f600}'];
  return Array.from({ length: n }, (_, i) => {
    const note = i % 7 === 0 ? `${notes[(i / 7) % notes.length]} ${i}` : `plain ${i}`;
    return JSON.stringify({ kind: 'Pod', apiVersion: 'v1', metadata: { name: `p-${i}`, namespace: 'n', resourceVersion: String(i + 1), annotations: { note } }, spec: { containers: [{ name: 'c', image: 'img' }] } });
  });
}

describe(sendList.name, () => {
  it.each([0, 1, 500, 501, 1234])('writes %i items byte for byte as the UTF-8 of the joined JSON text', (n) => {
    const list = items(n);
    const want = `{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"${n}"},"items":[${list.join(',')}]}\n`;
    expect(send({ rv: n, items: list }).equals(Buffer.from(want, 'utf8'))).toBe(true);
  });

  it('streams a large list with its exact Content-Length, waiting for drain between chunks', () => {
    // About 3 MB: several chunks.
    const list = items(3000).map((j) => j.replace('"spec":', `"status":{"message":"${'x'.repeat(1000)}"},"spec":`));
    const want = Buffer.from(`{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[${list.join(',')}]}\n`, 'utf8');
    const s = sent({ rv: 1, items: list }, 'application/json', false);
    expect(s.headers).toEqual({ 'Content-Type': 'application/json', 'Content-Length': want.length });
    // Nothing more is written until the socket drains.
    expect(s.writes).toBe(1);
    let writes = s.writes;
    while (!s.body.equals(want)) {
      s.drain();
      expect(s.writes).toBeLessThanOrEqual(writes + 1);
      expect(s.body.length).toBeLessThanOrEqual(want.length);
      writes = s.writes;
    }
    expect(s.body.equals(want)).toBe(true);
  });

  it('encodes a lone surrogate in an item as U+FFFD, as writing the text did', () => {
    const list = [...items(600), '{"raw":"a\ud800b"}'];
    const want = `{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[${list.join(',')}]}\n`;
    expect(send({ rv: 1, items: list }).equals(Buffer.from(want, 'utf8'))).toBe(true);
    expect(send({ rv: 1, items: list }).includes(Buffer.from('a\uFFFDb', 'utf8'))).toBe(true);
  });

  it('writes a protobuf list exactly as encoding the whole parsed list does', () => {
    const list = items(20);
    const result: ListResult = { rv: 20, items: list, continue: 'token', remainingItemCount: 3 };
    const whole = encodeObject({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '20', continue: 'token', remainingItemCount: 3 }, items: list.map((j) => JSON.parse(j) as unknown) });
    expect(send(result, 'application/vnd.kubernetes.protobuf,application/json')).toEqual(whole);
    expect((decodeObject(whole).object.items as unknown[]).length).toBe(20);
  });

  it('streams a large protobuf list in slices with its Content-Length, and frees the encoding once sent', () => {
    // About 3 MB of protobuf: several slices.
    const list = items(3000).map((j) => j.replace('"spec":', `"status":{"message":"${'x'.repeat(1000)}"},"spec":`));
    const whole = encodeObject({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: list.map((j) => JSON.parse(j) as unknown) });
    const s = sent({ rv: 1, items: list }, 'application/vnd.kubernetes.protobuf', false);
    expect(s.headers).toEqual({ 'Content-Type': 'application/vnd.kubernetes.protobuf', 'Content-Length': whole.length });
    expect(s.writes).toBe(1);
    while (s.body.length < whole.length) {
      s.drain();
    }
    expect(s.body.equals(whole)).toBe(true);
    expect(s.given.length).toBeGreaterThan(2);
    // Once the last slice is written, the slices' memory is returned (their ArrayBuffer detached).
    expect(s.given.map((b) => b.buffer.byteLength)).toEqual(s.given.map(() => 0));
  });

  it('falls back to JSON when an item has no protobuf form', () => {
    const list = items(3);
    list[1] = JSON.stringify({ ...JSON.parse(list[1]), spec: { containers: 'not a list' } });
    const body = send({ rv: 3, items: list }, 'application/vnd.kubernetes.protobuf,application/json').toString('utf8');
    expect(JSON.parse(body)).toMatchObject({ kind: 'PodList', items: [{}, { spec: { containers: 'not a list' } }, {}] });
  });
});
