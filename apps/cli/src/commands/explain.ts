/**
 * `skiff explain <type>[.<field>…] [--recursive] [--api-version=g/v]`: the field
 * documentation kubectl 1.32 prints, from the api-server's OpenAPI v3 (built from
 * packages/api's schemas), so the two tools show the same text for the same server.
 */
import type { Command } from 'commander';
import type { CommandContext, Register } from '../context.ts';
import { CliError } from '../errors.ts';
import { explainTarget, pickResource } from '../explain/fetch.ts';
import { renderExplain } from '../explain/render.ts';

interface Flags {
  recursive?: boolean;
  apiVersion?: string;
}

export const registerExplain: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('explain')
    .description('Get documentation for a resource')
    .argument('[resource...]', 'TYPE[.FIELD...]')
    .option('--recursive', 'When true, print the name of all the fields recursively')
    .option('--api-version <group/version>', 'Use given api-version (group/version) of the resource')
    .action(async (args: string[], flags: Flags) => {
      if (args.length === 0) {
        throw new CliError(
          'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.',
        );
      }
      if (args.length > 1) throw new CliError('error: We accept only this format: explain RESOURCE');
      const [typed = '', ...path] = args[0]!.split('.');
      const resource = pickResource(await ctx.discovery().all(), typed, flags.apiVersion);
      const target = await explainTarget(ctx.connection().client, resource);
      const { text, error } = renderExplain(target, path, flags.recursive === true);
      ctx.out(text);
      if (error) throw new CliError(error);
    });
};
