import { decodeObject, encodeObject, encodeWatchFrame } from 'src/apiserver/protobuf/codec';
import { messageToJson } from 'src/apiserver/protobuf/decode';
import { messageNamed } from 'src/apiserver/protobuf/schema/registry';
import { WIRE, WireReader } from 'src/apiserver/protobuf/wire';

// Semantics: apimachinery pkg/runtime/serializer/protobuf LengthDelimitedFramer (4-byte big-endian
// length) around a metav1.WatchEvent written by the raw (envelope-less) serializer, whose object
// is a RawExtension holding the enveloped object. kubectl v1.35 `events -w` reads these frames.

const pod = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'p', namespace: 'default', resourceVersion: '9' },
  spec: { containers: [{ name: 'c', resources: {} }] },
  status: {},
};

/** Splits a stream into its frames, checking each length prefix. */
function frames(stream: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < stream.length) {
    const len = stream.readUInt32BE(at);
    out.push(stream.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  expect(at).toBe(stream.length);
  return out;
}

describe('encodeWatchFrame', () => {
  it('is a 4-byte big-endian length followed by a WatchEvent {1: type, 2: RawExtension {1: envelope}}', () => {
    const frame = encodeWatchFrame('ADDED', pod);
    expect(frame.readUInt32BE(0)).toBe(frame.length - 4);
    const r = new WireReader(frame, 4);
    expect(r.tag()).toEqual({ field: 1, wireType: WIRE.bytes });
    expect(r.bytes().toString()).toBe('ADDED');
    expect(r.tag()).toEqual({ field: 2, wireType: WIRE.bytes });
    const raw = new WireReader(r.bytes());
    expect(raw.tag()).toEqual({ field: 1, wireType: WIRE.bytes });
    expect(raw.bytes().equals(encodeObject(pod))).toBe(true);
    expect(raw.eof() && r.eof()).toBe(true);
  });

  it('frames a stream that decodes back event by event, objects included', () => {
    const status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'too old resource version: 1 (5)',
      reason: 'Expired',
      code: 410,
    };
    const bookmark = { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '12', annotations: { 'k8s.io/initial-events-end': 'true' } } };
    const stream = Buffer.concat([encodeWatchFrame('ADDED', pod), encodeWatchFrame('BOOKMARK', bookmark), encodeWatchFrame('ERROR', status)]);
    const events = frames(stream).map((f) => messageToJson(messageNamed('meta.v1.WatchEvent'), f, { depth: 0, decodeEnvelope: (b) => decodeObject(b).object }));
    expect(events).toEqual([
      { type: 'ADDED', object: pod },
      { type: 'BOOKMARK', object: { ...bookmark, spec: { containers: null }, status: {} } },
      { type: 'ERROR', object: status },
    ]);
  });

  it('handles an event larger than 64 KiB (multi-byte lengths inside, big-endian length outside)', () => {
    const big = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'big' }, data: { blob: 'x'.repeat(100000) } };
    const frame = encodeWatchFrame('MODIFIED', big);
    expect(frame.readUInt32BE(0)).toBe(frame.length - 4);
    expect(frames(frame)).toHaveLength(1);
  });
});
