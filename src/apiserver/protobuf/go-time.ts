// Go's spellings of times and durations, as metav1.Time, metav1.MicroTime and metav1.Duration write
// them in JSON. Times are whole seconds since the epoch plus nanoseconds, both as plain numbers.

// Semantics: Go time.Time.Format(time.RFC3339), metav1.RFC3339Micro, time.Parse (which accepts a
// fraction of a second after the seconds even when the layout has none), time.Duration.String,
// time.ParseDuration.

/** Seconds since the epoch and nanoseconds within the second. */
export interface Instant {
  seconds: number;
  nanos: number;
}

const DAY = 86400;
const MIN_SECONDS = -62135596800; // 0001-01-01T00:00:00Z, Go's zero time
const MAX_SECONDS = 253402300799; // 9999-12-31T23:59:59Z, the last instant RFC 3339 can spell

/** True for Go's zero time (0001-01-01T00:00:00Z), which metav1 times marshal as JSON null. */
export function isZeroInstant(t: Instant): boolean {
  return t.seconds === MIN_SECONDS && t.nanos === 0;
}

/** True when the instant has a four-digit year, the range RFC 3339 (and so JSON) can carry. */
export function inRfc3339Range(seconds: number): boolean {
  return Number.isSafeInteger(seconds) && seconds >= MIN_SECONDS && seconds <= MAX_SECONDS;
}

/** `2006-01-02T15:04:05Z` (seconds resolution, UTC), as metav1.Time marshals. */
export function formatRfc3339(seconds: number): string {
  return `${dateTime(seconds)}Z`;
}

/** `2006-01-02T15:04:05.000000Z` (microseconds, UTC), as metav1.MicroTime marshals. */
export function formatRfc3339Micro(seconds: number, nanos: number): string {
  const micros = Math.floor(nanos / 1000);
  return `${dateTime(seconds)}.${String(micros).padStart(6, '0')}Z`;
}

function dateTime(seconds: number): string {
  const days = Math.floor(seconds / DAY);
  const secs = seconds - days * DAY;
  const { year, month, day } = civilFromDays(days);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${String(year).padStart(4, '0')}-${p2(month)}-${p2(day)}T${p2(Math.floor(secs / 3600))}:${p2(Math.floor(secs / 60) % 60)}:${p2(secs % 60)}`;
}

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
function civilFromDays(z: number): { year: number; month: number; day: number } {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysFromCivil(year: number, month: number, day: number): number {
  year -= month <= 2 ? 1 : 0;
  const era = Math.floor(year / 400);
  const yoe = year - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const RFC3339_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/;

/** Parses an RFC 3339 time as Go's time.Parse(time.RFC3339) does; undefined when malformed. */
export function parseRfc3339(text: string): Instant | undefined {
  const m = RFC3339_RE.exec(text);
  if (!m) {
    return undefined;
  }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const monthDays = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (month < 1 || month > 12 || day < 1 || day > monthDays[month - 1] || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  let offset = 0;
  if (m[8] !== 'Z') {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) {
      return undefined;
    }
    offset = (m[9] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const nanos = m[7] ? Number(m[7].slice(0, 9).padEnd(9, '0')) : 0;
  return { seconds: daysFromCivil(year, month, day) * DAY + hour * 3600 + minute * 60 + second - offset, nanos };
}

const NS_PER = { ns: 1n, us: 1000n, µs: 1000n, μs: 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n, h: 3600000000000n } as const;
const MAX_DURATION = 2n ** 63n - 1n;

/** Go's time.Duration.String: `1h2m3.5s`, `1.5ms`, `0s`. */
export function formatDuration(ns: bigint): string {
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1000000000n) {
    if (u === 0n) {
      return '0s';
    }
    const [unit, prec] = u < 1000n ? ['ns', 0] : u < 1000000n ? ['µs', 3] : ['ms', 6];
    const [whole, frac] = fraction(u, prec);
    out = `${whole}${frac}${unit}`;
  } else {
    const [seconds, frac] = fraction(u, 9);
    u = seconds;
    out = `${u % 60n}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) {
        out = `${u}h${out}`;
      }
    }
  }
  return neg ? `-${out}` : out;
}

// Splits v / 10^prec into its integer part and a `.digits` fraction without trailing zeros.
function fraction(v: bigint, prec: number): [bigint, string] {
  const scale = 10n ** BigInt(prec);
  const digits =
    prec === 0
      ? ''
      : String(v % scale)
          .padStart(prec, '0')
          .replace(/0+$/, '');
  return [v / scale, digits === '' ? '' : `.${digits}`];
}

/** Go's time.ParseDuration (`300ms`, `-1.5h`, `2h45m`); undefined when malformed or out of range. */
export function parseDuration(text: string): bigint | undefined {
  let s = text;
  let neg = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') {
    return 0n;
  }
  if (s === '') {
    return undefined;
  }
  let total = 0n;
  const part = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
  while (s !== '') {
    const m = part.exec(s);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) {
      return undefined;
    }
    const unit = NS_PER[m[3] as keyof typeof NS_PER];
    const frac = m[2] ?? '';
    total += BigInt(m[1] || '0') * unit + (frac === '' ? 0n : (BigInt(frac) * unit) / 10n ** BigInt(frac.length));
    if (total > MAX_DURATION + (neg ? 1n : 0n)) {
      return undefined;
    }
    s = s.slice(m[0].length);
  }
  return neg ? -total : total;
}
