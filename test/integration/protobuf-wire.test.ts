// Protobuf on the wire (protobuf issue, item 3): a client that prefers
// application/vnd.kubernetes.protobuf gets `k8s\0`-enveloped objects and typed lists, and a watch
// in length-prefixed WatchEvent frames; a truncated protobuf body is a 400 and the server keeps serving.
import * as https from 'node:https';
import { decodeObject, encodeObject } from 'src/apiserver/protobuf/codec';
import { WIRE, WireReader } from 'src/apiserver/protobuf/wire';
import { configMap, createNamespace, expectStatus, startTestApiServer, type TestApiServer } from 'test/support/apiserver';

const NS = 'pb';
const CM = `/api/v1/namespaces/${NS}/configmaps`;
const PB = 'application/vnd.kubernetes.protobuf';

/** One raw HTTPS exchange, keeping the body as bytes. */
function raw(server: TestApiServer, method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; type: string; body: Buffer }> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = https.request(
      { method, hostname: url.hostname, port: url.port, path: url.pathname + url.search, rejectUnauthorized: false, headers: { Authorization: `Bearer ${server.token}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Reads one WatchEvent frame: {type, the decoded object}. */
function parseFrame(frame: Buffer): { type: string; object: Record<string, unknown> } {
  const r = new WireReader(frame);
  expect(r.tag()).toEqual({ field: 1, wireType: WIRE.bytes });
  const type = r.bytes().toString('utf8');
  expect(r.tag()).toEqual({ field: 2, wireType: WIRE.bytes });
  const ext = new WireReader(r.bytes());
  expect(ext.tag()).toEqual({ field: 1, wireType: WIRE.bytes });
  return { type, object: decodeObject(ext.bytes()).object };
}

describe('Kubernetes protobuf on the wire', () => {
  let server: TestApiServer;

  beforeAll(async () => {
    server = await startTestApiServer();
    await createNamespace(server.api, NS);
  });

  afterAll(async () => {
    await server?.stop();
  });

  test('objects and typed lists come back enveloped when protobuf is preferred, JSON otherwise', async () => {
    expectStatus(await server.api.post(CM, configMap('one', { a: 'b' })), 201);
    const one = await raw(server, 'GET', `${CM}/one`, { Accept: `${PB},application/json` });
    expect([one.status, one.type]).toEqual([200, PB]);
    expect(one.body.subarray(0, 4)).toEqual(Buffer.from('k8s\0', 'binary'));
    expect(decodeObject(one.body).object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'one', namespace: NS }, data: { a: 'b' } });

    const list = await raw(server, 'GET', CM, { Accept: `${PB},application/json` });
    const decoded = decodeObject(list.body);
    expect([decoded.kind, (decoded.object.items as unknown[]).length]).toEqual(['ConfigMapList', 1]);

    const json = await raw(server, 'GET', `${CM}/one`, { Accept: 'application/json' });
    expect(JSON.parse(json.body.toString('utf8')).metadata.name).toBe('one');

    // Protobuf alone, without a JSON fallback (as a client of protobuf only sends it), is served too.
    const only = await raw(server, 'GET', `${CM}/one`, { Accept: PB });
    expect([only.status, only.type]).toEqual([200, PB]);
    const onlyList = await raw(server, 'GET', CM, { Accept: PB });
    expect([onlyList.status, onlyList.type, decodeObject(onlyList.body).kind]).toEqual([200, PB, 'ConfigMapList']);
  });

  test('a protobuf create is stored as the JSON the same client would have sent', async () => {
    const body = encodeObject({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'from-pb' }, data: { k: 'v' } });
    const res = await raw(server, 'POST', CM, { 'Content-Type': PB, Accept: 'application/json' }, body);
    expect(res.status).toBe(201);
    const stored = await server.api.get(`${CM}/from-pb`);
    expect(stored.body.data).toEqual({ k: 'v' });
  });

  test('a truncated protobuf body is a 400 that says so, and the server keeps serving', async () => {
    const body = encodeObject({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'cut' }, data: { k: 'v' } });
    const res = await raw(server, 'POST', CM, { 'Content-Type': PB, Accept: 'application/json' }, body.subarray(0, body.length - 5));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString('utf8'))).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    expectStatus(await server.api.get(`${CM}/one`), 200);
  });

  test('a watch in protobuf framing delivers length-prefixed WatchEvents', async () => {
    const url = new URL(`${CM}?watch=true&resourceVersion=0&timeoutSeconds=5`, server.url);
    const frames: { type: string; object: Record<string, unknown> }[] = [];
    const done = new Promise<string>((resolve, reject) => {
      const req = https.request(
        {
          hostname: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          rejectUnauthorized: false,
          headers: { Authorization: `Bearer ${server.token}`, Accept: `${PB};stream=watch,${PB},application/json` },
        },
        (res) => {
          let buf = Buffer.alloc(0);
          res.on('data', (c: Buffer) => {
            buf = Buffer.concat([buf, c]);
            while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
              const len = buf.readUInt32BE(0);
              frames.push(parseFrame(buf.subarray(4, 4 + len)));
              buf = buf.subarray(4 + len);
              if (frames.some((f) => (f.object.metadata as { name?: string }).name === 'watched')) {
                req.destroy();
                resolve(String(res.headers['content-type']));
              }
            }
          });
          res.on('end', () => reject(new Error(`watch ended after ${frames.length} frames without the new object`)));
        },
      );
      req.on('error', () => undefined);
      req.end();
    });
    // Wait for the initial ADDED events, then create the object the watch must report.
    while (frames.length < 2) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expectStatus(await server.api.post(CM, configMap('watched')), 201);
    expect(await done).toBe(`${PB};stream=watch`);
    expect(frames.map((f) => [f.type, (f.object.metadata as { name: string }).name]).sort()).toEqual(
      [
        ['ADDED', 'from-pb'],
        ['ADDED', 'one'],
        ['ADDED', 'watched'],
      ].sort(),
    );
  });
});
