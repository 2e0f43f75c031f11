import { ProtobufDecodeError } from 'src/apiserver/protobuf/errors';
import { WIRE, WireReader, WireWriter } from 'src/apiserver/protobuf/wire';

describe('WireWriter / WireReader varints', () => {
  it.each([
    [0, '00'],
    [1, '01'],
    [127, '7f'],
    [128, '8001'],
    [300, 'ac02'],
    [2 ** 31 - 1, 'ffffffff07'],
    [2 ** 53 - 1, 'ffffffffffffff0f'],
  ])('writes %d as %s and reads it back', (n, hex) => {
    const bytes = new WireWriter().varint(n).finish();
    expect(bytes.toString('hex')).toBe(hex);
    expect(new WireReader(bytes).varint()).toBe(BigInt(n));
  });

  it('writes negative numbers as ten-byte two’s complement, as Go does for int32 and int64', () => {
    const bytes = new WireWriter().varint(-1).finish();
    expect(bytes.toString('hex')).toBe('ffffffffffffffffff01');
    expect(BigInt.asIntN(64, new WireReader(bytes).varint())).toBe(-1n);
    expect(BigInt.asIntN(32, new WireReader(new WireWriter().varint(-5).finish()).varint())).toBe(-5n);
  });

  it('reads the largest 64-bit value and rejects an eleventh byte', () => {
    expect(new WireReader(Buffer.from('ffffffffffffffffff01', 'hex')).varint()).toBe(2n ** 64n - 1n);
    expect(() => new WireReader(Buffer.from('ffffffffffffffffffff01', 'hex')).varint()).toThrow(ProtobufDecodeError);
  });
});

describe('WireReader bounds', () => {
  it('throws ProtobufDecodeError for a varint cut short', () => {
    expect(() => new WireReader(Buffer.from('ff', 'hex')).varint()).toThrow(/unexpected end/);
  });

  it('throws for a length that runs past the end of the message', () => {
    const r = new WireReader(Buffer.from('0a05616263', 'hex'));
    r.tag();
    expect(() => r.bytes()).toThrow(/runs past the end/);
  });

  it('honours a sub-range end', () => {
    const r = new WireReader(Buffer.from('0a03616263', 'hex'), 0, 3);
    r.tag();
    expect(() => r.bytes()).toThrow(ProtobufDecodeError);
  });

  it('rejects field number 0 and the wire types 6 and 7', () => {
    expect(() => new WireReader(Buffer.from('00', 'hex')).tag()).toThrow(/illegal tag 0/);
    const r = new WireReader(Buffer.from('0e00', 'hex'));
    const t = r.tag();
    expect(() => r.skip(t.wireType, t.field)).toThrow(/illegal wire type 6/);
  });

  it('skips unknown fields of every wire type, groups included', () => {
    const w = new WireWriter();
    w.tag(1, WIRE.varint).varint(300);
    w.tag(2, WIRE.fixed64).raw(Buffer.alloc(8));
    w.tag(3, WIRE.bytes).string('abc');
    w.tag(4, WIRE.fixed32).raw(Buffer.alloc(4));
    w.tag(5, WIRE.startGroup).tag(6, WIRE.varint).varint(1).tag(5, WIRE.endGroup);
    w.tag(7, WIRE.varint).varint(9);
    const r = new WireReader(w.finish());
    for (let i = 0; i < 5; i++) {
      const t = r.tag();
      r.skip(t.wireType, t.field);
    }
    expect(r.tag()).toEqual({ field: 7, wireType: WIRE.varint });
    expect(r.varint()).toBe(9n);
    expect(r.eof()).toBe(true);
  });

  it('rejects an unterminated or mismatched group and bounds group nesting', () => {
    const open = new WireReader(Buffer.from('2b', 'hex'));
    expect(() => open.skip(open.tag().wireType, 5)).toThrow(/unterminated group/);
    const mismatched = new WireReader(Buffer.from('2b34', 'hex'));
    expect(() => mismatched.skip(mismatched.tag().wireType, 5)).toThrow(/ended by field 6/);
    const deep = new WireReader(Buffer.from('2b'.repeat(100), 'hex'));
    expect(() => deep.skip(deep.tag().wireType, 5)).toThrow(/nested too deeply/);
  });
});

describe('WireWriter nested messages', () => {
  it.each([0, 1, 127, 128, 16383, 16384, 70000])('prefixes a %d-byte body with its varint length', (size) => {
    const body = Buffer.alloc(size, 7);
    const w = new WireWriter();
    w.tag(1, WIRE.bytes).fork().raw(body).join();
    w.tag(2, WIRE.varint).varint(1);
    const r = new WireReader(w.finish());
    expect(r.tag()).toEqual({ field: 1, wireType: WIRE.bytes });
    expect(r.bytes().equals(body)).toBe(true);
    expect(r.tag()).toEqual({ field: 2, wireType: WIRE.varint });
  });

  it('nests forks, growing the inner length past one byte', () => {
    const w = new WireWriter();
    w.tag(1, WIRE.bytes).fork();
    w.tag(2, WIRE.bytes).fork().string('x'.repeat(200)).join();
    w.tag(3, WIRE.bytes).string('tail');
    w.join();
    const outer = new WireReader(w.finish());
    outer.tag();
    const inner = new WireReader(outer.bytes());
    inner.tag();
    const payload = new WireReader(inner.bytes());
    expect(payload.bytes().toString()).toBe('x'.repeat(200));
    inner.tag();
    expect(inner.bytes().toString()).toBe('tail');
  });

  it('rewinds to drop what was written after a mark', () => {
    const w = new WireWriter().varint(1);
    const mark = w.position;
    w.tag(2, WIRE.bytes).fork().join();
    w.rewind(mark);
    expect(w.finish().toString('hex')).toBe('01');
  });

  it('refuses to finish with an open fork', () => {
    expect(() => new WireWriter().fork().finish()).toThrow(/unfinished/);
  });
});
