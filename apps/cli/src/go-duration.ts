/**
 * Go's time.ParseDuration, which kubectl's duration flags (--timeout) use: `30s`, `1m30s`,
 * `500ms`, `1.5h`; a bare number is an error except `0`. The error reads as pflag prints it.
 */
const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds, or undefined when `text` is not a Go duration. */
export function parseGoDuration(text: string): number | undefined {
  const m = /^([+-]?)(.*)$/.exec(text)!;
  const body = m[2]!;
  if (body === '0') return 0;
  if (!body) return undefined;
  let total = 0;
  let rest = body;
  while (rest) {
    const part = /^(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h)/.exec(rest);
    if (!part) return undefined;
    total += Number(part[1]) * UNITS[part[2]!]!;
    rest = rest.slice(part[0].length);
  }
  return m[1] === '-' ? -total : total;
}

/** A commander argument parser for a duration flag. */
export function durationFlag(name: string): (v: string) => number {
  return (v) => {
    const ms = parseGoDuration(v);
    if (ms === undefined) throw new Error(`invalid argument "${v}" for "--${name}" flag: time: invalid duration "${v}"`);
    return ms;
  };
}
