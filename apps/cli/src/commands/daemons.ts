/**
 * `skiff api-server|scheduler|controller-manager|node-agent [flags]`: one binary runs every
 * component, each through its app's own `main(argv)`, flags passed through untouched (they
 * are the daemon's, not skiff's, so they bypass commander entirely; see main.ts). A daemon
 * whose app has no src/main.ts yet is reported as not implemented, checked at run time so the
 * CLI needs no change when it lands.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { wantsHelp } from '@skiff/api';
import type { CommandContext, Register } from '../context.ts';
import { CliError } from '../errors.ts';
import { aborted, type CliIO } from '../io.ts';

export const DAEMONS = ['api-server', 'scheduler', 'controller-manager', 'node-agent'] as const;
export type DaemonName = (typeof DAEMONS)[number];

type Main = (argv: string[]) => Promise<void>;

export function isDaemon(name: string | undefined): name is DaemonName {
  return DAEMONS.includes(name as DaemonName);
}

async function loadMain(name: DaemonName): Promise<Main> {
  if (name === 'api-server') return ((await import('@skiff/api-server/main')) as { main: Main }).main;
  // Not dependencies of the CLI package (yet): found beside it in the monorepo's apps/.
  const url = new URL(`../../../${name}/src/main.ts`, import.meta.url);
  if (!existsSync(fileURLToPath(url))) throw new CliError(`error: "skiff ${name}" is not implemented yet (apps/${name}/src/main.ts does not exist)`);
  const mod = (await import(url.href)) as { main?: Main };
  if (typeof mod.main !== 'function') throw new CliError(`error: "skiff ${name}" is not implemented yet (apps/${name}/src/main.ts exports no main)`);
  return mod.main;
}

/** Start the daemon; resolves only when io.signal aborts (the daemon itself exits the process on SIGINT/SIGTERM). */
export async function runDaemon(name: DaemonName, argv: string[], io: CliIO): Promise<void> {
  const main = await loadMain(name);
  try {
    await main(argv);
  } catch (e) {
    if (e instanceof CliError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new CliError(`error: ${name}: ${msg.split('\n')[0]}`);
  }
  // `--help` printed the daemon's flags and started nothing.
  if (wantsHelp(argv)) return;
  await aborted(io.signal);
}

/** Listed in `skiff --help`; the actual dispatch happens before commander parses (main.ts). */
export const registerDaemons: Register = (program: Command, _ctx: CommandContext) => {
  for (const name of DAEMONS) {
    program.command(name).description(`Run the ${name} (flags are passed to it)`).allowUnknownOption().argument('[flags...]');
  }
};
