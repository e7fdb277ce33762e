/**
 * resource.Quantity (apimachinery `pkg/api/resource`): parse, exact arithmetic, canonical
 * printing. Upstream rounds every parsed value up to nano precision, so a Quantity here is
 * an exact bigint count of nano-units plus the format its suffix implied; nothing is ever a
 * float until toNumber(). Canonical strings match upstream's (1536Mi, 1500m, 2k, 1e3, ...).
 */
import { errors } from './status.ts';

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

const NANO = 1_000_000_000n;
const MAX_BINARY = (1n << 63n) - 1n; // upstream caps BinarySI at MaxInt64 ("maxAllowed")

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXP = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_EXP = new Map(Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e / 10, s]));

const abs = (n: bigint) => (n < 0n ? -n : n);
const POW10 = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));
// Cached: validation parses every container's quantities on every write.
const pow10 = (n: number): bigint => (n >= 0 && n < POW10.length ? POW10[n]! : 10n ** BigInt(n));

export class Quantity {
  /** The value in units of 10^-9. */
  readonly nanos: bigint;
  readonly format: QuantityFormat;

  constructor(nanos: bigint, format: QuantityFormat = 'DecimalSI') {
    this.nanos = nanos;
    this.format = format;
  }

  isZero(): boolean {
    return this.nanos === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.nanos < 0n ? -1 : this.nanos > 0n ? 1 : 0;
  }

  /** MilliValue(): rounded up to a whole milli-unit. */
  toMilliBigInt(): bigint {
    return ceilDiv(this.nanos, 1_000_000n);
  }

  toMilli(): number {
    return Number(this.toMilliBigInt());
  }

  /** Value(): rounded up to a whole unit (what upstream compares byte counts with). */
  valueBigInt(): bigint {
    return ceilDiv(this.nanos, NANO);
  }

  value(): number {
    return Number(this.valueBigInt());
  }

  /** Approximate float (for ratios and display only). */
  toNumber(): number {
    return Number(this.nanos / NANO) + Number(this.nanos % NANO) / 1e9;
  }

  cmp(other: Quantity): -1 | 0 | 1 {
    return this.nanos < other.nanos ? -1 : this.nanos > other.nanos ? 1 : 0;
  }

  /** Upstream Add keeps the receiver's format unless the receiver is zero. */
  add(other: Quantity): Quantity {
    return new Quantity(this.nanos + other.nanos, this.isZero() ? other.format : this.format);
  }

  sub(other: Quantity): Quantity {
    return new Quantity(this.nanos - other.nanos, this.isZero() ? other.format : this.format);
  }

  neg(): Quantity {
    return new Quantity(-this.nanos, this.format);
  }

  toString(): string {
    return canonicalize(this);
  }

  toJSON(): string {
    return canonicalize(this);
  }
}

function ceilDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d > 0n ? q + 1n : q;
}

interface Split {
  positive: boolean;
  num: string;
  denom: string;
  suffix: string;
}

/** parseQuantityString, step by step as upstream (it is not quite the regex it quotes). */
function splitQuantity(str: string): Split | string {
  let pos = 0;
  const end = str.length;
  let positive = true;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') pos++;
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, num: '0', denom: '', suffix: '' };
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  let start = pos;
  while (pos < end && isDigit(str[pos])) pos++;
  const num = str.slice(start, pos) || '0';
  let denom = '';
  if (str[pos] === '.') {
    start = ++pos;
    while (pos < end && isDigit(str[pos])) pos++;
    denom = str.slice(start, pos);
  }
  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos] as string)) pos++;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) return QUANTITY_FORMAT_ERROR;
  return { positive, num, denom, suffix: str.slice(suffixStart) };
}

function interpretSuffix(s: string): { base: 2 | 10; exp: number; format: QuantityFormat } | undefined {
  if (Object.hasOwn(DECIMAL_SUFFIXES, s)) return { base: 10, exp: DECIMAL_SUFFIXES[s] as number, format: 'DecimalSI' };
  if (Object.hasOwn(BINARY_SUFFIXES, s)) return { base: 2, exp: BINARY_SUFFIXES[s] as number, format: 'BinarySI' };
  if (s.length > 1 && (s[0] === 'e' || s[0] === 'E') && /^[+-]?\d+$/.test(s.slice(1))) {
    return { base: 10, exp: Number(s.slice(1)), format: 'DecimalExponent' };
  }
  return undefined;
}

/** The upstream error text for a bad quantity string, or undefined when it parses. */
export function quantityError(str: string): string | undefined {
  const r = parseInternal(str);
  return typeof r === 'string' ? r : undefined;
}

function parseInternal(str: string): Quantity | string {
  if (str.length === 0) return QUANTITY_FORMAT_ERROR;
  if (str === '0') return new Quantity(0n, 'DecimalSI');
  const split = splitQuantity(str);
  if (typeof split === 'string') return split;
  const suf = interpretSuffix(split.suffix);
  if (!suf) return QUANTITY_SUFFIX_ERROR;
  // value = digits × 10^-scale (× 2^exp for binary suffixes); then round up to nanos.
  let digits = BigInt(split.num + split.denom);
  let scale = split.denom.length;
  if (suf.base === 10) scale -= suf.exp;
  else digits <<= BigInt(suf.exp);
  let nanos: bigint;
  if (scale <= 9) nanos = digits * pow10(9 - scale);
  else nanos = ceilDiv(digits, pow10(scale - 9)); // "if you want some resources, you get some"
  let format = suf.format;
  if (format === 'BinarySI' && nanos > MAX_BINARY * NANO) nanos = MAX_BINARY * NANO;
  if (format === 'BinarySI' && nanos > 0n && nanos < NANO) format = 'DecimalSI';
  return new Quantity(split.positive ? nanos : -nanos, format);
}

/** resource.ParseQuantity. Throws StatusError BadRequest carrying upstream's message. */
export function parseQuantity(str: string): Quantity {
  const r = parseInternal(str);
  if (typeof r === 'string') throw errors.badRequest(r);
  return r;
}

export function isValidQuantity(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  return typeof v === 'string' && typeof parseInternal(v) !== 'string';
}

/** Accepts the wire forms: strings and bare JSON numbers (`cpu: 1`). */
export function toQuantity(v: Quantity | string | number): Quantity {
  if (v instanceof Quantity) return v;
  return parseQuantity(typeof v === 'number' ? String(v) : v);
}

export function quantityFromMilli(milli: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
  return new Quantity(BigInt(milli) * 1_000_000n, format);
}

export function quantityFromInt(n: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
  return new Quantity(BigInt(n) * NANO, format);
}

export function compareQuantities(a: Quantity | string | number, b: Quantity | string | number): -1 | 0 | 1 {
  return toQuantity(a).cmp(toQuantity(b));
}

export function addQuantities(...qs: Array<Quantity | string | number>): Quantity {
  return qs.reduce<Quantity>((acc, q) => acc.add(toQuantity(q)), new Quantity(0n));
}

/** Quantity.String(): CanonicalizeBytes. */
export function formatQuantity(q: Quantity | string | number): string {
  return canonicalize(toQuantity(q));
}

function canonicalize(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  const sign = q.nanos < 0n ? '-' : '';
  let format = q.format;
  if (format === 'BinarySI') {
    // Small or fractional binary values print in decimal rather than lose precision.
    if (abs(q.nanos) < 1024n * NANO || q.nanos % NANO !== 0n) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let n = abs(q.nanos) / NANO;
    let exp = 0;
    while (exp < 6 && n % 1024n === 0n) {
      n /= 1024n;
      exp++;
    }
    return `${sign}${n}${BINARY_BY_EXP.get(exp) ?? ''}`;
  }
  // Decimal: integral mantissa with an exponent that is a multiple of 3.
  let m = abs(q.nanos);
  let exp = -9;
  while (m % 10n === 0n) {
    m /= 10n;
    exp++;
  }
  while (exp % 3 !== 0) {
    m *= 10n;
    exp--;
  }
  if (format === 'DecimalExponent') return `${sign}${m}${exp === 0 ? '' : `e${exp}`}`;
  while (exp > 18) {
    m *= 1000n;
    exp -= 3;
  }
  return `${sign}${m}${DECIMAL_BY_EXP.get(exp) ?? ''}`;
}
