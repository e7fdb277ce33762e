/**
 * kubectl top's arithmetic on usage quantities (metricsutil/metrics_printer.go): CPU printed
 * as MilliValue() (rounded up) with `m`, memory as Value() / 2^20 (integer division) with
 * `Mi`, a pod's usage the exact sum of its containers' before rounding, and percentages of
 * allocatable truncated toward zero. Exact: quantities are bigint nano-units (@skiff/api).
 */
import { parseQuantity, Quantity } from '@skiff/api';

export type Usage = Record<string, string> | undefined;

const q = (v: string | undefined): Quantity => (v === undefined ? new Quantity(0n) : parseQuantity(v));

export function sumUsage(usages: Usage[], resource: string): Quantity {
  return usages.reduce<Quantity>((acc, u) => acc.add(q(u?.[resource])), new Quantity(0n));
}

export function usageOf(u: Usage, resource: string): Quantity {
  return q(u?.[resource]);
}

export function cpuCell(v: Quantity): string {
  return `${v.toMilliBigInt()}m`;
}

export function memoryCell(v: Quantity): string {
  return `${v.valueBigInt() / 1_048_576n}Mi`;
}

/**
 * `int64(float64(used.MilliValue()) / float64(available.MilliValue()) * 100)`. A zero
 * allocatable divides to ±Inf or NaN in Go, which int64() turns into MinInt64 on amd64: kubectl
 * prints that, so we do too.
 */
export function percentCell(used: Quantity, available: Quantity): string {
  const f = (Number(used.toMilliBigInt()) / Number(available.toMilliBigInt())) * 100;
  return `${Number.isFinite(f) ? Math.trunc(f) : '-9223372036854775808'}%`;
}
