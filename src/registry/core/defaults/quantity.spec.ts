import { addQuantities, compareQuantities, formatQuantity, parseQuantity } from 'src/registry/core/defaults/quantity';

const q = (s: string) => {
  const parsed = parseQuantity(s);
  if (!parsed) {
    throw new Error(`unparseable ${s}`);
  }
  return parsed;
};

describe('quantities', () => {
  it.each([
    ['1000m', '1'],
    ['0.5', '500m'],
    ['1500m', '1500m'],
    ['100M', '100M'],
    ['1000k', '1M'],
    ['1.5Gi', '1536Mi'],
    ['1024Mi', '1Gi'],
    ['512', '512'],
    ['1Ki', '1Ki'],
    ['0.5Ki', '512'],
    ['129e6', '129e6'],
    ['1e3', '1e3'],
    ['128974848', '128974848'],
    ['0', '0'],
    ['0.0001', '1m'],
    ['-1', '-1'],
  ])('%s is written as %s after milli rounding', (input, canonical) => {
    expect(formatQuantity(q(input), -3)).toBe(canonical);
  });

  it('accepts JSON numbers', () => {
    expect(formatQuantity(parseQuantity(2)!, -3)).toBe('2');
  });

  it.each(['', 'abc', '1.2.3', '5Zi', '--1'])('rejects %j', (input) => {
    expect(parseQuantity(input)).toBeUndefined();
  });

  it('compares and adds exactly', () => {
    expect(compareQuantities(q('1'), q('1000m'))).toBe(0);
    expect(compareQuantities(q('1Gi'), q('1G'))).toBe(1);
    expect(compareQuantities(q('100m'), q('0.1'))).toBe(0);
    expect(formatQuantity(addQuantities(q('250m'), q('750m')))).toBe('1');
  });
});
