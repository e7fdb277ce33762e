/**
 * `skiff version`: client and server versions as `kubectl version` prints them
 * (`Client Version: ...` / `Server Version: ...`), or both as -o json|yaml. The server part
 * comes from /version, which needs no token.
 */
import type { Command } from 'commander';
// A static JSON import (not a runtime require of a relative path): esbuild inlines it, so the
// bundled CLI (scripts/gpu/bundle.sh) knows its version too.
import pkg from '../../package.json' with { type: 'json' };
import type { CommandContext, Register } from '../context.ts';
import { CliError } from '../errors.ts';
import { printJson } from '../printers/json.ts';
import { printYaml } from '../printers/yaml.ts';

interface VersionInfo {
  major?: string;
  minor?: string;
  gitVersion?: string;
  [k: string]: unknown;
}

export function clientVersion(): VersionInfo {
  const [major = '0', minor = '0'] = pkg.version.split('.');
  return { major, minor, gitVersion: `v${pkg.version}`, platform: `${process.platform}/${process.arch}`, nodeVersion: process.version };
}

export const registerVersion: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('version')
    .description('Print the client and server version information')
    .option('--client', 'Client version only (no server required)')
    .option('-o, --output <format>', 'yaml or json')
    .action(async (flags: { client?: boolean; output?: string }) => {
      if (flags.output && flags.output !== 'yaml' && flags.output !== 'json') {
        throw new CliError('error: --output must be \'yaml\' or \'json\'');
      }
      const client = clientVersion();
      let server: VersionInfo | undefined;
      let failure: unknown;
      if (!flags.client) {
        try {
          server = await ctx.connection().client.requestJson<VersionInfo>('/version');
        } catch (e) {
          failure = e;
        }
      }
      if (flags.output) {
        const doc = server ? { clientVersion: client, serverVersion: server } : { clientVersion: client };
        ctx.out(flags.output === 'json' ? printJson(doc) : printYaml(doc));
      } else {
        ctx.out(`Client Version: ${client.gitVersion}\n`);
        if (server) ctx.out(`Server Version: ${server.gitVersion}\n`);
      }
      if (failure) throw failure;
    });
};
