/**
 * `skiff completion bash|zsh`: print a shell completion script for skiff's commands, flags,
 * resource types and (through `skiff get … -o name`) object names. commander has no
 * completion of its own, so the script is generated from the program tree (completion/).
 */
import type { Command } from 'commander';
import type { CommandContext, Register } from '../context.ts';
import { bashScript } from '../completion/bash.ts';
import { completionTree } from '../completion/tree.ts';
import { zshScript } from '../completion/zsh.ts';
import { CliError } from '../errors.ts';

/** Every name a listable type answers to (`pods`, `pod`, `po`): the registry skiff was built with. */
async function resourceTypes(): Promise<string[]> {
  // Loaded here, not at the top: only this command needs the schemas behind the registry.
  const { registry } = await import('@skiff/api');
  const names = registry
    .all()
    .filter((t) => t.verbs.includes('list'))
    .flatMap((t) => [t.plural, t.singular, ...t.shortNames]);
  return [...new Set(names)].sort();
}

export const registerCompletion: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('completion')
    .description('Output shell completion code for the specified shell (bash or zsh)')
    .argument('[shell]', 'bash or zsh')
    .action(async (shell: string | undefined) => {
      const usage = "\nSee 'skiff completion -h' for help and examples";
      if (!shell) throw new CliError(`error: Shell not specified.${usage}`);
      if (shell !== 'bash' && shell !== 'zsh') throw new CliError(`error: Unsupported shell type "${shell}".${usage}`);
      const tree = completionTree(program);
      const types = await resourceTypes();
      ctx.out(shell === 'bash' ? bashScript(tree, types) : zshScript(tree, types));
    });
};
