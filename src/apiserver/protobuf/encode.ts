import { ADAPTERS } from 'src/apiserver/protobuf/adapters';
import { ProtobufEncodeError } from 'src/apiserver/protobuf/errors';
import type { FieldSchema, ScalarType } from 'src/apiserver/protobuf/schema/notation';
import { messageNamed } from 'src/apiserver/protobuf/schema/registry';
import type { MessageSchema } from 'src/apiserver/protobuf/schema/registry';
import { WIRE, WireWriter } from 'src/apiserver/protobuf/wire';

// A JSON object → protobuf message bytes, as a Go client would read it back into its struct.
// Semantics: gogo-protobuf generated Marshal. Zero non-pointer scalars and empty non-pointer messages
// are left out (Go writes them, but a reader cannot tell the difference); pointer fields are written
// whenever the JSON has a non-null value, so `replicas: 0` survives. Map entries are sorted by key.
// JSON keys the schema does not know are dropped, as a Go client decoding the JSON would drop them.

const MAX_DEPTH = 64;

/**
 * A value the encoder asks for only when it reaches it: a big list's items are parsed one at a
 * time, so no parsed item outlives its own encoding (with every item parsed up front, garbage
 * collection was the largest cost of a 10,000-pod protobuf LIST). The bytes are the same.
 */
export class Deferred {
  constructor(readonly get: () => unknown) {}
}

/** Writes the fields of `value` (the JSON form of `msg`) into `w`, without tag or length. */
export function writeMessage(w: WireWriter, msg: MessageSchema, value: unknown, path: string, depth = 0): void {
  if (depth > MAX_DEPTH) {
    throw new ProtobufEncodeError(`${path}: nested deeper than ${MAX_DEPTH} levels`);
  }
  if (value === null || value === undefined) {
    return;
  }
  if (msg.adapter) {
    const fields = ADAPTERS[msg.adapter].fromJson(value, path);
    for (const f of msg.fields) {
      const v = fields[f.json];
      if (v === undefined) {
        continue;
      }
      for (const item of f.repeated ? (v as unknown[]) : [v]) {
        w.tag(f.num, wireTypeOf(f.scalar!));
        writeScalar(w, f.scalar!, item, `${path}.${f.json}`);
      }
    }
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw wrongType(path, 'an object', value);
  }
  const obj = value as Record<string, unknown>;
  for (const f of msg.fields) {
    if (f.inline) {
      writeNested(w, f, obj, path, depth, true);
      continue;
    }
    const v = obj[f.json];
    if (v === undefined || v === null) {
      continue;
    }
    const at = `${path}.${f.json}`;
    if (f.map) {
      writeMap(w, f, v, at, depth);
    } else if (f.repeated) {
      if (!Array.isArray(v)) {
        throw wrongType(at, 'an array', v);
      }
      v.forEach((item, i) => writeValue(w, f, item, `${at}[${i}]`, depth, false));
    } else {
      writeValue(w, f, v, at, depth, !f.pointer);
    }
  }
}

// One occurrence of a field: a scalar (skipped when zero and `dropZero`) or a nested message.
function writeValue(w: WireWriter, f: FieldSchema, v: unknown, path: string, depth: number, dropZero: boolean): void {
  if (v instanceof Deferred) {
    v = v.get();
  }
  if (f.message) {
    writeNested(w, f, v, path, depth, dropZero);
    return;
  }
  const scalar = f.scalar!;
  if (v === null) {
    v = scalar === 'string' || scalar === 'bytes' ? '' : scalar === 'bool' ? false : 0;
  }
  if (dropZero && (v === '' || v === 0 || v === false)) {
    return;
  }
  w.tag(f.num, wireTypeOf(scalar));
  writeScalar(w, scalar, v, path);
}

// A nested message; when `dropEmpty`, an empty one is rolled back (a reader sees the zero value either way).
function writeNested(w: WireWriter, f: FieldSchema, v: unknown, path: string, depth: number, dropEmpty: boolean): void {
  const mark = w.position;
  w.tag(f.num, WIRE.bytes).fork();
  const lengthAt = w.position;
  writeMessage(w, messageNamed(f.message!), v, path, depth + 1);
  const empty = w.position === lengthAt;
  w.join();
  if (dropEmpty && empty) {
    w.rewind(mark);
  }
}

function writeMap(w: WireWriter, f: FieldSchema, v: unknown, path: string, depth: number): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw wrongType(path, 'an object', v);
  }
  const entries = v as Record<string, unknown>;
  for (const key of Object.keys(entries).sort()) {
    const at = `${path}[${JSON.stringify(key)}]`;
    w.tag(f.num, WIRE.bytes).fork();
    w.tag(1, WIRE.bytes).string(key);
    if (f.message) {
      writeNested(w, { ...f, num: 2 }, entries[key], at, depth, false);
    } else {
      writeValue(w, { ...f, num: 2 }, entries[key], at, depth, false);
    }
    w.join();
  }
}

function wireTypeOf(scalar: ScalarType): number {
  return scalar === 'string' || scalar === 'bytes' ? WIRE.bytes : scalar === 'double' ? WIRE.fixed64 : scalar === 'float' ? WIRE.fixed32 : WIRE.varint;
}

const INT_RANGES: Partial<Record<ScalarType, [number, number]>> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

function writeScalar(w: WireWriter, scalar: ScalarType, v: unknown, path: string): void {
  switch (scalar) {
    case 'string':
      if (typeof v !== 'string') {
        throw wrongType(path, 'a string', v);
      }
      w.string(v);
      return;
    case 'bytes':
      if (Buffer.isBuffer(v)) {
        w.bytes(v);
      } else if (typeof v === 'string') {
        w.bytes(Buffer.from(v, 'base64'));
      } else {
        throw wrongType(path, 'a base64 string', v);
      }
      return;
    case 'bool':
      if (typeof v !== 'boolean') {
        throw wrongType(path, 'a boolean', v);
      }
      w.varint(v ? 1 : 0);
      return;
    case 'double':
    case 'float':
      if (typeof v !== 'number') {
        throw wrongType(path, 'a number', v);
      }
      if (scalar === 'double') {
        w.double(v);
      } else {
        w.float(v);
      }
      return;
    default: {
      const [min, max] = INT_RANGES[scalar]!;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
        throw wrongType(path, `an ${scalar}`, v);
      }
      w.varint(v);
    }
  }
}

function wrongType(path: string, want: string, value: unknown): ProtobufEncodeError {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'number' ? `the number ${value}` : typeof value;
  return new ProtobufEncodeError(`cannot encode ${path} as protobuf: expected ${want}, got ${got}`);
}
