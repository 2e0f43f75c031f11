import type { ScalarNode } from 'src/schema/type-node';

// apimachinery types that are scalars on the wire but have a name (and so a definition) in
// upstream's OpenAPI. Fields refer to them by name; resolve() turns the reference into the node.

/** `metav1.Time`: an RFC 3339 timestamp, second precision. */
export const TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';
/** `metav1.MicroTime`: an RFC 3339 timestamp, microsecond precision. */
export const MICRO_TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime';
/** `resource.Quantity`: `500m`, `1Gi`, `2` ... */
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
/** `intstr.IntOrString`: an int32 or a string such as `25%` or a port name. */
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
/** `runtime.RawExtension`: an embedded object of any kind. */
export const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';
/** `metav1.FieldsV1`: the field set of a managedFields entry. */
export const FIELDS_V1 = 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1';
/** `apiextensions/v1.JSON`: any JSON value inside a CRD schema. */
export const JSON_VALUE = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON';

/** `metav1.Patch`: the body of a PATCH, whatever its content type. */
export const PATCH = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';

/** The node each named scalar stands for; descriptions are ours. */
export const NAMED_SCALARS: ReadonlyMap<string, ScalarNode> = new Map<string, ScalarNode>([
  [
    TIME,
    { kind: 'scalar', type: 'string', format: 'date-time', description: 'Time is a timestamp in RFC 3339 form with second precision, serialized as a string.' },
  ],
  [
    MICRO_TIME,
    {
      kind: 'scalar',
      type: 'string',
      format: 'date-time',
      description: 'MicroTime is a timestamp in RFC 3339 form with microsecond precision, serialized as a string.',
    },
  ],
  [
    QUANTITY,
    {
      kind: 'scalar',
      type: 'string',
      format: 'quantity',
      description:
        'Quantity is a fixed-point number with an optional SI or binary suffix (m, k, M, G, Ki, Mi, Gi ...) or exponent, e.g. "500m", "1Gi" or "2"; a bare number is accepted too.',
    },
  ],
  [
    INT_OR_STRING,
    {
      kind: 'scalar',
      type: 'string',
      format: 'int-or-string',
      description: 'IntOrString holds either an int32 or a string (such as "25%" or a port name); JSON numbers and strings are both accepted.',
    },
  ],
  [RAW_EXTENSION, { kind: 'scalar', type: 'any', description: 'RawExtension holds a complete embedded object of any kind, passed through as is.' }],
  [FIELDS_V1, { kind: 'scalar', type: 'any', description: 'FieldsV1 is the set of fields a manager owns, encoded as a trie of field paths.' }],
  [JSON_VALUE, { kind: 'scalar', type: 'any', description: 'JSON is any JSON value.' }],
  [
    PATCH,
    {
      kind: 'scalar',
      type: 'any',
      description: 'Patch is the body of a PATCH request: a JSON patch, a merge patch, a strategic merge patch or an apply configuration.',
    },
  ],
]);
