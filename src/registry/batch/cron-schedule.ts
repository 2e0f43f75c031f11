import { loadLocationError } from 'src/registry/batch/time-zone';

// Semantics: github.com/robfig/cron/v3 v3.0.1 parser.go ParseStandard (what kube-apiserver vendors
// to validate CronJob schedules): optional TZ=/CRON_TZ= prefix, @descriptors, otherwise exactly
// five whitespace-separated fields. Only validity and the error text matter here; the schedule
// itself is computed by the CronJob controller. Also Go's time.ParseDuration for `@every`.

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const DAYS_OF_WEEK: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };
/** Minute, hour, day of month, month, day of week: the five fields of a standard spec. */
const FIELDS: Bounds[] = [{ min: 0, max: 59 }, { min: 0, max: 23 }, { min: 1, max: 31 }, MONTHS, DAYS_OF_WEEK];

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Go's %q of a string (enough for the ASCII the parser reports). */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** strconv.Atoi's error for a value that is not a decimal int. */
function atoi(expr: string): number | string {
  if (!/^[+-]?\d+$/.test(expr)) {
    return `strconv.Atoi: parsing ${goQuote(expr)}: invalid syntax`;
  }
  const n = Number(expr);
  if (!Number.isSafeInteger(n)) {
    return `strconv.Atoi: parsing ${goQuote(expr)}: value out of range`;
  }
  return n;
}

/** mustParseInt: a non-negative decimal int. */
function mustParseInt(expr: string): number | Error {
  const n = atoi(expr);
  if (typeof n === 'string') {
    return new Error(`failed to parse int from ${expr}: ${n}`);
  }
  if (n < 0) {
    return new Error(`negative number (${n}) not allowed: ${expr}`);
  }
  return n;
}

function parseIntOrName(expr: string, b: Bounds): number | Error {
  const named = b.names?.[expr.toLowerCase()];
  return named !== undefined ? named : mustParseInt(expr);
}

/** getRange: `*`, `?`, `n`, `n-m`, each optionally `/step`. */
function checkRange(expr: string, b: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = b.min;
    end = b.max;
  } else {
    const s = parseIntOrName(lowAndHigh[0], b);
    if (s instanceof Error) {
      return s.message;
    }
    start = s;
    if (lowAndHigh.length === 1) {
      end = start;
    } else if (lowAndHigh.length === 2) {
      const e = parseIntOrName(lowAndHigh[1], b);
      if (e instanceof Error) {
        return e.message;
      }
      end = e;
    } else {
      return `too many hyphens: ${expr}`;
    }
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const st = mustParseInt(rangeAndStep[1]);
    if (st instanceof Error) {
      return st.message;
    }
    step = st;
    if (lowAndHigh.length === 1) {
      end = b.max;
    }
  } else if (rangeAndStep.length > 2) {
    return `too many slashes: ${expr}`;
  }
  if (start < b.min) {
    return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  }
  if (end > b.max) {
    return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  }
  if (start > end) {
    return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  }
  if (step === 0) {
    return `step of range should be a positive number: ${expr}`;
  }
  return undefined;
}

const DURATION_UNITS = new Set(['ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h']);

/** Go's time.ParseDuration: the error text, or undefined when the duration parses. */
export function goDurationError(text: string): string | undefined {
  const bad = `time: invalid duration ${goQuote(text)}`;
  let s = text.replace(/^[-+]/, '');
  if (s === '0') {
    return undefined;
  }
  if (s === '') {
    return bad;
  }
  while (s !== '') {
    const num = /^(\d*)(\.(\d*))?/.exec(s)!;
    if (!/^[.\d]/.test(s) || (num[1] === '' && (num[3] ?? '') === '')) {
      return bad;
    }
    s = s.slice(num[0].length);
    const unit = /^[^.\d]*/.exec(s)![0];
    if (unit === '') {
      return `time: missing unit in duration ${goQuote(text)}`;
    }
    if (!DURATION_UNITS.has(unit)) {
      return `time: unknown unit ${goQuote(unit)} in duration ${goQuote(text)}`;
    }
    s = s.slice(unit.length);
  }
  return undefined;
}

function checkDescriptor(descriptor: string): string | undefined {
  if (DESCRIPTORS.has(descriptor)) {
    return undefined;
  }
  if (descriptor.startsWith('@every ')) {
    const err = goDurationError(descriptor.slice('@every '.length));
    return err ? `failed to parse duration ${descriptor}: ${err}` : undefined;
  }
  return `unrecognized descriptor: ${descriptor}`;
}

/**
 * cron.ParseStandard: undefined for a valid schedule, otherwise the parser's error text
 * (`expected exactly 5 fields, found 1: [foo]`, `end of range (60) above maximum (59): 60` ...).
 */
export function cronScheduleError(spec: string): string | undefined {
  if (spec.length === 0) {
    return 'empty spec string';
  }
  let rest = spec;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    // Go slices up to the first space; with none, the parser itself fails (a panic upstream).
    const space = rest.indexOf(' ');
    const eq = rest.indexOf('=');
    const zone = rest.slice(eq + 1, space < 0 ? rest.length : space);
    const err = space < 0 ? `unknown time zone ${zone}` : loadLocationError(zone);
    if (err) {
      return `provided bad location ${zone}: ${err}`;
    }
    rest = rest.slice(space).trim();
  }
  if (rest.startsWith('@')) {
    return checkDescriptor(rest);
  }
  const fields = rest.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== FIELDS.length) {
    return `expected exactly ${FIELDS.length} fields, found ${fields.length}: [${fields.join(' ')}]`;
  }
  for (let i = 0; i < fields.length; i++) {
    for (const expr of fields[i].split(',').filter((r) => r !== '')) {
      const err = checkRange(expr, FIELDS[i]);
      if (err) {
        return err;
      }
    }
  }
  return undefined;
}
