import { compareStrings, sortStrings } from 'src/registry/generic/managed-fields/path';
import { mulberry32 } from 'src/registry/generic/managed-fields/create-fixtures';

/** Go compares strings by their UTF-8 bytes: the reference the fast comparison must agree with. */
function utf8Compare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

// Characters from each region where UTF-16 and code point order could part: ASCII, below and
// above the surrogates, an astral character (a surrogate pair), and the last BMP characters.
const ALPHABET = ['a', 'b', 'Z', '-', '.', 'é', '中', '\ue000', '\uffef', '😀', '𝄞', '\ufb01'];

function randomString(rand: () => number): string {
  let s = '';
  const n = Math.floor(rand() * 5);
  for (let i = 0; i < n; i++) {
    s += ALPHABET[Math.floor(rand() * ALPHABET.length)];
  }
  return s;
}

describe('compareStrings', () => {
  it('orders like Go (UTF-8 bytes), also where UTF-16 order differs', () => {
    expect(Math.sign(compareStrings('\ue000', '😀'))).toBe(-1);
    expect(Math.sign(compareStrings('a😀', 'a\uffef'))).toBe(1);
    expect(Math.sign(compareStrings('abc', 'abd'))).toBe(-1);
    expect(compareStrings('x', 'x')).toBe(0);
    const rand = mulberry32(7);
    for (let i = 0; i < 5000; i++) {
      const a = randomString(rand);
      const b = randomString(rand);
      expect([a, b, Math.sign(compareStrings(a, b))]).toEqual([a, b, Math.sign(utf8Compare(a, b))]);
    }
  });
});

describe('sortStrings', () => {
  it('sorts short and long arrays as Array.prototype.sort with compareStrings does', () => {
    const rand = mulberry32(11);
    for (let i = 0; i < 500; i++) {
      const keys = Array.from({ length: Math.floor(rand() * 24) }, () => randomString(rand));
      expect(sortStrings([...keys])).toEqual([...keys].sort(utf8Compare));
    }
  });
});
