import { ADAPTERS } from 'src/apiserver/protobuf/adapters';
import type { AdapterContext } from 'src/apiserver/protobuf/adapters';
import type { AdapterName, FieldSchema, ScalarType } from 'src/apiserver/protobuf/schema/notation';
import { messageForKind, messageNamed, servedKinds } from 'src/apiserver/protobuf/schema/registry';
import type { MessageSchema } from 'src/apiserver/protobuf/schema/registry';

// A JSON object → the JSON Go's encoding/json writes after decoding it into the typed struct.
// Semantics: encoding/json Unmarshal (null leaves a value or struct at its zero value and sets a
// pointer, slice or map to nil; unknown keys are ignored) followed by Marshal (omitempty drops
// false/0/""/nil and empty slices and maps, never structs; omitzero drops a zero struct; nil
// pointers, slices and maps without omitempty are null; struct fields in declaration order, map
// keys sorted; metav1.Time writes UTC seconds and its zero value as null). Same rules as decode.ts
// applies to wire fields, walked here over JSON with no wire step. Keys the schema does not know
// are kept after the known ones (the server's field pruning decides about them, not this walk).

const OMIT = Symbol('omit');

/** A field with what the walk needs precomputed; `plan` is resolved on first use (types may nest deeply). */
interface FieldPlan {
  json: string;
  /** omitempty or omitzero: the field disappears when nil/empty/zero. */
  omit: boolean;
  omitzero: boolean;
  pointer: boolean;
  repeated: boolean;
  map: boolean;
  scalar?: ScalarType;
  message?: string;
  adapter?: AdapterName;
  plan?: StructPlan;
}

/** A message compiled once for the walk: inlined structs' fields flattened into their parent's. */
interface StructPlan {
  fields: FieldPlan[];
  /** The position in `fields` of every key the message writes. */
  index: Map<string, number>;
  /** A top-level kind: Go's inlined TypeMeta writes `kind` and `apiVersion` before the fields. */
  typeMeta: boolean;
}

const PLANS = new Map<string, StructPlan>();
const KIND_MESSAGES = new Set<string>(
  servedKinds()
    .map((k) => messageForKind(k.apiVersion, k.kind)?.name)
    .filter((name): name is string => name !== undefined),
);
const NO_KEYS: string[] = [];
const ADAPTER_CTX: AdapterContext = {
  depth: 0,
  decodeEnvelope: () => {
    throw new Error('go-json: no envelopes in JSON');
  },
};
const CANONICAL_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const CANONICAL_MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const ZERO_TIME_PREFIX = '0001-01-01T00:00:00';

function planFor(msg: MessageSchema): StructPlan {
  let plan = PLANS.get(msg.name);
  if (!plan) {
    const fields = flatFields(msg);
    const index = new Map(fields.map((f, i) => [f.json, i]));
    plan = { fields, index, typeMeta: KIND_MESSAGES.has(msg.name) && !index.has('kind') && !index.has('apiVersion') };
    PLANS.set(msg.name, plan);
  }
  return plan;
}

// Go writes an embedded struct's fields in its parent's object, at the embedding's position.
function flatFields(msg: MessageSchema): FieldPlan[] {
  return msg.fields.flatMap((f) => (f.inline ? flatFields(messageNamed(f.message!)) : [fieldPlan(f)]));
}

function fieldPlan(f: FieldSchema): FieldPlan {
  return {
    json: f.json,
    omit: f.omitempty || f.omitzero,
    omitzero: f.omitzero,
    pointer: f.pointer,
    repeated: f.repeated,
    map: f.map,
    scalar: f.scalar,
    message: f.message,
    adapter: f.message ? messageNamed(f.message).adapter : undefined,
  };
}

function childPlan(f: FieldPlan): StructPlan {
  return (f.plan ??= planFor(messageNamed(f.message!)));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Returns `obj` as Go's encoding/json would write it after decoding it into its typed struct.
 * Objects of kinds without a schema (custom resources) come back unchanged; the input is never modified.
 */
// Semantics: kube-apiserver decodes every request body into the Go type and stores/returns its re-encoding.
export function normalizeGoJson(obj: Record<string, unknown>): Record<string, unknown> {
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return obj;
  }
  const msg = messageForKind(apiVersion, kind);
  if (!msg || msg.adapter) {
    return obj;
  }
  return structJson(planFor(msg), obj);
}

// One struct object, rebuilt in Go declaration order with unknown keys after.
function structJson(plan: StructPlan, src: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (plan.typeMeta) {
    typeMetaKey(src, out, 'kind');
    typeMetaKey(src, out, 'apiVersion');
  }
  const keys = Object.keys(src);
  const seen = writeFields(plan, src, keys, out);
  if (seen === keys.length) {
    return out;
  }
  for (const key of keys) {
    if (!plan.index.has(key) && !(plan.typeMeta && (key === 'kind' || key === 'apiVersion'))) {
      out[key] = src[key];
    }
  }
  return out;
}

// TypeMeta's fields are omitempty strings.
function typeMetaKey(src: Record<string, unknown>, out: Record<string, unknown>, key: string): void {
  const v = src[key];
  if (v !== undefined && v !== null && v !== '') {
    out[key] = v;
  }
}

// Writes the fields of `plan` from `src` (whose keys are `keys`) into `out`; returns how many it knew.
function writeFields(plan: StructPlan, src: Record<string, unknown>, keys: string[], out: Record<string, unknown>): number {
  const fields = plan.fields;
  const values: unknown[] = new Array(fields.length);
  let seen = 0;
  for (const key of keys) {
    const i = plan.index.get(key);
    if (i !== undefined) {
      values[i] = src[key];
      seen++;
    }
  }
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const v = values[i];
    const value = v === undefined || v === null ? nilJson(f) : fieldJson(f, v);
    if (value !== OMIT) {
      out[f.json] = value;
    }
  }
  return seen;
}

// A field absent or null in the input: Go leaves it at its zero value (nil for pointers, slices, maps).
function nilJson(f: FieldPlan): unknown {
  if (f.pointer || f.repeated || f.map) {
    return f.omit ? OMIT : null;
  }
  if (f.message) {
    const zero = zeroMessage(f);
    return f.omitzero ? OMIT : zero;
  }
  if (f.omit) {
    return OMIT;
  }
  return f.scalar === 'bytes' ? null : zeroScalar(f.scalar!);
}

// The zero value of a non-pointer message: the adapter's zero JSON, or the struct with its zero fields.
function zeroMessage(f: FieldPlan): unknown {
  if (f.adapter) {
    return ADAPTERS[f.adapter].toJson({}, 0, ADAPTER_CTX);
  }
  const out: Record<string, unknown> = {};
  writeFields(childPlan(f), {}, NO_KEYS, out);
  return out;
}

function zeroScalar(scalar: ScalarType): unknown {
  return scalar === 'string' || scalar === 'bytes' ? '' : scalar === 'bool' ? false : 0;
}

// A present, non-null field value under Go's rules, or OMIT; values of the wrong JSON type are kept.
function fieldJson(f: FieldPlan, v: unknown): unknown {
  if (f.map) {
    if (!isObject(v)) {
      return v;
    }
    return mapJson(f, v);
  }
  if (f.repeated) {
    if (!Array.isArray(v)) {
      return v;
    }
    if (v.length === 0) {
      return f.omit ? OMIT : v;
    }
    return v.map((item) => elementJson(f, item));
  }
  if (f.message) {
    const value = messageJson(f, v);
    return f.omitzero && !f.pointer && value === null ? OMIT : value;
  }
  if (!f.pointer && f.omit && v === zeroScalar(f.scalar!)) {
    return OMIT;
  }
  return v;
}

// A map: omitempty drops it when empty; Go writes the keys sorted.
function mapJson(f: FieldPlan, v: Record<string, unknown>): unknown {
  const keys = Object.keys(v);
  if (keys.length === 0) {
    return f.omit ? OMIT : {};
  }
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) {
    sorted = keys[i - 1] < keys[i];
  }
  if (!sorted) {
    keys.sort();
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    out[key] = elementJson(f, v[key]);
  }
  return out;
}

// A slice element or map value: null decodes to the element type's zero value.
function elementJson(f: FieldPlan, v: unknown): unknown {
  if (f.message) {
    return v === null ? zeroMessage(f) : messageJson(f, v);
  }
  return v === null ? (f.scalar === 'bytes' ? null : zeroScalar(f.scalar!)) : v;
}

function messageJson(f: FieldPlan, v: unknown): unknown {
  if (f.adapter) {
    return adapterJson(f.adapter, v);
  }
  return isObject(v) ? structJson(childPlan(f), v) : v;
}

// Special types: times are re-written as Go writes them (UTC, seconds or microseconds, zero as null)
// and durations in time.Duration.String() form; other adapters keep their value (Go keeps it too).
function adapterJson(adapter: AdapterName, v: unknown): unknown {
  switch (adapter) {
    case 'time':
      return typeof v === 'string' && CANONICAL_TIME.test(v) && !v.startsWith(ZERO_TIME_PREFIX) ? v : reformat(adapter, v);
    case 'microTime':
      return typeof v === 'string' && CANONICAL_MICRO_TIME.test(v) && !v.startsWith(ZERO_TIME_PREFIX) ? v : reformat(adapter, v);
    case 'duration':
      return reformat(adapter, v);
    default:
      return v;
  }
}

// JSON → adapter fields → JSON; a value the adapter rejects is left for validation to report.
function reformat(adapter: AdapterName, v: unknown): unknown {
  try {
    const fields = ADAPTERS[adapter].fromJson(v, '');
    return ADAPTERS[adapter].toJson(fields, Object.keys(fields).length, ADAPTER_CTX);
  } catch {
    return v;
  }
}
