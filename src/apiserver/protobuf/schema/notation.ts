// Our compact notation for protobuf message schemas, and its parser.
//
// A field is one string: `<number> <jsonName><flags> <type>`.
//   number    the protobuf field number (a wire-format fact from the upstream generated.proto files)
//   jsonName  the Go json tag name; `...` marks an embedded struct whose fields are inlined
//             into the parent's JSON object (`json:",inline"`)
//   flags     `?` omitempty, `!` omitzero (Go 1.24), as in the Go struct tag
//   type      string | bool | int32 | int64 | uint32 | uint64 | double | float | bytes (Go []byte, base64 in JSON)
//             | Message (same package) | pkg.Message (e.g. meta.v1.ObjectMeta, intstr.IntOrString)
//             prefixed with `*` (a Go pointer: on the wire only when set, so a present zero survives),
//             `[]` (repeated, a Go slice) or `map[string]` (a Go map, on the wire as key/value entries).
// Fields are listed in Go declaration order, which is the order Go's encoding/json writes them.

/** How a message's JSON form differs from a plain object of its fields; see adapters.ts. */
export type AdapterName = 'time' | 'microTime' | 'duration' | 'rawJson' | 'intOrString' | 'quantity' | 'stringList';

/** A message: its fields in the compact notation, with an adapter when its JSON form is not an object. */
export type MessageTable = string[] | { adapter: AdapterName; fields: string[] };

/** The messages of one protobuf package, and the kinds it serves at one apiVersion. */
export interface PackageTable {
  /** Our short package name: `core.v1`, `meta.v1`, `intstr`... */
  package: string;
  /** The apiVersion of the kinds listed in `kinds`. */
  apiVersion?: string;
  /** Messages that are top-level kinds at `apiVersion` (the message name is the kind). */
  kinds: string[];
  /** Kinds accepted under every apiVersion (upstream registers them in each group version). */
  anyVersionKinds?: string[];
  messages: Record<string, MessageTable>;
}

/** The protobuf scalar types the notation knows. */
export type ScalarType = 'string' | 'bool' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'double' | 'float' | 'bytes';

const SCALARS: ReadonlySet<string> = new Set(['string', 'bool', 'int32', 'int64', 'uint32', 'uint64', 'double', 'float', 'bytes']);

/** One parsed field; `message` is a fully qualified name such as `core.v1.PodSpec`. */
export interface FieldSchema {
  num: number;
  /** The JSON key; empty for an inline (embedded) struct. */
  json: string;
  inline: boolean;
  omitempty: boolean;
  omitzero: boolean;
  pointer: boolean;
  repeated: boolean;
  map: boolean;
  /** Set for scalar fields (and scalar map values / repeated elements). */
  scalar?: ScalarType;
  /** Set for message fields (and message map values / repeated elements). */
  message?: string;
}

const FIELD_RE = /^(\d+) (\.\.\.|[A-Za-z_][A-Za-z0-9_]*)([?!]*) (\*|\[\]|map\[string\])?([A-Za-z_][A-Za-z0-9_.]*)$/;

/** Parses one field string of package `pkg`; throws on anything the notation does not allow. */
export function parseField(spec: string, pkg: string): FieldSchema {
  const m = FIELD_RE.exec(spec);
  if (!m) {
    throw new Error(`protobuf schema ${pkg}: malformed field "${spec}"`);
  }
  const [, num, json, flags, prefix = '', type] = m;
  const inline = json === '...';
  const field: FieldSchema = {
    num: Number(num),
    json: inline ? '' : json,
    inline,
    omitempty: flags.includes('?'),
    omitzero: flags.includes('!'),
    pointer: prefix === '*',
    repeated: prefix === '[]',
    map: prefix === 'map[string]',
  };
  if (SCALARS.has(type)) {
    field.scalar = type as ScalarType;
  } else {
    field.message = type.includes('.') ? type : `${pkg}.${type}`;
  }
  if (field.num < 1 || field.num > 536870911) {
    throw new Error(`protobuf schema ${pkg}: field number out of range in "${spec}"`);
  }
  if (inline && (prefix !== '' || !field.message)) {
    throw new Error(`protobuf schema ${pkg}: an inline field must be a plain message: "${spec}"`);
  }
  return field;
}
