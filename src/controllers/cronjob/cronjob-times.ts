import type { Schedule } from 'src/controllers/cronjob/cron-schedule';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/cronjob/utils.go mostRecentScheduleTime,
// nextScheduleTimeDuration and nextScheduleTime (current upstream): which start time is due now,
// how many were missed, and when to look again.

/** nextScheduleDelta: added to requeue delays so a slightly fast clock does not wake too early. */
export const NEXT_SCHEDULE_DELTA_MS = 100;
/** Beyond this many missed start times, a TooManyMissedTimes warning is recorded. */
export const MANY_MISSED = 100;

/** How many start times were missed since the earliest time considered. */
export type Missed = 'none' | 'few' | 'many';

/** What mostRecentScheduleTime found. */
export interface RecentSchedule {
  /** lastScheduleTime, or creationTimestamp, raised to now - startingDeadlineSeconds when asked. */
  earliest: number;
  /** The latest start time at or before now, after `earliest`. */
  mostRecent?: number;
  missed: Missed;
  /** Set when the schedule can never fire (e.g. 31 February). */
  error?: string;
}

const ms = (t: unknown): number => Date.parse(String(t ?? ''));

/**
 * mostRecentScheduleTime: the most recent unmet start time of the CronJob at `now`. Instead of
 * walking every missed time it estimates their number from the interval between the next two
 * and walks only the last ones.
 */
export function mostRecentScheduleTime(cj: KubeObject, now: number, schedule: Schedule, includeStartingDeadline: boolean): RecentSchedule {
  let earliest = ms(cj.metadata.creationTimestamp);
  const last = ms(cj.status?.lastScheduleTime);
  if (Number.isFinite(last)) {
    earliest = last;
  }
  const sds = cj.spec?.startingDeadlineSeconds;
  if (includeStartingDeadline && sds != null && now - sds * 1000 > earliest) {
    earliest = now - sds * 1000;
  }
  const t1 = schedule.next(earliest);
  const t2 = t1 === undefined ? undefined : schedule.next(t1);
  if (t1 !== undefined && now < t1) {
    return { earliest, missed: 'none' };
  }
  if (t1 !== undefined && t2 !== undefined && now < t2) {
    return { earliest, mostRecent: t1, missed: 'none' };
  }
  const between = t1 === undefined || t2 === undefined ? 0 : Math.round((t2 - t1) / 1000);
  if (between < 1) {
    return { earliest, missed: 'none', error: 'time difference between two schedules is less than 1 second' };
  }
  const elapsed = Math.trunc((now - t1!) / 1000);
  const count = Math.trunc(elapsed / between) + 1;
  const potentialEarliest = t1! + (count - 2) * between * 1000;
  let mostRecent: number | undefined;
  for (let t = schedule.next(potentialEarliest); t !== undefined && t <= now; t = schedule.next(t)) {
    mostRecent = t;
  }
  const missed: Missed = count > MANY_MISSED ? 'many' : count > 0 ? 'few' : 'none';
  return { earliest, mostRecent, missed };
}

/**
 * nextScheduleTimeDuration: how long until the next start time after the most recent one (or
 * after now when some were missed), plus NEXT_SCHEDULE_DELTA_MS; undefined when it never fires again.
 */
export function nextScheduleDelay(cj: KubeObject, now: number, schedule: Schedule): number | undefined {
  const r = mostRecentScheduleTime(cj, now, schedule, false);
  let from: number;
  if (r.error !== undefined) {
    from = now;
  } else if (r.mostRecent === undefined) {
    from = r.missed === 'none' ? r.earliest : now;
  } else {
    from = r.mostRecent;
  }
  const next = schedule.next(from);
  return next === undefined ? undefined : next + NEXT_SCHEDULE_DELTA_MS - now;
}

/** nextScheduleTime: the start time due now (undefined when none), whether too many were missed, and a schedule error. */
export function dueScheduleTime(cj: KubeObject, now: number, schedule: Schedule): { time?: number; tooManyMissed: boolean; error?: string } {
  const r = mostRecentScheduleTime(cj, now, schedule, true);
  if (r.mostRecent === undefined || r.mostRecent > now) {
    return { tooManyMissed: false, error: r.error };
  }
  return { time: r.mostRecent, tooManyMissed: r.missed === 'many' };
}
