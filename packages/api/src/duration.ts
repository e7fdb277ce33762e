/**
 * apimachinery `pkg/util/duration`: HumanDuration is what every AGE/DURATION cell prints
 * (≈2–3 significant figures), ShortHumanDuration the one-unit variant. Integer division
 * everywhere, as Go's int conversions truncate toward zero.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const trunc = (n: number) => Math.trunc(n);

/** `d` in milliseconds. */
export function humanDuration(d: number): string {
  // Up to 2s in the future is clock skew: treat as now.
  const seconds = trunc(d / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = trunc(d / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = trunc(d / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${trunc(hours / 24)}d` : `${trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = trunc(hours / 24) % 365;
    return dy === 0 ? `${trunc(hours / 24 / 365)}y` : `${trunc(hours / 24 / 365)}y${dy}d`;
  }
  return `${trunc(hours / 24 / 365)}y`;
}

/** `d` in milliseconds. */
export function shortHumanDuration(d: number): string {
  const seconds = trunc(d / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = trunc(d / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = trunc(d / HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${trunc(hours / 24)}d`;
  return `${trunc(d / HOUR / 24 / 365)}y`;
}

/**
 * printers.go translateTimestampSince: `<unknown>` for a missing/zero timestamp, else the
 * human duration from the timestamp to `now` (ms since epoch).
 */
export function translateTimestampSince(ts: string | null | undefined, now: number): string {
  if (!ts) return '<unknown>';
  const t = Date.parse(ts);
  if (Number.isNaN(t) || t <= Date.parse('0001-01-01T00:00:00Z')) return '<unknown>';
  return humanDuration(now - t);
}

/**
 * Go's time.Duration.String() for `ns` nanoseconds: `0s`, `1.5ms`, `10.012s`, `2m0s`,
 * `1h0m3.5s` (what metav1.Duration puts on the wire, e.g. a metrics window).
 */
export function goDurationString(ns: number): string {
  const n = Math.round(Math.abs(ns));
  const sign = ns < 0 && n !== 0 ? '-' : '';
  if (n === 0) return '0s';
  const frac = (v: number, digits: number): string => {
    const whole = Math.trunc(v / 10 ** digits);
    const rest = String(v % 10 ** digits).padStart(digits, '0').replace(/0+$/, '');
    return rest ? `${whole}.${rest}` : String(whole);
  };
  if (n < 1e3) return `${sign}${n}ns`;
  if (n < 1e6) return `${sign}${frac(n, 3)}µs`;
  if (n < 1e9) return `${sign}${frac(n, 6)}ms`;
  const h = Math.trunc(n / 3.6e12);
  const m = Math.trunc((n % 3.6e12) / 6e10);
  const s = frac(n % 6e10, 9);
  return `${sign}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}
