/**
 * What a completion script needs from the commander program: for each command path (``,
 * `rollout`, `config view`…) its subcommands and flags, and which flags take a value (so the
 * word after `-n` is not mistaken for a command). Read from the program itself so every
 * command registered in main.ts is completed without a second list to keep in step.
 */
import type { Command } from 'commander';

export interface CommandNode {
  /** Space-separated path below the program: `` for the top, `rollout status` for a subcommand. */
  path: string;
  subcommands: string[];
  flags: string[];
}

export interface CompletionTree {
  nodes: CommandNode[];
  /** Flags anywhere in the tree that take a value (`-n`, `--namespace`, `-o`…). */
  valueFlags: string[];
}

function flagsOf(c: Command): { all: string[]; withValue: string[] } {
  const all: string[] = [];
  const withValue: string[] = [];
  for (const o of c.options) {
    // `--no-headers` is declared through a negatable option; its name is the flag itself.
    const names = [o.long, o.short].filter((n): n is string => !!n);
    all.push(...names);
    if (o.required || o.optional) withValue.push(...names);
  }
  return { all, withValue };
}

export function completionTree(program: Command): CompletionTree {
  const nodes: CommandNode[] = [];
  const valueFlags = new Set<string>();
  const globals = flagsOf(program);
  globals.withValue.forEach((f) => valueFlags.add(f));
  const walk = (c: Command, path: string): void => {
    const own = c === program ? globals : flagsOf(c);
    own.withValue.forEach((f) => valueFlags.add(f));
    const subs = c.commands.filter((s) => !(s as Command & { _hidden?: boolean })._hidden);
    nodes.push({
      path,
      subcommands: subs.flatMap((s) => [s.name(), ...s.aliases()]),
      // Global flags are accepted after any command (`skiff get pods -n x`), as kubectl's are.
      flags: [...new Set([...own.all, ...globals.all, '--help'])],
    });
    for (const s of subs) walk(s, path ? `${path} ${s.name()}` : s.name());
  };
  walk(program, '');
  return { nodes, valueFlags: [...valueFlags].sort() };
}
