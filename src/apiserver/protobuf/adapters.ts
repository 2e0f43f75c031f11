import { ProtobufDecodeError, ProtobufEncodeError } from 'src/apiserver/protobuf/errors';
import { formatDuration, formatRfc3339, formatRfc3339Micro, inRfc3339Range, isZeroInstant, parseDuration, parseRfc3339 } from 'src/apiserver/protobuf/go-time';
import type { AdapterName } from 'src/apiserver/protobuf/schema/notation';
import { parseQuantity } from 'src/registry/core/defaults/quantity';

// Messages whose JSON form is not an object of their fields. Each adapter turns the decoded wire
// fields (keyed by the names in the schema table) into the JSON value Go's MarshalJSON writes, and
// a JSON value back into wire fields. Fields an adapter leaves undefined are not written.

/** Decoded wire fields of an adapter message: numbers, strings, booleans, Buffers, or arrays of them. */
export type WireFields = Record<string, unknown>;

/** What an adapter needs from the decoder: the depth so far and a way to decode a nested envelope. */
export interface AdapterContext {
  depth: number;
  decodeEnvelope(body: Buffer, depth: number): Record<string, unknown>;
}

/** The JSON side of one special message type. */
export interface Adapter {
  /** The JSON value of a decoded message; `size` is its byte length (an empty Time is the zero time). */
  toJson(fields: WireFields, size: number, ctx: AdapterContext): unknown;
  /** The wire fields for a JSON value (never null: the encoder skips null before asking). */
  fromJson(value: unknown, path: string): WireFields;
}

/** The k8s protobuf envelope prefix, `k8s\0`. */
export const ENVELOPE_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

function wrongType(path: string, want: string, value: unknown): ProtobufEncodeError {
  return new ProtobufEncodeError(`${path}: expected ${want}, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
}

function instant(fields: WireFields, size: number, micro: boolean): { seconds: number; nanos: number } | undefined {
  if (size === 0) {
    return undefined;
  }
  const seconds = (fields.seconds as number | undefined) ?? 0;
  const nanos = micro ? Math.floor(((fields.nanos as number | undefined) ?? 0) / 1000) * 1000 : 0;
  if (isZeroInstant({ seconds, nanos })) {
    return undefined;
  }
  if (!inRfc3339Range(seconds) || nanos < 0 || nanos > 999999999) {
    throw new ProtobufDecodeError(`proto: timestamp ${seconds}s ${nanos}ns is outside the range RFC 3339 can represent`);
  }
  return { seconds, nanos };
}

function timeFromJson(value: unknown, path: string, micro: boolean): WireFields {
  if (typeof value !== 'string') {
    throw wrongType(path, 'an RFC 3339 time string', value);
  }
  const t = parseRfc3339(value);
  if (!t) {
    throw new ProtobufEncodeError(`${path}: "${value}" is not an RFC 3339 time`);
  }
  if (isZeroInstant(t)) {
    return {};
  }
  // Semantics: metav1.Time.ProtoTime drops the nanoseconds; MicroTime keeps microseconds.
  return { seconds: t.seconds, nanos: micro ? Math.floor(t.nanos / 1000) * 1000 : 0 };
}

const time: Adapter = {
  // Semantics: apimachinery pkg/apis/meta/v1 time_proto.go (Unmarshal ignores nanos) and time.go MarshalJSON.
  toJson(fields, size) {
    const t = instant(fields, size, false);
    return t ? formatRfc3339(t.seconds) : null;
  },
  fromJson: (value, path) => timeFromJson(value, path, false),
};

const microTime: Adapter = {
  // Semantics: apimachinery pkg/apis/meta/v1 micro_time_proto.go and micro_time.go (RFC3339Micro).
  toJson(fields, size) {
    const t = instant(fields, size, true);
    return t ? formatRfc3339Micro(t.seconds, t.nanos) : null;
  },
  fromJson: (value, path) => timeFromJson(value, path, true),
};

const duration: Adapter = {
  // Semantics: apimachinery pkg/apis/meta/v1 duration.go (JSON is time.Duration.String()).
  toJson: (fields) => formatDuration(BigInt((fields.duration as number | undefined) ?? 0)),
  fromJson(value, path) {
    const ns = typeof value === 'string' ? parseDuration(value) : undefined;
    if (ns === undefined) {
      throw new ProtobufEncodeError(`${path}: ${JSON.stringify(value)} is not a Go duration`);
    }
    return { duration: Number(ns) };
  },
};

const rawJson: Adapter = {
  // Semantics: apimachinery pkg/runtime extension.go (RawExtension.MarshalJSON writes Raw verbatim)
  // and meta/v1 fields_proto.go. Over protobuf a RawExtension may hold an enveloped object (watch events).
  toJson(fields, _size, ctx) {
    const raw = (fields.raw ?? fields.Raw) as Buffer | undefined;
    if (raw === undefined || raw.length === 0) {
      return null;
    }
    if (raw.length >= 4 && raw.subarray(0, 4).equals(ENVELOPE_MAGIC)) {
      return ctx.decodeEnvelope(raw, ctx.depth + 1);
    }
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch (err) {
      throw new ProtobufDecodeError(`proto: embedded raw JSON is not valid JSON: ${(err as Error).message}`);
    }
  },
  fromJson: (value) => {
    const raw = Buffer.from(JSON.stringify(value), 'utf8');
    return { raw, Raw: raw };
  },
};

const intOrString: Adapter = {
  // Semantics: apimachinery pkg/util/intstr intstr.go (Type 1 is a string, anything else an int).
  toJson: (fields) => (fields.type === 1 ? ((fields.strVal as string | undefined) ?? '') : ((fields.intVal as number | undefined) ?? 0)),
  fromJson(value, path) {
    if (typeof value === 'string') {
      return { type: 1, strVal: value };
    }
    if (typeof value === 'number' && Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31) {
      return { type: 0, intVal: value };
    }
    throw wrongType(path, 'an int32 or a string', value);
  },
};

const quantity: Adapter = {
  // Semantics: apimachinery pkg/api/resource quantity_proto.go (the canonical string; ParseQuantity on read).
  toJson(fields) {
    const s = fields.string as string | undefined;
    if (s === undefined) {
      return '0';
    }
    if (parseQuantity(s) === undefined || s.trim() !== s) {
      throw new ProtobufDecodeError(`proto: quantity "${s}" must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
    }
    return s;
  },
  fromJson(value, path) {
    if (typeof value === 'number' && Number.isFinite(value)) {
      return { string: String(value) };
    }
    if (typeof value !== 'string') {
      throw wrongType(path, 'a quantity string', value);
    }
    return { string: value };
  },
};

const stringList: Adapter = {
  // Semantics: k8s.io/api authentication/v1 and authorization/v1 ExtraValue, a []string on the JSON side.
  // It only occurs as a map value, which gogo always allocates (`&ExtraValue{}`): empty is `[]`, never null.
  toJson: (fields) => (fields.items as string[] | undefined) ?? [],
  fromJson(value, path) {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw wrongType(path, 'an array of strings', value);
    }
    return { items: value };
  },
};

/** The adapter for each special message type named in the schema tables. */
export const ADAPTERS: Record<AdapterName, Adapter> = { time, microTime, duration, rawJson, intOrString, quantity, stringList };
