/** Shared knobs: BENCH_RUNS (default 3) runs per case, BENCH_SECONDS (default 3) per measured window. */
export const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
export const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 3);
export const WARMUP_MS = Number(process.env['BENCH_WARMUP_MS'] ?? 500);
export const argv = process.argv.slice(2);
export const flag = (name: string): boolean => argv.includes(`--${name}`);
