// The errors the protobuf codec throws. None of them is a Status: the HTTP layer decides what a
// client sees (a decode error is a 400, an encode error means "answer JSON instead").

/** A protobuf body that cannot be decoded: truncated, malformed, or naming a kind we have no schema for. */
export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';
}

/** An object that cannot be written as protobuf (a field whose JSON value has the wrong type, or no schema). */
export class ProtobufEncodeError extends Error {
  override readonly name: string = 'ProtobufEncodeError';
}

/** An object whose apiVersion/kind has no protobuf schema; the caller should answer JSON. */
export class NoSchemaError extends ProtobufEncodeError {
  override readonly name = 'NoSchemaError';

  constructor(
    readonly apiVersion: string,
    readonly kind: string,
  ) {
    super(`no protobuf schema for kind "${kind}" in version "${apiVersion}"`);
  }
}
