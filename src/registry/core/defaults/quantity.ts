// Semantics: k8s.io/apimachinery pkg/api/resource/quantity.go (ParseQuantity, CanonicalizeBytes,
// RoundUp, Cmp, Add). Quantities are kept exactly as rationals num * 2^bin / 10^den so that
// comparison, addition and the canonical spelling never suffer from floating point.

/** How a quantity is spelled, chosen by the suffix it was written with. */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** A parsed resource quantity: the exact value num * 2^bin / 10^den, and its format. */
export interface Quantity {
  num: bigint;
  den: number;
  bin: number;
  format: QuantityFormat;
}

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const BINARY_NAMES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const QUANTITY_RE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([a-zA-Z]*[-+]?[0-9]*)$/;

/** Parsed strings (shared and frozen): pods repeat the same few quantities, parsed several times per write. */
const PARSED = new Map<string, Quantity | null>();
const MAX_PARSED = 4096;

/** ParseQuantity: a string (or JSON number) such as `100m`, `1.5Gi`, `1e3`; undefined when malformed. */
export function parseQuantity(input: unknown): Quantity | undefined {
  if (typeof input !== 'string') {
    return parse(input);
  }
  let q = PARSED.get(input);
  if (q === undefined) {
    if (PARSED.size >= MAX_PARSED) {
      PARSED.clear();
    }
    const parsed = parse(input);
    q = parsed ? Object.freeze(parsed) : null;
    PARSED.set(input, q);
  }
  return q ?? undefined;
}

function parse(input: unknown): Quantity | undefined {
  const s = typeof input === 'number' && Number.isFinite(input) ? String(input) : typeof input === 'string' ? input.trim() : undefined;
  const m = s === undefined ? null : QUANTITY_RE.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
    return undefined;
  }
  const [, sign, whole, fraction = '', suffix] = m;
  let den = fraction.length;
  let bin = 0;
  let format: QuantityFormat = 'DecimalSI';
  if (suffix in DECIMAL_SUFFIXES) {
    den -= DECIMAL_SUFFIXES[suffix];
  } else if (suffix in BINARY_SUFFIXES) {
    bin = BINARY_SUFFIXES[suffix];
    format = 'BinarySI';
  } else if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    den -= Number(suffix.slice(1));
    format = 'DecimalExponent';
  } else {
    return undefined;
  }
  const digits = BigInt(`${whole}${fraction}` || '0');
  return { num: sign === '-' ? -digits : digits, den, bin, format };
}

/** 10^i and 2^i as bigints for the exponents quantities usually have. */
const POW10 = Array.from({ length: 64 }, (_, i) => 10n ** BigInt(i));
const POW2 = Array.from({ length: 64 }, (_, i) => 2n ** BigInt(i));

function pow10(e: number): bigint {
  return e < POW10.length ? POW10[e] : 10n ** BigInt(e);
}

/** Nano values of shared (parsed) quantities, which comparisons and sums ask for again and again. */
const NANOS = new WeakMap<Quantity, bigint>();

/** The value rounded away from zero to an integer count of 10^scale units (RoundUp). */
function scaled(q: Quantity, scale: number): bigint {
  if (scale !== -9 || !Object.isFrozen(q)) {
    return computeScaled(q, scale);
  }
  let n = NANOS.get(q);
  if (n === undefined) {
    n = computeScaled(q, scale);
    NANOS.set(q, n);
  }
  return n;
}

function computeScaled(q: Quantity, scale: number): bigint {
  let n = q.bin === 0 ? q.num : q.num * (q.bin < POW2.length ? POW2[q.bin] : 2n ** BigInt(q.bin));
  const shift = q.den + scale;
  if (shift <= 0) {
    return n * pow10(-shift);
  }
  const d = pow10(shift);
  const neg = n < 0n;
  n = neg ? -n : n;
  const r = (n + d - 1n) / d;
  return neg ? -r : r;
}

/** MilliValue: the value in thousandths, rounded away from zero. */
export function milliValue(q: Quantity): bigint {
  return scaled(q, -3);
}

/** Cmp: -1, 0 or 1 (compared at nano precision, as quantities are stored). */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const x = scaled(a, -9);
  const y = scaled(b, -9);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Add: the sum, in the format of the first operand. */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { num: scaled(a, -9) + scaled(b, -9), den: 9, bin: 0, format: a.format };
}

/** The zero quantity. */
export const ZERO_QUANTITY: Quantity = Object.freeze({ num: 0n, den: 0, bin: 0, format: 'DecimalSI' });

/**
 * The canonical spelling Go serializes (Quantity.String), after rounding up to 10^scale
 * (-3 for resource lists, as SetDefaults_ResourceList does; -9 otherwise).
 */
export function formatQuantity(q: Quantity, scale = -9): string {
  let units = scaled(q, scale);
  if (units === 0n) {
    return '0';
  }
  let format = q.format;
  if (format === 'BinarySI') {
    const unit = 10n ** BigInt(-scale);
    const abs = units < 0n ? -units : units;
    if (abs < 1024n * unit || abs % unit !== 0n) {
      format = 'DecimalSI';
    } else {
      let whole = units / unit;
      let k = 0;
      while (k < 6 && whole % 1024n === 0n) {
        whole /= 1024n;
        k++;
      }
      return `${whole}${BINARY_NAMES[k]}`;
    }
  }
  let exp = scale;
  while (units % 10n === 0n) {
    units /= 10n;
    exp++;
  }
  const mod = ((exp % 3) + 3) % 3;
  if (mod !== 0) {
    units *= mod === 1 ? 10n : 100n;
    exp -= mod;
  }
  if (format === 'DecimalExponent') {
    return exp === 0 ? `${units}` : `${units}e${exp}`;
  }
  const suffix = Object.entries(DECIMAL_SUFFIXES).find(([, e]) => e === exp)?.[0];
  return suffix === undefined ? `${units}e${exp}` : `${units}${suffix}`;
}

/** Rewrites a ResourceList (map of quantities) in place to canonical, milli-rounded spellings. */
export function canonicalizeResourceList(list: Record<string, unknown> | undefined | null): void {
  for (const [k, v] of Object.entries(list ?? {})) {
    const q = parseQuantity(v);
    if (q) {
      list![k] = formatQuantity(q, -3);
    }
  }
}
