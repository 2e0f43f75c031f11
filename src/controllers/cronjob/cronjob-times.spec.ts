import { parseSchedule } from 'src/controllers/cronjob/cron-schedule';
import { dueScheduleTime, mostRecentScheduleTime, nextScheduleDelay } from 'src/controllers/cronjob/cronjob-times';
import type { KubeObject } from 'src/registry/generic/object';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z'));

function cronJob(created: string, status: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): KubeObject {
  return { metadata: { name: 'cj', namespace: 'default', creationTimestamp: created }, spec: { schedule: '* * * * *', ...spec }, status };
}

const everyMinute = parseSchedule('* * * * *', 'UTC');
const hourly = parseSchedule('@hourly', 'UTC');

describe('mostRecentScheduleTime', () => {
  it.each([
    ['nothing due before the first start', cronJob('2026-01-01T10:00:30Z'), '2026-01-01T10:00:50Z', true, { mostRecent: undefined, missed: 'none' }],
    ['exactly the first start', cronJob('2026-01-01T10:00:30Z'), '2026-01-01T10:01:00Z', true, { mostRecent: '2026-01-01T10:01:00Z', missed: 'none' }],
    ['the latest of a few missed starts', cronJob('2026-01-01T10:00:30Z'), '2026-01-01T10:05:10Z', true, { mostRecent: '2026-01-01T10:05:00Z', missed: 'few' }],
    [
      'counts from lastScheduleTime, not creation',
      cronJob('2026-01-01T00:00:00Z', { lastScheduleTime: '2026-01-01T10:04:00Z' }),
      '2026-01-01T10:04:30Z',
      true,
      { mostRecent: undefined, missed: 'none' },
    ],
    [
      'more than 100 missed',
      cronJob('2026-01-01T00:00:00Z', { lastScheduleTime: '2026-01-01T08:00:00Z' }),
      '2026-01-01T10:00:30Z',
      true,
      { mostRecent: '2026-01-01T10:00:00Z', missed: 'many' },
    ],
    [
      'startingDeadlineSeconds bounds how far back it looks',
      cronJob('2026-01-01T00:00:00Z', { lastScheduleTime: '2026-01-01T08:00:00Z' }, { startingDeadlineSeconds: 200 }),
      '2026-01-01T10:00:30Z',
      true,
      { mostRecent: '2026-01-01T10:00:00Z', missed: 'few' },
    ],
    [
      'the deadline is ignored when asked to',
      cronJob('2026-01-01T00:00:00Z', { lastScheduleTime: '2026-01-01T08:00:00Z' }, { startingDeadlineSeconds: 200 }),
      '2026-01-01T10:00:30Z',
      false,
      { mostRecent: '2026-01-01T10:00:00Z', missed: 'many' },
    ],
  ])('%s', (_what, cj, now, deadline, want) => {
    const r = mostRecentScheduleTime(cj, at(now), everyMinute, deadline);
    expect({ mostRecent: iso(r.mostRecent), missed: r.missed }).toEqual(want);
    expect(r.error).toBeUndefined();
  });

  it('finds the right start for irregular schedules (weekday hours)', () => {
    const s = parseSchedule('30 6-16/4 * * 1-5', 'UTC');
    const r = mostRecentScheduleTime(cronJob('2026-01-01T00:00:00Z'), at('2026-01-13T15:00:00Z'), s, true);
    expect(iso(r.mostRecent)).toBe('2026-01-13T14:30:00Z');
  });

  it('reports a schedule that never fires', () => {
    const r = mostRecentScheduleTime(cronJob('2026-01-01T00:00:00Z'), at('2026-05-01T00:00:00Z'), parseSchedule('0 0 31 2 *', 'UTC'), true);
    expect(r.error).toBe('time difference between two schedules is less than 1 second');
  });
});

describe('nextScheduleDelay', () => {
  it.each([
    ['after the start just taken', cronJob('2026-01-01T00:00:00Z', { lastScheduleTime: '2026-01-01T10:05:00Z' }), '2026-01-01T10:05:10Z', 50_100],
    ['before the first start', cronJob('2026-01-01T10:00:30Z'), '2026-01-01T10:00:40Z', 20_100],
    [
      'after missed starts, from the latest of them',
      cronJob('2026-01-01T00:00:00Z', { lastScheduleTime: '2026-01-01T07:00:00Z' }),
      '2026-01-01T10:05:10Z',
      50_100,
    ],
  ])('%s', (_what, cj, now, want) => {
    expect(nextScheduleDelay(cj, at(now), everyMinute)).toBe(want);
  });

  it('waits for the next hour of an hourly schedule', () => {
    expect(nextScheduleDelay(cronJob('2026-01-01T10:20:00Z'), at('2026-01-01T10:30:00Z'), hourly)).toBe(30 * 60_000 + 100);
  });
});

describe('dueScheduleTime', () => {
  it('flags too many missed starts but still returns the latest', () => {
    const due = dueScheduleTime(cronJob('2026-01-01T00:00:00Z'), at('2026-01-02T00:00:30Z'), everyMinute);
    expect({ time: iso(due.time), tooManyMissed: due.tooManyMissed }).toEqual({ time: '2026-01-02T00:00:00Z', tooManyMissed: true });
  });

  it('has nothing due between starts', () => {
    expect(dueScheduleTime(cronJob('2026-01-01T10:20:00Z', { lastScheduleTime: '2026-01-01T11:00:00Z' }), at('2026-01-01T11:30:00Z'), hourly)).toEqual({
      tooManyMissed: false,
    });
  });
});
