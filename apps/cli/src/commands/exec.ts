/**
 * `skiff exec POD [-c C] [-i] [-t] -- CMD…`: the v5.channel.k8s.io WebSocket kubectl 1.32
 * opens (k8s-api.md 1.3), with the bearer token and the kubeconfig's CA. Channel 0 is stdin,
 * 1/2 stdout/stderr, 3 the closing Status (exit code), 4 terminal resizes, 255 stdin EOF.
 * A non-zero exit prints kubectl's `command terminated with exit code N` and exits N.
 */
import type { Command } from 'commander';
import WebSocket from 'ws';
import type { CommandContext, Register } from '../context.ts';
import type { Loose } from '../describe/format.ts';
import { CliError, SilentExit } from '../errors.ts';
import { pickContainer, resolvePod } from './pod-target.ts';

interface ExecFlags {
  container?: string;
  stdin?: boolean;
  tty?: boolean;
}

const frame = (ch: number, data: Buffer | string): Buffer => Buffer.concat([Buffer.from([ch]), typeof data === 'string' ? Buffer.from(data) : data]);

function exitOf(status: Loose): { code: number; line?: string } {
  if (status.status === 'Success') return { code: 0 };
  if (status.reason === 'NonZeroExitCode') {
    const code = Number((status.details?.causes ?? []).find((c: Loose) => c.reason === 'ExitCode')?.message ?? 1);
    return { code, line: `command terminated with exit code ${code}` };
  }
  return { code: 1, line: `error: ${status.message ?? 'exec failed'}` };
}

async function runExec(ctx: CommandContext, args: string[], cmd: string[], f: ExecFlags): Promise<void> {
  if (!args.length || !cmd.length) throw new CliError('error: you must specify at least one command for the container');
  const pod = await resolvePod(ctx, args[0]!);
  const container = pickContainer(ctx, pod, f.container);
  const client = ctx.connection().client;
  const tty = Boolean(f.tty && f.stdin);
  if (f.tty && !f.stdin) ctx.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
  const query = { command: cmd, container, stdin: f.stdin || undefined, stdout: true, stderr: tty ? undefined : true, tty: tty || undefined };
  const url = client.url(`/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/exec`, query).replace(/^http/, 'ws');
  const t = client.tls;
  const ws = new WebSocket(url, ['v5.channel.k8s.io'], {
    headers: client.authHeaders(),
    ...(t.ca ? { ca: t.ca } : {}),
    ...(t.cert ? { cert: t.cert, key: t.key } : {}),
    rejectUnauthorized: !t.insecureSkipTlsVerify,
    perMessageDeflate: false,
  });
  const cleanups: (() => void)[] = [];
  const result = await new Promise<{ code: number; line?: string | undefined }>((resolve, reject) => {
    let status: { code: number; line?: string } | undefined;
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        try {
          const s = JSON.parse(body) as Loose;
          reject(new CliError(`Error from server${s.reason ? ` (${s.reason})` : ''}: ${s.message ?? body}`));
        } catch {
          reject(new CliError(`error: unable to upgrade connection: ${body || res.statusMessage}`));
        }
      });
    });
    ws.on('error', (e) => reject(e));
    ws.on('open', () => {
      if (f.stdin) {
        const input = ctx.io.stdinStream?.();
        if (input) {
          if (tty && input.isTTY && input.setRawMode) {
            input.setRawMode(true);
            cleanups.push(() => input.setRawMode?.(false));
          }
          const onData = (d: Buffer | string): void => void ws.send(frame(0, typeof d === 'string' ? Buffer.from(d) : d));
          const onEnd = (): void => void (ws.readyState === ws.OPEN && ws.send(Buffer.from([255, 0])));
          input.on('data', onData);
          input.on('end', onEnd);
          cleanups.push(() => {
            input.off('data', onData);
            input.off('end', onEnd);
            (input as Loose).pause?.();
          });
        }
      }
      if (tty && ctx.io.terminal) {
        const sendSize = (): void => {
          const { width, height } = ctx.io.terminal!.size();
          if (ws.readyState === ws.OPEN) ws.send(frame(4, JSON.stringify({ Width: width, Height: height })));
        };
        sendSize();
        cleanups.push(ctx.io.terminal.onResize(sendSize));
      }
    });
    ws.on('message', (data: Buffer) => {
      const ch = data[0];
      const payload = data.subarray(1);
      if (ch === 1) ctx.io.stdout.write(payload.toString('utf8'));
      else if (ch === 2) ctx.io.stderr.write(payload.toString('utf8'));
      else if (ch === 3) status = exitOf(JSON.parse(payload.toString('utf8')) as Loose);
    });
    ws.on('close', () => resolve(status ?? { code: 0 }));
    ctx.io.signal?.addEventListener('abort', () => ws.close(1000), { once: true });
  }).finally(() => cleanups.forEach((c) => c()));
  if (result.line) ctx.err(`${result.line}\n`);
  if (result.code) throw new SilentExit(result.code);
}

export const registerExec: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('exec')
    .description('Execute a command in a container')
    .argument('<pod>', 'POD | TYPE/NAME')
    .argument('[command...]', 'the command and its arguments, after --')
    .option('-c, --container <name>', 'Container name. If omitted, the first container (or the annotated default) is chosen')
    .option('-i, --stdin', 'Pass stdin to the container')
    .option('-t, --tty', 'Stdin is a TTY')
    .action((pod: string, cmd: string[], f: ExecFlags) => runExec(ctx, [pod], cmd, f));
};
