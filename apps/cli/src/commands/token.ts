/**
 * `skiff token create|list|delete|fetch-ca`: join tokens for node agents, kubeadm's
 * `kubeadm token` verbs and columns. Tokens are Secrets in kube-system (token-create.ts);
 * the api-server authenticates them (apps/api-server/src/auth/bootstrap-tokens.ts) and lets
 * them do only what a node agent needs (bootstrap-authorizer.ts). `list` shows ids, never the
 * secrets: the full token is printed once, by `create`.
 */
import type { Command } from 'commander';
import { ApiError, type RestClient } from '@skiff/client';
import { BOOTSTRAP_NAMESPACE, BOOTSTRAP_TOKEN_TYPE, bootstrapSecretName, TOKEN_ID_PATTERN, TOKEN_PATTERN } from '@skiff/api-server/auth/bootstrap-format';
import type { CommandContext, Register } from '../context.ts';
import { CliError, SilentExit } from '../errors.ts';
import { durationFlag } from '../go-duration.ts';
import { goTabwrite } from '../printers/go-tabwriter.ts';
import { fetchCaCommand } from './token-ca.ts';
import { AGENT_CA_PATH, createdText, createJoinToken, joinCommand, joinServer, SECRETS } from './token-create.ts';

interface TokenSecret {
  metadata: { name?: string };
  type?: string;
  data?: Record<string, string>;
}

const decode = (s: TokenSecret, k: string): string | undefined => (s.data?.[k] === undefined ? undefined : Buffer.from(s.data[k]!, 'base64').toString('utf8'));

/** Go's duration.ShortHumanDuration, which kubeadm's TTL column uses. */
export function shortHumanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h`;
  if (h < 24 * 365) return `${Math.floor(h / 24)}d`;
  return `${Math.floor(h / 24 / 365)}y`;
}

export function tokenTable(secrets: TokenSecret[], now: number): string {
  const rows = ['ID\tTTL\tEXPIRES\tUSAGES\tDESCRIPTION\tEXTRA GROUPS'];
  for (const s of secrets) {
    const id = decode(s, 'token-id');
    if (s.type !== BOOTSTRAP_TOKEN_TYPE || !id || s.metadata.name !== bootstrapSecretName(id)) continue;
    const exp = decode(s, 'expiration');
    const at = exp ? Date.parse(exp) : NaN;
    const ttl = !exp ? '<forever>' : Number.isNaN(at) || at <= now ? '<invalid>' : shortHumanDuration(at - now);
    const usages = Object.keys(s.data ?? {}).filter((k) => k.startsWith('usage-bootstrap-') && decode(s, k) === 'true').map((k) => k.slice('usage-bootstrap-'.length)).sort();
    rows.push([id, ttl, exp ?? '<never>', usages.join(',') || '<none>', decode(s, 'description') || '<none>', decode(s, 'auth-extra-groups') || '<none>'].join('\t'));
  }
  return rows.length === 1 ? '' : goTabwrite(`${rows.join('\n')}\n`);
}

async function list(ctx: CommandContext): Promise<void> {
  const l = await ctx.connection().client.listAll(SECRETS, { namespace: BOOTSTRAP_NAMESPACE, fieldSelector: `type=${BOOTSTRAP_TOKEN_TYPE}` });
  const text = tokenTable(l.items as TokenSecret[], Date.now());
  if (text) ctx.out(text);
  else ctx.err('No join tokens found.\n');
}

/** Each argument: an id or a whole token (kubeadm accepts both). */
async function remove(ctx: CommandContext, args: string[]): Promise<void> {
  if (!args.length) throw new CliError('error: missing subcommand; "token delete" is missing token of form "[a-z0-9]{6}" or "[a-z0-9]{6}\\.[a-z0-9]{16}"');
  const client: RestClient = ctx.connection().client;
  let failed = false;
  for (const arg of args) {
    const id = TOKEN_ID_PATTERN.test(arg) ? arg : TOKEN_PATTERN.exec(arg)?.[1];
    if (!id) {
      ctx.err(`error: given token didn't match pattern "[a-z0-9]{6}" or "[a-z0-9]{6}\\.[a-z0-9]{16}"\n`);
      failed = true;
      continue;
    }
    try {
      await client.delete(SECRETS, bootstrapSecretName(id), { namespace: BOOTSTRAP_NAMESPACE });
      ctx.out(`bootstrap token "${id}" deleted\n`);
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 404) throw e;
      ctx.err(`error: bootstrap token "${id}" not found\n`);
      failed = true;
    }
  }
  if (failed) throw new SilentExit(1);
}

interface CreateFlags {
  ttl: number;
  description?: string;
  advertiseAddress?: string;
  printJoinCommand?: boolean;
}

async function create(ctx: CommandContext, f: CreateFlags): Promise<void> {
  if (f.ttl < 0) throw new CliError('error: --ttl must not be negative (0 means the token never expires)');
  const { client, server } = ctx.connection();
  const joinUrl = joinServer(server, f.advertiseAddress);
  const t = await createJoinToken(client, { ttlMs: f.ttl, description: f.description });
  const ca = client.tls.ca === undefined ? undefined : String(client.tls.ca);
  if (f.printJoinCommand) return ctx.out(`${joinCommand(joinUrl, t.token, joinUrl.startsWith('https://') && ca ? AGENT_CA_PATH : undefined)}\n`);
  ctx.out(createdText(t, joinUrl, ca));
}

export const registerToken: Register = (program: Command, ctx: CommandContext) => {
  const token = program.command('token').description('Manage join tokens: the credentials node agents use to join this cluster');
  token
    .command('create')
    .description('Create a join token and print the command that joins a machine with it')
    .option('--ttl <duration>', 'How long the token is valid, e.g. 24h; 0 (the default) never expires', durationFlag('ttl'), 0)
    .option('--description <text>', 'A note on what the token is for, shown by "token list"')
    .option('--advertise-address <host[:port]>', 'The address other machines reach the API server at (default: this machine\'s first IPv4 address when the kubeconfig says localhost)')
    .option('--print-join-command', 'Print only the skiff node-agent command line')
    .action((f: CreateFlags) => create(ctx, f));
  token.command('list').description('List join tokens (ids only; the secret is shown once, at creation)').action(() => list(ctx));
  token
    .command('delete')
    .description('Delete join tokens: agents using them are refused from their next request')
    .argument('[ids...]')
    .action((ids: string[]) => remove(ctx, ids));
  token
    .command('fetch-ca')
    .description('Fetch the cluster CA from --server and keep it only if its public key matches --ca-cert-hash')
    .requiredOption('--ca-cert-hash <sha256:hex>', 'The hash printed by "skiff token create"')
    .option('-o, --output <file>', 'Write the CA here (default: stdout)')
    .action((f: { caCertHash: string; output?: string }) => fetchCaCommand(ctx.globals().server, f.caCertHash, f.output, (s) => ctx.out(s)));
};
