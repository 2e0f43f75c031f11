import { formatGoDuration, parseDurationMs } from 'src/node-agent/durations';

describe('formatGoDuration (Go time.Duration.String)', () => {
  test.each([
    [0, '0s'],
    [100, '100ms'],
    [999, '999ms'],
    [1000, '1s'],
    [1600, '1.6s'],
    [10_000, '10s'],
    [80_000, '1m20s'],
    [160_000, '2m40s'],
    [300_000, '5m0s'],
    [90_500, '1m30.5s'],
    [3_600_000, '1h0m0s'],
    [3_725_250, '1h2m5.25s'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });
});

describe('parseDurationMs', () => {
  test.each([
    ['5s', 5000],
    ['100ms', 100],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['2h', 7_200_000],
    ['3', 3000],
    ['0.25', 250],
    [' 10s ', 10_000],
    ['', undefined],
    ['5 s', undefined],
    ['-1s', undefined],
    ['10x', undefined],
    ['abc', undefined],
    [undefined, undefined],
  ])('%p -> %p', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });
});
