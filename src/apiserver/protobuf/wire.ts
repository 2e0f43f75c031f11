import { ProtobufDecodeError } from 'src/apiserver/protobuf/errors';

// Semantics: https://protobuf.dev/programming-guides/encoding/ (varints, tags, wire types).
// Proto2 as gogo-protobuf writes it for Kubernetes: repeated scalars unpacked (packed accepted on read),
// no zigzag, fixed32/fixed64 only for float/double (and skipped when unknown).

/** The protobuf wire types. */
export const WIRE = { varint: 0, fixed64: 1, bytes: 2, startGroup: 3, endGroup: 4, fixed32: 5 } as const;

const MAX_GROUP_DEPTH = 32;

/** A bounds-checked reader over one message; every read past the end throws ProtobufDecodeError. */
export class WireReader {
  pos: number;

  constructor(
    private readonly buf: Buffer,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  /** True when the whole message has been read. */
  eof(): boolean {
    return this.pos >= this.end;
  }

  /** Reads a field tag: its number and wire type. */
  tag(): { field: number; wireType: number } {
    const at = this.pos;
    const tag = this.varint();
    if (tag > 0xffffffffn) {
      throw new ProtobufDecodeError(`proto: field tag too large at offset ${at}`);
    }
    const field = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (field === 0) {
      throw new ProtobufDecodeError(`proto: illegal tag 0 (wire type ${wireType}) at offset ${at}`);
    }
    return { field, wireType };
  }

  /** Reads a varint of up to 64 bits as an unsigned bigint. */
  varint(): bigint {
    let lo = 0;
    let shift = 0;
    // Fast path: the first 4 bytes (28 bits) fit a number exactly.
    while (shift < 28) {
      const b = this.byte();
      lo += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) {
        return BigInt(lo);
      }
      shift += 7;
    }
    let value = BigInt(lo);
    for (let big = 28n; big < 70n; big += 7n) {
      const b = this.byte();
      value |= BigInt(b & 0x7f) << big;
      if (b < 0x80) {
        return BigInt.asUintN(64, value);
      }
    }
    throw new ProtobufDecodeError(`proto: integer overflow in varint at offset ${this.pos}`);
  }

  /** Reads a length prefix and returns the sub-range it covers, checked against the message end. */
  bytes(): Buffer {
    const at = this.pos;
    const len = this.varint();
    if (len > BigInt(this.end - this.pos)) {
      throw new ProtobufDecodeError(`proto: length ${len} at offset ${at} runs past the end of the message (${this.end - this.pos} bytes left)`);
    }
    const start = this.pos;
    this.pos += Number(len);
    return this.buf.subarray(start, this.pos);
  }

  /** Reads 8 little-endian bytes. */
  fixed64(): Buffer {
    return this.take(8);
  }

  /** Reads 4 little-endian bytes. */
  fixed32(): Buffer {
    return this.take(4);
  }

  /** Skips the value of a field this reader's caller does not know. */
  skip(wireType: number, field: number, depth = 0): void {
    switch (wireType) {
      case WIRE.varint:
        this.varint();
        return;
      case WIRE.fixed64:
        this.take(8);
        return;
      case WIRE.bytes:
        this.bytes();
        return;
      case WIRE.fixed32:
        this.take(4);
        return;
      case WIRE.startGroup:
        this.skipGroup(field, depth);
        return;
      default:
        throw new ProtobufDecodeError(`proto: illegal wire type ${wireType} for field ${field} at offset ${this.pos}`);
    }
  }

  private skipGroup(field: number, depth: number): void {
    if (depth >= MAX_GROUP_DEPTH) {
      throw new ProtobufDecodeError('proto: groups nested too deeply');
    }
    for (;;) {
      if (this.eof()) {
        throw new ProtobufDecodeError(`proto: unterminated group for field ${field}`);
      }
      const t = this.tag();
      if (t.wireType === WIRE.endGroup) {
        if (t.field !== field) {
          throw new ProtobufDecodeError(`proto: group for field ${field} ended by field ${t.field}`);
        }
        return;
      }
      this.skip(t.wireType, t.field, depth + 1);
    }
  }

  private byte(): number {
    if (this.pos >= this.end) {
      throw new ProtobufDecodeError(`proto: unexpected end of message at offset ${this.pos}`);
    }
    return this.buf[this.pos++];
  }

  private take(n: number): Buffer {
    if (this.end - this.pos < n) {
      throw new ProtobufDecodeError(`proto: unexpected end of message at offset ${this.pos} (need ${n} bytes)`);
    }
    const start = this.pos;
    this.pos += n;
    return this.buf.subarray(start, this.pos);
  }
}

/**
 * A growable writer. Nested messages are written in place: `fork()` reserves one byte for the
 * length, `join()` fills it in, moving the body only when the length needs a longer varint.
 */
export class WireWriter {
  private buf = Buffer.allocUnsafe(256);
  private pos = 0;
  private readonly starts: number[] = [];

  /** Writes a field tag. */
  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  /** Writes an unsigned varint; negative values are written as 64-bit two's complement (10 bytes), as Go does for int32/int64. */
  varint(value: number | bigint): this {
    if (typeof value === 'number' && value >= 0 && value <= Number.MAX_SAFE_INTEGER) {
      this.ensure(8);
      let v = value;
      while (v >= 0x80) {
        this.buf[this.pos++] = (v % 0x80) | 0x80;
        v = Math.floor(v / 0x80);
      }
      this.buf[this.pos++] = v;
      return this;
    }
    let v = BigInt.asUintN(64, BigInt(value));
    this.ensure(10);
    while (v >= 0x80n) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
    return this;
  }

  /** Writes a length-delimited byte string. */
  bytes(value: Buffer): this {
    this.varint(value.length);
    this.ensure(value.length);
    value.copy(this.buf, this.pos);
    this.pos += value.length;
    return this;
  }

  /** Writes a length-delimited UTF-8 string. */
  string(value: string): this {
    const len = Buffer.byteLength(value, 'utf8');
    this.varint(len);
    this.ensure(len);
    this.pos += this.buf.write(value, this.pos, 'utf8');
    return this;
  }

  /** Writes a little-endian IEEE double (wire type fixed64). */
  double(value: number): this {
    this.ensure(8);
    this.pos = this.buf.writeDoubleLE(value, this.pos);
    return this;
  }

  /** Writes a little-endian IEEE float (wire type fixed32). */
  float(value: number): this {
    this.ensure(4);
    this.pos = this.buf.writeFloatLE(value, this.pos);
    return this;
  }

  /** Starts a length-delimited nested message. */
  fork(): this {
    this.ensure(1);
    this.starts.push(this.pos);
    this.pos += 1;
    return this;
  }

  /** Ends the innermost nested message, writing its length in front of it. */
  join(): this {
    const start = this.starts.pop();
    if (start === undefined) {
      throw new Error('WireWriter.join without fork');
    }
    const len = this.pos - start - 1;
    const size = varintSize(len);
    if (size > 1) {
      this.ensure(size - 1);
      this.buf.copy(this.buf, start + size, start + 1, this.pos);
      this.pos += size - 1;
    }
    let v = len;
    let at = start;
    while (v >= 0x80) {
      this.buf[at++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[at] = v;
    return this;
  }

  /** The number of bytes written so far. */
  get position(): number {
    return this.pos;
  }

  /** Drops everything written after `position` (which must not be inside an unfinished fork). */
  rewind(position: number): this {
    if (position > this.pos || (this.starts.length > 0 && position <= this.starts[this.starts.length - 1])) {
      throw new Error('WireWriter.rewind to an invalid position');
    }
    this.pos = position;
    return this;
  }

  /** Appends raw bytes as they are. */
  raw(value: Buffer): this {
    this.ensure(value.length);
    value.copy(this.buf, this.pos);
    this.pos += value.length;
    return this;
  }

  /** The bytes written so far (a copy, so the writer may be reused). */
  finish(): Buffer {
    if (this.starts.length > 0) {
      throw new Error('WireWriter.finish with an unfinished nested message');
    }
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) {
      return;
    }
    let size = this.buf.length * 2;
    while (size < this.pos + n) {
      size *= 2;
    }
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}

/** The number of bytes a non-negative varint takes. */
function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}
