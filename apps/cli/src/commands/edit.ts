/**
 * `skiff edit <type>/<name>` (or `<type> <name>`): open the object in $KUBE_EDITOR / $EDITOR
 * (vi by default) as YAML, or JSON with `-o json`, and send what changed as a merge patch
 * (field manager kubectl-edit), with kubectl's messages and its reopen-on-error loop (edit/).
 */
import type { Command } from 'commander';
import type { CommandContext, Register } from '../context.ts';
import { editLoop } from '../edit/edit-loop.ts';
import { editorOf } from '../edit/edit-file.ts';
import { CliError } from '../errors.ts';
import { printJson } from '../printers/json.ts';
import { printYaml } from '../printers/yaml.ts';
import { parseResourceArgs } from '../resource-args.ts';
import { kindPrefix } from '../resource-names.ts';

interface Flags {
  output?: string;
}

export const registerEdit: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('edit')
    .description('Edit a resource on the server')
    .argument('[args...]', 'TYPE NAME or TYPE/NAME')
    .option('-o, --output <format>', 'Output format to edit in: yaml or json', 'yaml')
    .action(async (args: string[], flags: Flags) => {
      const format = flags.output;
      if (format !== 'yaml' && format !== 'json') throw new CliError(`error: the flag 'output' must be one of yaml|json`);
      const reqs = parseResourceArgs(await ctx.discovery().all(), args, 'edit');
      const targets = reqs.flatMap((r) => r.names.map((name) => ({ resource: r.resource, name })));
      // kubectl edits several objects as one List; skiff edits one object per run.
      if (targets.length !== 1) throw new CliError('error: skiff edit takes exactly one object (TYPE NAME or TYPE/NAME)');
      const { resource, name } = targets[0]!;
      const conn = ctx.connection();
      const namespace = resource.namespaced ? conn.namespace : undefined;
      const original = (await conn.client.get(resource, name, { namespace })) as unknown as Record<string, unknown>;
      const outcome = await editLoop({
        plural: resource.plural,
        name,
        original,
        text: format === 'json' ? printJson(original) : printYaml(original),
        format,
        editor: editorOf(ctx.io.env),
        env: ctx.io.env,
        err: (s) => ctx.err(s),
        send: async (patch) => {
          await conn.client.patch(resource, name, 'merge', patch, { namespace, fieldManager: 'kubectl-edit' });
        },
      });
      if (outcome !== 'cancelled') ctx.out(`${kindPrefix(resource)}/${name} ${outcome}\n`);
    });
};
