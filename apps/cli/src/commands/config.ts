/**
 * `skiff config view|current-context|use-context|get-contexts`: the small part of kubectl
 * config people use daily. Reading goes through packages/client's loader (same merge rules
 * as kubectl); use-context edits only `current-context` in the file kubectl would write.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Command } from 'commander';
import { parseDocument } from 'yaml';
import type { Kubeconfig } from '@skiff/client';
import { homeOf, loadConfig } from '../connection.ts';
import type { CommandContext, Register } from '../context.ts';
import { CliError } from '../errors.ts';
import { printJson } from '../printers/json.ts';
import { alignRows } from '../printers/tabwriter.ts';
import { printYaml } from '../printers/yaml.ts';
import { parseOutput } from '../printers/output-format.ts';

const JSONPATH_FORMATS = ['jsonpath', 'jsonpath-as-json', 'jsonpath-file'];

/** kubectl config view hides secrets unless --raw. */
function redact(cfg: Kubeconfig): Kubeconfig {
  const hide = (o: Record<string, unknown>, keys: [string, string][]) => {
    const out = { ...o };
    for (const [k, v] of keys) if (out[k] !== undefined) out[k] = v;
    return out;
  };
  return {
    ...cfg,
    clusters: cfg.clusters.map((c) => ({ ...c, cluster: hide(c.cluster as never, [['certificate-authority-data', 'DATA+OMITTED']]) as never })),
    users: cfg.users.map((u) => ({
      ...u,
      user: hide(u.user as never, [['token', 'REDACTED'], ['client-certificate-data', 'DATA+OMITTED'], ['client-key-data', 'DATA+OMITTED']]) as never,
    })),
  };
}

/** clientcmd/api/v1 field order, which `config view -o json` follows (it prints a Go struct). */
const FIELD_ORDER: Record<string, string[]> = {
  cluster: ['server', 'tls-server-name', 'insecure-skip-tls-verify', 'certificate-authority', 'certificate-authority-data', 'proxy-url'],
  user: ['client-certificate', 'client-certificate-data', 'client-key', 'client-key-data', 'token', 'tokenFile', 'username', 'password'],
  context: ['cluster', 'user', 'namespace'],
};

function ordered(o: Record<string, unknown>, order: string[]): Record<string, unknown> {
  const keys = [...order.filter((k) => k in o), ...Object.keys(o).filter((k) => !order.includes(k))];
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

function structOrder(cfg: Kubeconfig): Record<string, unknown> {
  const entries = (list: { name: string }[], field: string) =>
    list.map((e) => ({ name: e.name, [field]: ordered((e as unknown as Record<string, Record<string, unknown>>)[field] ?? {}, FIELD_ORDER[field] ?? []) }));
  return {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: cfg.preferences ?? {},
    clusters: entries(cfg.clusters, 'cluster'),
    users: entries(cfg.users, 'user'),
    contexts: entries(cfg.contexts, 'context'),
    'current-context': cfg['current-context'] ?? '',
  };
}

function minify(cfg: Kubeconfig, contextName: string | undefined): Kubeconfig {
  const name = contextName || cfg['current-context'];
  const ctx = cfg.contexts.find((c) => c.name === name);
  if (!ctx) throw new CliError(`error: current-context must exist in order to minify`);
  return {
    ...cfg,
    'current-context': ctx.name,
    contexts: [ctx],
    clusters: cfg.clusters.filter((c) => c.name === ctx.context.cluster),
    users: cfg.users.filter((u) => u.name === ctx.context.user),
  };
}

/** The file `use-context` writes: --kubeconfig, else the first KUBECONFIG entry, else ~/.kube/config. */
function targetFile(ctx: CommandContext): string {
  const explicit = ctx.globals().kubeconfig;
  if (explicit) return explicit;
  const list = (ctx.io.env['KUBECONFIG'] ?? '').split(delimiter).filter(Boolean);
  return list.find((p) => existsSync(p)) ?? list[0] ?? join(homeOf(ctx.io), '.kube', 'config');
}

export const registerConfig: Register = (program: Command, ctx: CommandContext) => {
  const config = program.command('config').description('Modify kubeconfig files');
  config
    .command('view')
    .description('Display merged kubeconfig settings')
    .option('--raw', 'Display raw byte data and sensitive data')
    .option('--minify', 'Remove all information not used by current-context')
    .option('-o, --output <format>', 'yaml, json, jsonpath=…, jsonpath-file=…, jsonpath-as-json=…', 'yaml')
    .action((flags: { raw?: boolean; minify?: boolean; output: string }) => {
      const format = parseOutput(flags.output, { plain: ['yaml', 'json'], templates: JSONPATH_FORMATS, cwd: ctx.io.cwd });
      let cfg = loadConfig(ctx.globals(), ctx.io);
      if (flags.minify) cfg = minify(cfg, ctx.globals().context);
      if (!flags.raw) cfg = redact(cfg);
      if (format.type === 'template') ctx.out(format.print(structOrder(cfg)));
      else ctx.out(format.name === 'json' ? printJson(structOrder(cfg), { sorted: false }) : printYaml({ preferences: {}, ...cfg }));
    });
  config
    .command('current-context')
    .description('Display the current-context')
    .action(() => {
      const current = loadConfig(ctx.globals(), ctx.io)['current-context'];
      if (!current) throw new CliError('error: current-context is not set');
      ctx.out(`${current}\n`);
    });
  config
    .command('use-context')
    .alias('use')
    .description('Set the current-context in a kubeconfig file')
    .argument('<name>')
    .action((name: string) => {
      const cfg = loadConfig(ctx.globals(), ctx.io);
      if (!cfg.contexts.some((c) => c.name === name)) throw new CliError(`error: no context exists with the name: "${name}"`);
      const file = targetFile(ctx);
      const doc = parseDocument(existsSync(file) ? readFileSync(file, 'utf8') : 'apiVersion: v1\nkind: Config\n');
      doc.set('current-context', name);
      writeFileSync(file, doc.toString(), { mode: 0o600 });
      ctx.out(`Switched to context "${name}".\n`);
    });
  config
    .command('get-contexts')
    .description('Describe one or many contexts')
    .argument('[name]')
    .option('-o, --output <format>', 'name')
    .option('--no-headers', 'Do not print headers')
    .action((name: string | undefined, flags: { output?: string; headers?: boolean }) => {
      const cfg = loadConfig(ctx.globals(), ctx.io);
      const list = cfg.contexts.filter((c) => !name || c.name === name).sort((a, b) => (a.name < b.name ? -1 : 1));
      if (name && !list.length) throw new CliError(`error: context ${name} not found`);
      if (flags.output === 'name') {
        ctx.out(list.map((c) => `${c.name}\n`).join(''));
        return;
      }
      const rows = flags.headers === false ? [] : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']];
      for (const c of list) {
        rows.push([c.name === cfg['current-context'] ? '*' : '', c.name, c.context.cluster, c.context.user ?? '', c.context.namespace ?? '']);
      }
      ctx.out(alignRows(rows));
    });
};
