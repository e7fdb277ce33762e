/** Percentiles and medians over plain number arrays (milliseconds unless stated). */

/** Nearest-rank percentile of an unsorted array (p in 0..100). NaN for an empty array. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  return percentileSorted(sorted, p);
}

export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

export function summarize(values: ArrayLike<number>): Summary {
  const s = Float64Array.from(values as ArrayLike<number>).sort();
  return { n: s.length, p50: percentileSorted(s, 50), p99: percentileSorted(s, 99), p999: percentileSorted(s, 99.9), max: s.length ? s[s.length - 1]! : Number.NaN };
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

/**
 * Latency samples without a per-sample allocation: a growable Float64Array.
 * `record(startNs)` takes a process.hrtime.bigint() start and stores the elapsed milliseconds.
 */
export class Samples {
  private buf = new Float64Array(1 << 14);
  length = 0;
  push(ms: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = ms;
  }
  record(startNs: bigint): void {
    this.push(Number(process.hrtime.bigint() - startNs) / 1e6);
  }
  values(): Float64Array {
    return this.buf.subarray(0, this.length);
  }
  summary(): Summary {
    return summarize(this.values());
  }
}

/** Runs `fn` `times` times and returns every result plus the one whose `key` is the median. */
export async function medianOf<T>(times: number, fn: (run: number) => Promise<T>, key: (r: T) => number): Promise<{ median: T; runs: T[] }> {
  const runs: T[] = [];
  for (let i = 0; i < times; i++) runs.push(await fn(i));
  const sorted = [...runs].sort((a, b) => key(a) - key(b));
  return { median: sorted[Math.floor((sorted.length - 1) / 2)]!, runs };
}

export const fmt = {
  ms(v: number): string {
    if (!Number.isFinite(v)) return '–';
    if (v >= 100) return `${v.toFixed(0)} ms`;
    if (v >= 10) return `${v.toFixed(1)} ms`;
    return `${v.toFixed(2)} ms`;
  },
  rate(v: number): string {
    if (!Number.isFinite(v)) return '–';
    return v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1);
  },
  mb(bytes: number): string {
    return `${(bytes / 1048576).toFixed(0)} MB`;
  },
  ratio(v: number): string {
    return Number.isFinite(v) ? `${v.toFixed(2)}×` : '–';
  },
};
