import { parseSchedule } from 'src/controllers/cronjob/cron-schedule';
import { offsetAt, rfc3339In, wallTime, zonedDate } from 'src/controllers/cronjob/zoned-time';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z'));

/** The first `n` activations after `from`. */
function nexts(schedule: string, from: string, n = 3, zone = 'UTC'): (string | undefined)[] {
  const s = parseSchedule(schedule, zone);
  const out: (string | undefined)[] = [];
  let t: number | undefined = at(from);
  for (let i = 0; i < n && t !== undefined; i++) {
    t = s.next(t);
    out.push(iso(t));
  }
  return out;
}

describe('cron schedules (robfig/cron v3 semantics)', () => {
  it.each([
    [
      'every minute, from a fraction of a second',
      '* * * * *',
      '2026-01-01T00:00:30.500Z',
      ['2026-01-01T00:01:00Z', '2026-01-01T00:02:00Z', '2026-01-01T00:03:00Z'],
    ],
    ['exactly on a match goes to the next one', '* * * * *', '2026-01-01T00:01:00Z', ['2026-01-01T00:02:00Z', '2026-01-01T00:03:00Z', '2026-01-01T00:04:00Z']],
    ['steps', '*/20 * * * *', '2026-01-01T00:05:00Z', ['2026-01-01T00:20:00Z', '2026-01-01T00:40:00Z', '2026-01-01T01:00:00Z']],
    ['N/step runs from N to the end', '50/5 * * * *', '2026-01-01T00:00:00Z', ['2026-01-01T00:50:00Z', '2026-01-01T00:55:00Z', '2026-01-01T01:50:00Z']],
    [
      'weekdays by name (Friday 2026-01-02)',
      '0 9 * * MON-FRI',
      '2026-01-02T10:00:00Z',
      ['2026-01-05T09:00:00Z', '2026-01-06T09:00:00Z', '2026-01-07T09:00:00Z'],
    ],
    ['months by name', '0 0 1 jul,JAN *', '2026-02-01T00:00:00Z', ['2026-07-01T00:00:00Z', '2027-01-01T00:00:00Z', '2027-07-01T00:00:00Z']],
    [
      'day of month OR day of week when both are restricted',
      '0 0 1,15 * 1',
      '2026-01-01T00:00:00Z',
      ['2026-01-05T00:00:00Z', '2026-01-12T00:00:00Z', '2026-01-15T00:00:00Z'],
    ],
    ['a star day of month makes it AND', '0 0 * * 1', '2026-01-01T00:00:00Z', ['2026-01-05T00:00:00Z', '2026-01-12T00:00:00Z', '2026-01-19T00:00:00Z']],
    ['? is a star', '0 0 ? * 1', '2026-01-01T00:00:00Z', ['2026-01-05T00:00:00Z', '2026-01-12T00:00:00Z', '2026-01-19T00:00:00Z']],
    ['*/2 is not a star (step > 1): OR', '0 0 */2 * 1', '2026-01-01T00:00:00Z', ['2026-01-03T00:00:00Z', '2026-01-05T00:00:00Z', '2026-01-07T00:00:00Z']],
    ['*/1 stays a star: AND', '0 0 */1 * 1', '2026-01-01T00:00:00Z', ['2026-01-05T00:00:00Z', '2026-01-12T00:00:00Z', '2026-01-19T00:00:00Z']],
    ['@hourly', '@hourly', '2026-01-01T00:00:00Z', ['2026-01-01T01:00:00Z', '2026-01-01T02:00:00Z', '2026-01-01T03:00:00Z']],
    ['@daily', '@daily', '2026-01-01T12:00:00Z', ['2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z', '2026-01-04T00:00:00Z']],
    ['@midnight', '@midnight', '2026-01-01T12:00:00Z', ['2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z', '2026-01-04T00:00:00Z']],
    ['@weekly is Sunday midnight', '@weekly', '2026-01-01T00:00:00Z', ['2026-01-04T00:00:00Z', '2026-01-11T00:00:00Z', '2026-01-18T00:00:00Z']],
    ['@monthly', '@monthly', '2026-01-15T00:00:00Z', ['2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z']],
    ['@yearly', '@yearly', '2026-01-01T00:00:00Z', ['2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z', '2029-01-01T00:00:00Z']],
    ['@annually', '@annually', '2026-06-01T00:00:00Z', ['2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z', '2029-01-01T00:00:00Z']],
    [
      '@every drops the fraction of a second of the start',
      '@every 1h30m',
      '2026-01-01T00:00:00.750Z',
      ['2026-01-01T01:30:00Z', '2026-01-01T03:00:00Z', '2026-01-01T04:30:00Z'],
    ],
    ['@every below a second is a second', '@every 10ms', '2026-01-01T00:00:00Z', ['2026-01-01T00:00:01Z', '2026-01-01T00:00:02Z', '2026-01-01T00:00:03Z']],
    ['29 February', '0 0 29 2 *', '2026-01-01T00:00:00Z', ['2028-02-29T00:00:00Z', '2032-02-29T00:00:00Z', '2036-02-29T00:00:00Z']],
    ['31 February never happens', '0 0 31 2 *', '2026-01-01T00:00:00Z', [undefined]],
  ])('%s: %s', (_what, schedule, from, want) => {
    expect(nexts(schedule, from, want.length)).toEqual(want);
  });

  it.each([
    [
      '9:00 in New York across the spring change',
      'TZ=America/New_York 0 9 * * *',
      '2026-03-07T00:00:00Z',
      ['2026-03-07T14:00:00Z', '2026-03-08T13:00:00Z', '2026-03-09T13:00:00Z'],
    ],
    [
      'a wall time the spring change skips is skipped that day',
      'TZ=America/New_York 30 2 * * *',
      '2026-03-07T12:00:00Z',
      ['2026-03-09T06:30:00Z', '2026-03-10T06:30:00Z'],
    ],
    [
      'a wall time the autumn change repeats runs twice',
      'CRON_TZ=America/New_York 30 1 * * *',
      '2026-11-01T05:00:00Z',
      ['2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z', '2026-11-02T06:30:00Z'],
    ],
    ['@daily in Tokyo', 'TZ=Asia/Tokyo @daily', '2026-01-01T00:00:00Z', ['2026-01-01T15:00:00Z', '2026-01-02T15:00:00Z']],
  ])('%s', (_what, schedule, from, want) => {
    expect(nexts(schedule, from, want.length)).toEqual(want);
  });

  it('uses the default zone when the schedule names none', () => {
    expect(nexts('0 9 * * *', '2026-07-01T00:00:00Z', 1, 'Europe/Paris')).toEqual(['2026-07-01T07:00:00Z']);
  });

  it.each([
    ['foo', 'expected exactly 5 fields, found 1: [foo]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['@weekly2', 'unrecognized descriptor: @weekly2'],
    ['TZ=Mars/Phobos * * * * *', 'provided bad location Mars/Phobos: unknown time zone Mars/Phobos'],
  ])('rejects %j with the parser message', (schedule, message) => {
    expect(() => parseSchedule(schedule, 'UTC')).toThrow(message);
  });
});

describe('zoned time', () => {
  it('reads wall time and offsets', () => {
    expect(wallTime(at('2026-03-08T07:30:00Z'), 'America/New_York')).toEqual({ year: 2026, month: 3, day: 8, hour: 3, minute: 30, second: 0, weekday: 0 });
    expect(offsetAt(at('2026-01-01T00:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
  });

  it('resolves wall times like Go time.Date, overflow included', () => {
    expect(iso(zonedDate(2026, 13, 1, 0, 0, 0, 'UTC'))).toBe('2027-01-01T00:00:00Z');
    expect(iso(zonedDate(2026, 1, 32, 0, 0, 0, 'UTC'))).toBe('2026-02-01T00:00:00Z');
    expect(iso(zonedDate(2026, 7, 1, 9, 0, 0, 'Europe/Paris'))).toBe('2026-07-01T07:00:00Z');
    expect(iso(zonedDate(2026, 3, 8, 2, 30, 0, 'America/New_York'))).toBe('2026-03-08T06:30:00Z');
  });

  it('formats RFC 3339 with the zone offset, Z for UTC', () => {
    expect(rfc3339In(at('2026-01-01T08:00:00Z'), 'Europe/Paris')).toBe('2026-01-01T09:00:00+01:00');
    expect(rfc3339In(at('2026-01-01T08:00:00Z'), 'America/St_Johns')).toBe('2026-01-01T04:30:00-03:30');
    expect(rfc3339In(at('2026-01-01T08:00:00.900Z'), 'UTC')).toBe('2026-01-01T08:00:00Z');
  });
});
