// Go's time.Time arithmetic in an IANA location, as robfig/cron's schedule search uses it: wall
// fields of an instant, time.Date (normalising overflowing fields, resolving DST gaps and overlaps
// the way Go does) and RFC 3339 with the zone's offset. Instants are milliseconds since the epoch;
// the offsets come from Node's ICU time zone data.

/** Wall-clock fields of an instant in a location (month 1-12, weekday 0 = Sunday). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The process's own time zone (Go's time.Local). */
export function localZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

/** Whether the name is a location Node knows (Go's time.LoadLocation succeeds). */
export function isKnownZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's UTC offset in ms at an instant. */
export function offsetAt(ms: number, zone: string): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') {
    return 0;
  }
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(ms)) {
    if (part.type !== 'literal') {
      p[part.type] = Number(part.value);
    }
  }
  const asUtc = utcMs(p.year, p.month, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** Date.UTC without its two-digit-year quirk. */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/** The wall-clock fields of an instant in the zone. */
export function wallTime(ms: number, zone: string): WallTime {
  const d = new Date(ms + offsetAt(ms, zone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/**
 * time.Date(year, month, day, hour, min, sec, 0, loc): overflowing fields roll over; a wall time
 * a DST change skips or repeats resolves as Go resolves it (the offset in force at the wall time
 * read as UTC, corrected once if the result falls in another period).
 */
export function zonedDate(year: number, month: number, day: number, hour: number, minute: number, second: number, zone: string): number {
  const wall = utcMs(year, month, day, hour, minute, second);
  const guess = offsetAt(wall, zone);
  const corrected = offsetAt(wall - guess, zone);
  return wall - (corrected !== guess ? corrected : guess);
}

/** Go's t.AddDate(0, months, days) in the zone. */
export function addDate(ms: number, months: number, days: number, zone: string): number {
  const w = wallTime(ms, zone);
  return zonedDate(w.year, w.month + months, w.day + days, w.hour, w.minute, w.second, zone) + (ms % 1000);
}

/** Go's Format(time.RFC3339) of the instant in the zone (`Z` for a zero offset). */
export function rfc3339In(ms: number, zone: string): string {
  const off = offsetAt(ms, zone);
  const wall = new Date(Math.floor(ms / 1000) * 1000 + off).toISOString().slice(0, 19);
  if (off === 0) {
    return `${wall}Z`;
  }
  const abs = Math.abs(off) / 60_000;
  const pad = (n: number): string => String(Math.floor(n)).padStart(2, '0');
  return `${wall}${off < 0 ? '-' : '+'}${pad(abs / 60)}:${pad(abs % 60)}`;
}
