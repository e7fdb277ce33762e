/**
 * Rates from cumulative counters, the way metrics-server computes them from two kubelet
 * scrapes: (value₂ − value₁) / (time₂ − time₁). A counter that went backwards was reset
 * (a container restarted in place, a host counter wrapped): no rate for that pair, the next
 * one has a rate again. Pure functions, so the edge cases are table-tested.
 */

export interface CounterPoint {
  /** Cumulative nanoseconds of CPU time. */
  value: number;
  /** When it was read, ms since the epoch. */
  at: number;
}

/** Nanocores between two readings; undefined when the pair says nothing (first, reset, same instant). */
export function cpuNanoCores(prev: CounterPoint | undefined, next: CounterPoint): number | undefined {
  if (!prev) return undefined;
  const dt = next.at - prev.at;
  const dv = next.value - prev.value;
  if (dt <= 0 || dv < 0 || !Number.isFinite(dv)) return undefined;
  // ns of CPU per ms of wall time × 1000 = ns per s = nanocores.
  return Math.round((dv * 1000) / dt);
}

export function windowSeconds(prev: CounterPoint, next: CounterPoint): number {
  return (next.at - prev.at) / 1000;
}
