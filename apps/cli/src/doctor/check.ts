/**
 * One line of `skiff doctor`: a check, its verdict and, when not OK, the fix. Checks never
 * throw: a broken machine is the expected input, and every problem must reach the user as
 * a line with its fix, not as a stack trace (docs/gpu.md's failure table is the source).
 */
export type CheckStatus = 'OK' | 'WARN' | 'FAIL';

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

export const ok = (name: string, detail: string): Check => ({ name, status: 'OK', detail });
export const warn = (name: string, detail: string, fix: string): Check => ({ name, status: 'WARN', detail, fix });
export const fail = (name: string, detail: string, fix: string): Check => ({ name, status: 'FAIL', detail, fix });

/** `OK    Docker engine   reachable, version 28.1.1`, then `      fix: …` under a WARN/FAIL. */
export function formatChecks(checks: Check[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(`${c.status.padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}`);
    if (c.fix && c.status !== 'OK') lines.push(`${' '.repeat(6 + width)}  fix: ${c.fix}`);
  }
  return `${lines.join('\n')}\n`;
}
