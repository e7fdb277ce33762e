/**
 * `--help` for the daemons (`skiff api-server|scheduler|controller-manager|node-agent --help`).
 * node:util parseArgs has no help of its own, and kube-apiserver, kube-scheduler and the
 * kubelet all answer --help with their flags; so does each Skiff daemon, printed from the same
 * options object it parses with. A flag without a description is a programming error and
 * throws, so the list cannot drift from what is accepted (apps/cli's daemons.test.ts runs
 * every daemon's --help). It lives in @skiff/api because that is the one package every
 * daemon ships with (the api-server image has no @skiff/client).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface FlagSpec {
  type: 'string' | 'boolean';
  default?: unknown;
  multiple?: boolean;
  short?: string;
}

export const wantsHelp = (argv: readonly string[]): boolean => argv.includes('--help') || argv.includes('-h');

export function daemonUsage(name: string, summary: string, options: Record<string, FlagSpec>, help: Record<string, string>): string {
  const missing = Object.keys(options).filter((f) => !help[f]);
  if (missing.length) throw new Error(`${name}: no help text for ${missing.map((f) => `--${f}`).join(', ')}`);
  const rows = Object.entries(options).map(([flag, spec]) => {
    const arg = spec.type === 'string' ? (spec.multiple ? ' strings' : ' string') : '';
    const d = spec.default;
    const shown = d === undefined || d === false || (Array.isArray(d) && d.length === 0) ? '' : ` (default ${Array.isArray(d) ? d.map((x) => JSON.stringify(x)).join(',') : JSON.stringify(d)})`;
    return [`  ${spec.short ? `-${spec.short}, ` : ''}--${flag}${arg}`, `${help[flag]}${shown}`] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length)) + 3;
  return [`Usage: skiff ${name} [flags]`, '', summary, '', 'Flags:', ...rows.map(([l, r]) => l.padEnd(width) + r), `  -h, --help`.padEnd(width) + `help for ${name}`, ''].join('\n');
}

type DaemonOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * A daemon's argv: its flags' values, or undefined when --help was asked for (the usage is
 * then printed and the daemon starts nothing). `help` must describe every option: the
 * compiler checks the keys, daemonUsage the texts.
 */
export function parseDaemonArgs<T extends DaemonOptions>(name: string, summary: string, argv: string[], options: T, help: Record<keyof T & string, string>) {
  if (wantsHelp(argv)) {
    process.stdout.write(daemonUsage(name, summary, options, help));
    return undefined;
  }
  return parseArgs({ args: argv, options, allowNegative: true, strict: true }).values;
}
