import { ENVELOPE_MAGIC } from 'src/apiserver/protobuf/adapters';
import type { AdapterContext } from 'src/apiserver/protobuf/adapters';
import { messageToJson } from 'src/apiserver/protobuf/decode';
import { writeMessage } from 'src/apiserver/protobuf/encode';
import { NoSchemaError, ProtobufDecodeError, ProtobufEncodeError } from 'src/apiserver/protobuf/errors';
import { messageForKind } from 'src/apiserver/protobuf/schema/registry';
import { WIRE, WireReader, WireWriter } from 'src/apiserver/protobuf/wire';

// The Kubernetes protobuf envelope: `k8s\0` followed by a runtime.Unknown message
// {typeMeta{apiVersion, kind}, raw: the object's own message, contentEncoding, contentType}.
// Semantics: apimachinery pkg/runtime/serializer/protobuf protobuf.go (Serializer.Decode/Encode,
// RawSerializer for the watch stream) and pkg/runtime/serializer/streaming + framer (4-byte
// big-endian length before each frame).

/** The media type of protobuf request and response bodies. */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** The Content-Type of a protobuf watch response. */
export const PROTOBUF_WATCH_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf;stream=watch';

/** A decoded protobuf body: the envelope's apiVersion/kind and the object as Go's JSON would carry it. */
export interface DecodedObject {
  apiVersion: string;
  kind: string;
  object: Record<string, unknown>;
}

/** Options kinds travel without kind/apiVersion in kubectl's JSON; their decoded object has none either. */
const OPTIONS_KINDS: ReadonlySet<string> = new Set(['DeleteOptions']);

/**
 * Decodes a `application/vnd.kubernetes.protobuf` body into the JSON object the same client would
 * have sent as JSON (kind and apiVersion first, Go's omitempty rules applied). Throws
 * ProtobufDecodeError, and nothing else, for anything malformed or of a kind without a schema.
 */
export function decodeObject(body: Buffer): DecodedObject {
  try {
    return decodeEnvelope(body, 0);
  } catch (err) {
    if (err instanceof ProtobufDecodeError) {
      throw err;
    }
    throw new ProtobufDecodeError(`proto: internal decoder error: ${(err as Error).message}`);
  }
}

function decodeEnvelope(body: Buffer, depth: number): DecodedObject {
  if (body.length < ENVELOPE_MAGIC.length || !body.subarray(0, ENVELOPE_MAGIC.length).equals(ENVELOPE_MAGIC)) {
    throw new ProtobufDecodeError('the protobuf body does not start with the Kubernetes envelope prefix "k8s\\x00"');
  }
  const env = readUnknown(body.subarray(ENVELOPE_MAGIC.length));
  if (env.kind === '') {
    throw new ProtobufDecodeError("Object 'Kind' is missing in the protobuf envelope");
  }
  if (env.contentEncoding !== '' || (env.contentType !== '' && env.contentType !== PROTOBUF_MEDIA_TYPE)) {
    throw new ProtobufDecodeError(`unsupported protobuf envelope content type "${env.contentType}" / encoding "${env.contentEncoding}"`);
  }
  const msg = messageForKind(env.apiVersion, env.kind);
  if (!msg) {
    throw new ProtobufDecodeError(`no kind "${env.kind}" is registered for version "${env.apiVersion}" in the protobuf decoder`);
  }
  const ctx: AdapterContext = { depth: depth + 1, decodeEnvelope: (raw, d) => objectWithTypeMeta(decodeEnvelope(raw, d)) };
  const object = messageToJson(msg, env.raw, ctx) as Record<string, unknown>;
  const { apiVersion, kind } = env;
  return { apiVersion, kind, object: OPTIONS_KINDS.has(kind) ? object : { kind, apiVersion, ...object } };
}

// runtime.Unknown: 1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType.
function readUnknown(bytes: Buffer): { apiVersion: string; kind: string; raw: Buffer; contentEncoding: string; contentType: string } {
  const env: ReturnType<typeof readUnknown> = { apiVersion: '', kind: '', raw: Buffer.alloc(0), contentEncoding: '', contentType: '' };
  forEachBytesField(bytes, 'runtime.Unknown', (field, value) => {
    if (field === 1) {
      forEachBytesField(value, 'runtime.TypeMeta', (f, v) => {
        if (f === 1) {
          env.apiVersion = v.toString('utf8');
        } else if (f === 2) {
          env.kind = v.toString('utf8');
        }
      });
    } else if (field === 2) {
      env.raw = value;
    } else if (field === 3) {
      env.contentEncoding = value.toString('utf8');
    } else if (field === 4) {
      env.contentType = value.toString('utf8');
    }
  });
  return env;
}

// Visits the length-delimited fields 1-4 of a message whose known fields are all strings or bytes.
function forEachBytesField(bytes: Buffer, what: string, visit: (field: number, value: Buffer) => void): void {
  const r = new WireReader(bytes);
  while (!r.eof()) {
    const { field, wireType } = r.tag();
    if (field > 4) {
      r.skip(wireType, field);
      continue;
    }
    if (wireType !== WIRE.bytes) {
      throw new ProtobufDecodeError(`proto: wrong wire type ${wireType} for field ${field} of ${what}`);
    }
    visit(field, r.bytes());
  }
}

function objectWithTypeMeta(d: DecodedObject): Record<string, unknown> {
  return 'kind' in d.object ? d.object : { kind: d.kind, apiVersion: d.apiVersion, ...d.object };
}

/** True when objects of this apiVersion/kind can be encoded as protobuf. */
export function hasSchema(apiVersion: string, kind: string): boolean {
  return messageForKind(apiVersion, kind) !== undefined;
}

/**
 * Encodes an object (kind and apiVersion taken from it) as an enveloped protobuf body. Throws
 * NoSchemaError for kinds without a schema and ProtobufEncodeError for values of the wrong type;
 * either way the caller should answer JSON instead.
 */
export function encodeObject(obj: Record<string, unknown>): Buffer {
  const w = new WireWriter();
  writeEnvelope(w, obj);
  return w.finish();
}

function writeEnvelope(w: WireWriter, obj: Record<string, unknown>): void {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const msg = kind === '' ? undefined : messageForKind(apiVersion, kind);
  if (!msg) {
    throw new NoSchemaError(apiVersion, kind);
  }
  w.raw(ENVELOPE_MAGIC);
  w.tag(1, WIRE.bytes).fork();
  w.tag(1, WIRE.bytes).string(apiVersion);
  w.tag(2, WIRE.bytes).string(kind);
  w.join();
  w.tag(2, WIRE.bytes).fork();
  writeMessage(w, msg, obj, kind);
  w.join();
  w.tag(3, WIRE.bytes).string('');
  w.tag(4, WIRE.bytes).string('');
}

/**
 * One frame of a protobuf watch stream: a 4-byte big-endian length, then a metav1.WatchEvent
 * {type, object: RawExtension holding the enveloped object}. Throws like encodeObject.
 */
export function encodeWatchFrame(type: string, obj: Record<string, unknown>): Buffer {
  const w = new WireWriter();
  w.raw(Buffer.alloc(4));
  w.tag(1, WIRE.bytes).string(type);
  w.tag(2, WIRE.bytes).fork();
  w.tag(1, WIRE.bytes).fork();
  writeEnvelope(w, obj);
  w.join();
  w.join();
  const frame = w.finish();
  if (frame.length - 4 > 0xffffffff) {
    throw new ProtobufEncodeError('watch event too large for a protobuf frame');
  }
  frame.writeUInt32BE(frame.length - 4, 0);
  return frame;
}
