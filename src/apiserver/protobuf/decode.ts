import { ADAPTERS } from 'src/apiserver/protobuf/adapters';
import type { AdapterContext, WireFields } from 'src/apiserver/protobuf/adapters';
import { ProtobufDecodeError } from 'src/apiserver/protobuf/errors';
import type { FieldSchema, ScalarType } from 'src/apiserver/protobuf/schema/notation';
import { messageNamed } from 'src/apiserver/protobuf/schema/registry';
import type { MessageSchema } from 'src/apiserver/protobuf/schema/registry';
import { WIRE, WireReader } from 'src/apiserver/protobuf/wire';

// Protobuf message bytes → the JSON object Go's encoding/json writes for the same struct.
// Semantics: gogo-protobuf generated Unmarshal (last value wins, repeated messages merge, unknown
// fields skipped) and encoding/json Marshal (omitempty drops false/0/""/nil/empty slices and maps
// but never structs; nil pointers, slices and maps without omitempty are null; map keys sorted).

/** Nesting deeper than this is rejected (no served type comes close; it bounds the recursion). */
export const MAX_DEPTH = 64;

const EMPTY = Buffer.alloc(0);
const OMIT = Symbol('omit');

/** A field's values as read: scalars as bigint/number/Buffer, messages as the parts to merge. */
type Slot = unknown;

/** Decodes one message to its JSON value (an object, or the adapter's value for special types). */
export function messageToJson(msg: MessageSchema, bytes: Buffer, ctx: AdapterContext): unknown {
  if (ctx.depth > MAX_DEPTH) {
    throw new ProtobufDecodeError(`proto: messages nested deeper than ${MAX_DEPTH} levels`);
  }
  const slots = collect(msg, bytes);
  if (msg.adapter) {
    const fields: WireFields = {};
    msg.fields.forEach((f, i) => {
      if (slots[i] !== undefined) {
        fields[f.json] = f.repeated ? (slots[i] as unknown[]).map((v) => scalarValue(f.scalar!, v)) : scalarValue(f.scalar!, slots[i]);
      }
    });
    return ADAPTERS[msg.adapter].toJson(fields, bytes.length, ctx);
  }
  const out: Record<string, unknown> = {};
  const child: AdapterContext = { depth: ctx.depth + 1, decodeEnvelope: ctx.decodeEnvelope };
  for (let i = 0; i < msg.fields.length; i++) {
    const f = msg.fields[i];
    const value = fieldJson(f, slots[i], child);
    if (value === OMIT) {
      continue;
    }
    if (f.inline) {
      Object.assign(out, value);
    } else {
      out[f.json] = value;
    }
  }
  return out;
}

// Reads every field of one message into slots, checking wire types against the schema.
function collect(msg: MessageSchema, bytes: Buffer): Slot[] {
  const slots: Slot[] = new Array(msg.fields.length);
  const r = new WireReader(bytes);
  while (!r.eof()) {
    const { field, wireType } = r.tag();
    const index = msg.indexByNumber.get(field);
    if (index === undefined) {
      r.skip(wireType, field);
      continue;
    }
    const f = msg.fields[index];
    if (f.map) {
      expectWire(msg, f, wireType, WIRE.bytes);
      const entries = (slots[index] as Map<string, Slot> | undefined) ?? new Map<string, Slot>();
      const [key, value] = mapEntry(msg, f, r.bytes());
      entries.set(key, value);
      slots[index] = entries;
    } else if (f.repeated) {
      const list = (slots[index] as Slot[] | undefined) ?? [];
      if (f.scalar && wireType === WIRE.bytes && wireTypeOf(f.scalar) !== WIRE.bytes) {
        const packed = new WireReader(r.bytes());
        while (!packed.eof()) {
          list.push(readScalar(packed, f.scalar));
        }
      } else {
        expectWire(msg, f, wireType, f.scalar ? wireTypeOf(f.scalar) : WIRE.bytes);
        list.push(f.scalar ? readScalar(r, f.scalar) : r.bytes());
      }
      slots[index] = list;
    } else if (f.message) {
      expectWire(msg, f, wireType, WIRE.bytes);
      const parts = (slots[index] as Buffer[] | undefined) ?? [];
      parts.push(r.bytes());
      slots[index] = parts;
    } else {
      expectWire(msg, f, wireType, wireTypeOf(f.scalar!));
      slots[index] = readScalar(r, f.scalar!);
    }
  }
  return slots;
}

// A map entry is a message {1: key, 2: value}; missing halves are zero values.
function mapEntry(msg: MessageSchema, f: FieldSchema, bytes: Buffer): [string, Slot] {
  const r = new WireReader(bytes);
  let key = '';
  let value: Slot;
  while (!r.eof()) {
    const { field, wireType } = r.tag();
    if (field === 1) {
      expectWire(msg, f, wireType, WIRE.bytes);
      key = r.bytes().toString('utf8');
    } else if (field === 2) {
      if (f.message) {
        expectWire(msg, f, wireType, WIRE.bytes);
        value = [...((value as Buffer[] | undefined) ?? []), r.bytes()];
      } else {
        expectWire(msg, f, wireType, wireTypeOf(f.scalar!));
        value = readScalar(r, f.scalar!);
      }
    } else {
      r.skip(wireType, field);
    }
  }
  return [key, value];
}

function wireTypeOf(scalar: ScalarType): number {
  switch (scalar) {
    case 'string':
    case 'bytes':
      return WIRE.bytes;
    case 'double':
      return WIRE.fixed64;
    case 'float':
      return WIRE.fixed32;
    default:
      return WIRE.varint;
  }
}

function expectWire(msg: MessageSchema, f: FieldSchema, got: number, want: number): void {
  if (got !== want) {
    throw new ProtobufDecodeError(`proto: wrong wire type ${got} for field ${f.json || f.num} of ${msg.name} (want ${want})`);
  }
}

function readScalar(r: WireReader, scalar: ScalarType): Slot {
  switch (scalar) {
    case 'string':
    case 'bytes':
      return r.bytes();
    case 'double':
      return r.fixed64().readDoubleLE(0);
    case 'float':
      return r.fixed32().readFloatLE(0);
    default:
      return r.varint();
  }
}

// A read scalar as its Go value (int32 truncates like Go's int32(uint64) conversion).
function scalarValue(scalar: ScalarType, raw: Slot): unknown {
  switch (scalar) {
    case 'string':
      return (raw as Buffer).toString('utf8');
    case 'bytes':
      return raw as Buffer;
    case 'bool':
      return (raw as bigint) !== 0n;
    case 'int32':
      return Number(BigInt.asIntN(32, raw as bigint));
    case 'uint32':
      return Number(BigInt.asUintN(32, raw as bigint));
    case 'int64':
      return Number(BigInt.asIntN(64, raw as bigint));
    case 'uint64':
      return Number(raw as bigint);
    default:
      return raw as number;
  }
}

function zeroScalar(scalar: ScalarType): unknown {
  return scalar === 'string' ? '' : scalar === 'bool' ? false : 0;
}

function scalarJson(scalar: ScalarType, raw: Slot): unknown {
  const v = scalarValue(scalar, raw);
  return scalar === 'bytes' ? (v as Buffer).toString('base64') : v;
}

function nestedJson(f: FieldSchema, parts: Buffer[] | undefined, ctx: AdapterContext): unknown {
  const bytes = parts === undefined ? EMPTY : parts.length === 1 ? parts[0] : Buffer.concat(parts);
  return messageToJson(messageNamed(f.message!), bytes, ctx);
}

// One field's JSON value under Go's rules, or OMIT.
function fieldJson(f: FieldSchema, slot: Slot, ctx: AdapterContext): unknown {
  const nil = f.omitempty || f.omitzero ? OMIT : null;
  if (f.map) {
    const entries = slot as Map<string, Slot> | undefined;
    if (entries === undefined || entries.size === 0) {
      return nil;
    }
    const out: Record<string, unknown> = {};
    for (const key of [...entries.keys()].sort()) {
      const v = entries.get(key);
      out[key] = f.message
        ? nestedJson(f, v as Buffer[] | undefined, ctx)
        : v === undefined
          ? f.scalar === 'bytes'
            ? ''
            : zeroScalar(f.scalar!)
          : scalarJson(f.scalar!, v);
    }
    return out;
  }
  if (f.repeated) {
    const list = slot as Slot[] | undefined;
    if (list === undefined || list.length === 0) {
      return nil;
    }
    return list.map((v) => (f.message ? nestedJson(f, [v as Buffer], ctx) : scalarJson(f.scalar!, v)));
  }
  if (f.message) {
    if (f.pointer && slot === undefined) {
      return nil;
    }
    const value = nestedJson(f, slot as Buffer[] | undefined, ctx);
    // omitzero: only metav1.Time uses it, whose zero value is the one that marshals as null.
    return f.omitzero && (value === null || slot === undefined) ? OMIT : value;
  }
  if (f.scalar === 'bytes') {
    if (slot === undefined) {
      return nil;
    }
    return f.omitempty && (slot as Buffer).length === 0 ? OMIT : scalarJson('bytes', slot);
  }
  if (slot === undefined) {
    return f.pointer ? nil : f.omitempty || f.omitzero ? OMIT : zeroScalar(f.scalar!);
  }
  const value = scalarValue(f.scalar!, slot);
  return !f.pointer && (f.omitempty || f.omitzero) && value === zeroScalar(f.scalar!) ? OMIT : value;
}
