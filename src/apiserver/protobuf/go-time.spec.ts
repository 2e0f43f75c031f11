import { formatDuration, formatRfc3339, formatRfc3339Micro, isZeroInstant, parseDuration, parseRfc3339 } from 'src/apiserver/protobuf/go-time';

describe('RFC 3339 times as metav1.Time and MicroTime write them', () => {
  it('formats whole seconds in UTC', () => {
    expect(formatRfc3339(0)).toBe('1970-01-01T00:00:00Z');
    expect(formatRfc3339(1714557600)).toBe('2024-05-01T10:00:00Z');
    expect(formatRfc3339(951782400)).toBe('2000-02-29T00:00:00Z');
    expect(formatRfc3339(-62135596800)).toBe('0001-01-01T00:00:00Z');
    expect(formatRfc3339(253402300799)).toBe('9999-12-31T23:59:59Z');
    expect(formatRfc3339(-1)).toBe('1969-12-31T23:59:59Z');
  });

  it('formats microseconds with six digits, truncating nanoseconds', () => {
    expect(formatRfc3339Micro(1714557600, 123456789)).toBe('2024-05-01T10:00:00.123456Z');
    expect(formatRfc3339Micro(1714557600, 0)).toBe('2024-05-01T10:00:00.000000Z');
  });

  it('parses offsets and fractions as time.Parse(time.RFC3339) does', () => {
    expect(parseRfc3339('2024-05-01T10:00:00Z')).toEqual({ seconds: 1714557600, nanos: 0 });
    expect(parseRfc3339('2024-05-01T12:00:00+02:00')).toEqual({ seconds: 1714557600, nanos: 0 });
    expect(parseRfc3339('2024-05-01T10:00:00.5Z')).toEqual({ seconds: 1714557600, nanos: 500000000 });
    expect(parseRfc3339('2024-05-01T10:00:00.1234567891Z')).toEqual({ seconds: 1714557600, nanos: 123456789 });
    expect(parseRfc3339('0001-01-01T00:00:00Z')).toEqual({ seconds: -62135596800, nanos: 0 });
  });

  it.each([
    '',
    '2024-05-01',
    '2024-05-01 10:00:00Z',
    '2024-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-05-01T10:00:00z',
    '2024-05-01T10:00:00+2:00',
  ])('rejects %j', (text) => {
    expect(parseRfc3339(text)).toBeUndefined();
  });

  it('knows Go’s zero time', () => {
    expect(isZeroInstant({ seconds: -62135596800, nanos: 0 })).toBe(true);
    expect(isZeroInstant({ seconds: 0, nanos: 0 })).toBe(false);
  });
});

describe('durations as time.Duration.String and time.ParseDuration spell them', () => {
  it.each([
    [0n, '0s'],
    [1n, '1ns'],
    [1500n, '1.5µs'],
    [1500000n, '1.5ms'],
    [1000000000n, '1s'],
    [60000000000n, '1m0s'],
    [3600000000000n, '1h0m0s'],
    [3723500000000n, '1h2m3.5s'],
    [-1500000000n, '-1.5s'],
    [2n ** 63n - 1n, '2562047h47m16.854775807s'],
    [-(2n ** 63n), '-2562047h47m16.854775808s'],
  ])('formats %dns as %s', (ns, text) => {
    expect(formatDuration(ns)).toBe(text);
  });

  it.each([
    ['0', 0n],
    ['300ms', 300000000n],
    ['-1.5h', -5400000000000n],
    ['2h45m', 9900000000000n],
    ['1µs', 1000n],
    ['1us', 1000n],
    ['+5s', 5000000000n],
    ['1.5ms', 1500000n],
  ])('parses %s', (text, ns) => {
    expect(parseDuration(text)).toBe(ns);
  });

  it.each(['', '1', '.s', '1x', 's', '-', '9999999999999h'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
