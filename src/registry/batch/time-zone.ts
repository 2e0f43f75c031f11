import type { FieldError } from 'src/registry/generic/object';
import { invalid } from 'src/registry/generic/validation';

// Semantics: Go's time.LoadLocation (as kube-apiserver calls it for CronJob schedules and
// spec.timeZone) and kubernetes pkg/apis/batch/validation validateTimeZone (1.35).
// The IANA database is Node's (ICU) instead of Go's; ICU accepts names case-insensitively,
// so a name whose only difference from the canonical one is case is refused here as Go would.

/** IANA naming rule for one path component, with the digits and `+` Go tolerates for legacy names. */
const VALID_COMPONENT = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** Go's LoadLocation error text, or undefined when the zone is known (`UTC` and `` are always known). */
export function loadLocationError(name: string): string | undefined {
  if (name === '' || name === 'UTC' || name === 'Local') {
    return undefined;
  }
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return `unknown time zone ${name}`;
  }
  if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) {
    return `unknown time zone ${name}`;
  }
  return undefined;
}

/** validateTimeZone: nil or a non-empty, explicit, loadable IANA zone name. */
export function validateTimeZone(timeZone: unknown, field: string): FieldError[] {
  if (timeZone == null) {
    return [];
  }
  const tz = String(timeZone);
  if (tz.length === 0) {
    return [invalid(field, tz, 'timeZone must be nil or non-empty string')];
  }
  for (const part of tz.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !VALID_COMPONENT.test(part)) {
      return [invalid(field, tz, `unknown time zone ${tz}`)];
    }
  }
  const errs: FieldError[] = [];
  if (tz.toLowerCase() === 'local') {
    errs.push(invalid(field, tz, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  }
  const err = loadLocationError(tz);
  if (err) {
    errs.push(invalid(field, tz, err));
  }
  return errs;
}
