import { addDate, isKnownZone, localZone, wallTime, zonedDate } from 'src/controllers/cronjob/zoned-time';
import { cronScheduleError } from 'src/registry/batch/cron-schedule';

// Semantics: github.com/robfig/cron/v3 v3.0.1 (what kube-controller-manager vendors): ParseStandard
// (parser.go: optional TZ=/CRON_TZ=, @descriptors, @every, five fields with `*`, `?`, ranges, steps,
// names) and the search of SpecSchedule.Next / ConstantDelaySchedule.Next (spec.go, constantdelay.go).

/** One field: the values it allows, and whether it was written as `*`/`?` (which makes day matching an AND). */
interface Field {
  values: Set<number>;
  star: boolean;
}

/** A parsed schedule; `next` gives the first activation strictly after an instant (ms), or undefined within five years. */
export interface Schedule {
  next(ms: number): number | undefined;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTH_NAMES = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DOW_NAMES = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const BOUNDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTH_NAMES },
  { min: 0, max: 6, names: DOW_NAMES },
];

function range(min: number, max: number, step = 1): Set<number> {
  const s = new Set<number>();
  for (let i = min; i <= max; i += step) {
    s.add(i);
  }
  return s;
}

const all = (b: Bounds): Field => ({ values: range(b.min, b.max), star: true });
const only = (v: number): Field => ({ values: new Set([v]), star: false });

function number(expr: string, b: Bounds): number {
  const named = b.names?.[expr.toLowerCase() as keyof typeof b.names];
  if (named !== undefined) {
    return named;
  }
  if (!/^\d+$/.test(expr)) {
    throw new Error(`failed to parse int from ${expr}`);
  }
  return Number(expr);
}

/** getRange: `*`, `?`, `n`, `a-b`, each with an optional `/step` (a step above 1 clears the star). */
function parseRange(expr: string, b: Bounds, into: Field): void {
  const [span, stepText, extra] = expr.split('/');
  const [lo, hi, more] = span.split('-');
  if (extra !== undefined || more !== undefined) {
    throw new Error(`too many ${extra !== undefined ? 'slashes' : 'hyphens'}: ${expr}`);
  }
  let start: number;
  let end: number;
  let star = false;
  if (lo === '*' || lo === '?') {
    [start, end, star] = [b.min, b.max, true];
  } else {
    start = number(lo, b);
    end = hi === undefined ? start : number(hi, b);
  }
  let step = 1;
  if (stepText !== undefined) {
    step = number(stepText, { min: 0, max: 0 });
    if (hi === undefined && !star) {
      end = b.max;
    }
    if (step > 1) {
      star = false;
    }
  }
  if (start < b.min || end > b.max || start > end || step === 0) {
    throw new Error(`invalid range ${expr}`);
  }
  range(start, end, step).forEach((v) => into.values.add(v));
  into.star ||= star;
}

function parseField(text: string, b: Bounds): Field {
  const f: Field = { values: new Set(), star: false };
  for (const expr of text.split(',')) {
    parseRange(expr, b, f);
  }
  return f;
}

const GO_UNITS_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, in ms. */
function parseGoDuration(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1;
  let s = text.replace(/^[-+]/, '');
  if (s === '0') {
    return 0;
  }
  let total = 0;
  if (s === '') {
    throw new Error(`time: invalid duration "${text}"`);
  }
  while (s !== '') {
    const m = /^(\d*(?:\.\d*)?)([^.\d]+)/.exec(s);
    if (!m || m[1] === '' || m[1] === '.' || GO_UNITS_MS[m[2]] === undefined) {
      throw new Error(`time: invalid duration "${text}"`);
    }
    total += Number(m[1]) * GO_UNITS_MS[m[2]];
    s = s.slice(m[0].length);
  }
  return sign * total;
}

/** A schedule firing every `delayMs` (whole seconds, at least one) after the previous time. */
function every(delayMs: number): Schedule {
  const delay = Math.max(1000, delayMs - (delayMs % 1000));
  return { next: (ms) => ms + delay - (((ms % 1000) + 1000) % 1000) };
}

interface Spec {
  minute: Field;
  hour: Field;
  dom: Field;
  month: Field;
  dow: Field;
  zone: string;
}

function dayMatches(s: Spec, day: number, weekday: number): boolean {
  const domMatch = s.dom.values.has(day);
  const dowMatch = s.dow.values.has(weekday);
  return s.dom.star || s.dow.star ? domMatch && dowMatch : domMatch || dowMatch;
}

/** SpecSchedule.Next: advance month, day, hour, minute until all match, wrapping to re-check; give up after five years. */
function nextOf(s: Spec, from: number): number | undefined {
  const zone = s.zone;
  let t = from + 1000 - (((from % 1000) + 1000) % 1000);
  let added = false;
  const yearLimit = wallTime(t, zone).year + 5;
  for (;;) {
    let w = wallTime(t, zone);
    if (w.year > yearLimit) {
      return undefined;
    }
    let wrapped = false;
    while (!wrapped && !s.month.values.has(w.month)) {
      if (!added) {
        added = true;
        t = zonedDate(w.year, w.month, 1, 0, 0, 0, zone);
      }
      t = addDate(t, 1, 0, zone);
      w = wallTime(t, zone);
      wrapped = w.month === 1;
    }
    while (!wrapped && !dayMatches(s, w.day, w.weekday)) {
      if (!added) {
        added = true;
        t = zonedDate(w.year, w.month, w.day, 0, 0, 0, zone);
      }
      t = addDate(t, 0, 1, zone);
      w = wallTime(t, zone);
      if (w.hour !== 0) {
        t += (w.hour > 12 ? 24 - w.hour : -w.hour) * 3_600_000;
        w = wallTime(t, zone);
      }
      wrapped = w.day === 1;
    }
    while (!wrapped && !s.hour.values.has(w.hour)) {
      if (!added) {
        added = true;
        t = zonedDate(w.year, w.month, w.day, w.hour, 0, 0, zone);
      }
      t += 3_600_000;
      w = wallTime(t, zone);
      wrapped = w.hour === 0;
    }
    while (!wrapped && !s.minute.values.has(w.minute)) {
      if (!added) {
        added = true;
        t -= ((t % 60_000) + 60_000) % 60_000;
      }
      t += 60_000;
      w = wallTime(t, zone);
      wrapped = w.minute === 0;
    }
    if (!wrapped && w.second !== 0) {
      // The second field of a standard spec is always 0: step to the next minute and look again.
      added = true;
      t += (60 - w.second) * 1000;
      wrapped = true;
    }
    if (!wrapped) {
      return t;
    }
  }
}

/** cron.ParseStandard with the schedule's own TZ= prefix, or `defaultZone` (the controller's local zone). */
export function parseSchedule(text: string, defaultZone = localZone()): Schedule {
  const invalid = cronScheduleError(text);
  if (invalid) {
    throw new Error(invalid);
  }
  let spec = text;
  let zone = defaultZone;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    zone = spec.slice(spec.indexOf('=') + 1, space < 0 ? spec.length : space);
    if (space < 0 || !isKnownZone(zone)) {
      throw new Error(`provided bad location ${zone}: unknown time zone ${zone}`);
    }
    spec = spec.slice(space).trim();
  }
  if (spec.startsWith('@every ')) {
    return every(parseGoDuration(spec.slice('@every '.length)));
  }
  const [minute, hour, dom, month, dow] = BOUNDS.map(all);
  const descriptors: Record<string, Partial<Spec>> = {
    '@yearly': { minute: only(0), hour: only(0), dom: only(1), month: only(1) },
    '@monthly': { minute: only(0), hour: only(0), dom: only(1) },
    '@weekly': { minute: only(0), hour: only(0), dow: only(0) },
    '@daily': { minute: only(0), hour: only(0) },
    '@hourly': { minute: only(0) },
  };
  descriptors['@annually'] = descriptors['@yearly'];
  descriptors['@midnight'] = descriptors['@daily'];
  let s: Spec;
  if (spec.startsWith('@')) {
    const d = descriptors[spec];
    if (!d) {
      throw new Error(`unrecognized descriptor: ${spec}`);
    }
    s = { minute, hour, dom, month, dow, zone, ...d };
  } else {
    const fields = spec.split(/\s+/).filter((f) => f !== '');
    if (fields.length !== 5) {
      throw new Error(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
    }
    const [mi, h, dm, mo, dw] = fields.map((f, i) => parseField(f, BOUNDS[i]));
    s = { minute: mi, hour: h, dom: dm, month: mo, dow: dw, zone };
  }
  return { next: (ms) => nextOf(s, ms) };
}
