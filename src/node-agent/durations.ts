/** Milliseconds per Go duration unit. */
const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a Go duration (`1.5s`, `100ms`, `1m30s`) or a bare number of seconds into milliseconds;
 * undefined for anything else. Semantics: Go time.ParseDuration (no sign accepted here).
 */
export function parseDurationMs(text: string | undefined): number | undefined {
  if (text === undefined) {
    return undefined;
  }
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) {
    return Math.round(Number(s) * 1000);
  }
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) {
      return undefined;
    }
    total += Number(m[1]) * UNITS[m[2]];
    pos = re.lastIndex;
  }
  return pos === 0 ? undefined : Math.round(total);
}

/** Seconds with up to three decimals and no trailing zeros, as Go prints them. */
function seconds(ms: number): string {
  const whole = Math.floor(ms / 1000);
  const frac = ms % 1000;
  return frac === 0 ? `${whole}` : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}

/**
 * A whole number of milliseconds as Go's time.Duration.String prints it: `0s`, `100ms`, `1.6s`,
 * `1m20s`, `5m0s`, `1h0m0s` — the text kubelet puts in CrashLoopBackOff messages.
 */
export function formatGoDuration(ms: number): string {
  const n = Math.max(0, Math.round(ms));
  if (n === 0) {
    return '0s';
  }
  if (n < 1000) {
    return `${n}ms`;
  }
  const h = Math.floor(n / 3_600_000);
  const m = Math.floor((n % 3_600_000) / 60_000);
  const rest = n % 60_000;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${seconds(rest)}s`;
}
