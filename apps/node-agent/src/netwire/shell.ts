/**
 * One long-lived `/bin/sh` that runs short command lists for the agent, one at a time.
 *
 * Why not child_process per command: starting a program from the agent's Node process costs
 * ≈14–18 ms on these machines, from a small shell ≈6–7 ms (measured with `ip -V`, 2026-11-27),
 * and wiring a pod runs three on the path to Running (docs/benchmarks.md, B9). The shell
 * forks the small commands instead. Each request is written as `{ a; b if a succeeded; … } 2>&1; echo <marker> $rc`
 * and answered when its marker line comes back; the shell never exits on a failing command,
 * and a dead shell is started again on the next request.
 *
 * Arguments are quoted here (quote()), never interpolated raw.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface ShellResult {
  /** The exit status of the first command that failed, 0 when all succeeded; -1 when the shell died. */
  code: number;
  /** stdout and stderr of the commands, interleaved. */
  output: string;
}

/** One command as argv. */
export interface ShellCommand {
  argv: string[];
  /** Run it and go on whatever it returns (e.g. removing what may not exist). */
  optional?: boolean;
  /** Its stdin, fed from a here-document. */
  stdin?: string;
}

/** Single-quote for POSIX sh: every byte literal, ' written as '\''. */
export const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * The shell text for a command list: each command runs while every required one before it
 * succeeded, and `$rc` ends as the status of the first required one that failed (0 if none).
 */
export function script(cmds: readonly ShellCommand[]): string {
  const lines = ['rc=0'];
  cmds.forEach((c, i) => {
    const run = `${c.argv.map(quote).join(' ')}${c.optional ? ' >/dev/null 2>&1' : ''}`;
    lines.push('if [ $rc -eq 0 ]; then');
    if (c.stdin === undefined) lines.push(run);
    else {
      const tag = `SKIFF_EOF_${i}`;
      lines.push(`${run} <<'${tag}'`, ...c.stdin.replace(/\n$/, '').split('\n'), tag);
    }
    if (!c.optional) lines.push('rc=$?');
    lines.push('fi');
  });
  return lines.join('\n');
}

export class ShellWorker {
  readonly #shell: string;
  #child: ChildProcessWithoutNullStreams | undefined;
  #buffer = '';
  #queue: Promise<unknown> = Promise.resolve();
  #pending: { marker: string; resolve: (r: ShellResult) => void } | undefined;

  constructor(shell = '/bin/sh') {
    this.#shell = shell;
  }

  /** Run the commands in order, stopping at the first required one that fails. */
  run(cmds: readonly ShellCommand[]): Promise<ShellResult> {
    const next = this.#queue.then(() => this.#runNow(cmds));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.#child?.stdin.end();
    this.#child?.kill();
    this.#child = undefined;
  }

  #start(): ChildProcessWithoutNullStreams {
    const child = spawn(this.#shell, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => this.#onData(d));
    // The commands' stderr is folded into stdout per request; anything here is the shell's own.
    child.stderr.on('data', (d: Buffer) => (this.#buffer += d.toString('utf8')));
    const died = (): void => {
      if (this.#child === child) this.#child = undefined;
      const p = this.#pending;
      this.#pending = undefined;
      p?.resolve({ code: -1, output: `${this.#buffer}${this.#shell} exited` });
      this.#buffer = '';
    };
    child.on('exit', died);
    child.on('error', died);
    child.stdin.on('error', () => undefined);
    this.#hold(child, false);
    return child;
  }

  #runNow(cmds: readonly ShellCommand[]): Promise<ShellResult> {
    const child = (this.#child ??= this.#start());
    const marker = `@@skiff-${randomBytes(8).toString('hex')}`;
    this.#hold(child, true);
    return new Promise<ShellResult>((resolve) => {
      this.#pending = { marker, resolve: (r) => (this.#hold(child, false), resolve(r)) };
      child.stdin.write(`{\n${script(cmds)}\n} 2>&1\necho "${marker} $rc"\n`);
    });
  }

  /** An idle shell is no reason to keep the agent's process alive; a running request is. */
  #hold(child: ChildProcessWithoutNullStreams, on: boolean): void {
    for (const h of [child, child.stdout, child.stderr] as Array<{ ref?: () => void; unref?: () => void }>) (on ? h.ref : h.unref)?.call(h);
  }

  #onData(d: string): void {
    this.#buffer += d;
    const p = this.#pending;
    if (!p) return;
    const at = this.#buffer.indexOf(`${p.marker} `);
    if (at < 0) return;
    const end = this.#buffer.indexOf('\n', at);
    if (end < 0) return;
    const code = Number(this.#buffer.slice(at + p.marker.length + 1, end));
    const output = this.#buffer.slice(0, at);
    this.#buffer = this.#buffer.slice(end + 1);
    this.#pending = undefined;
    p.resolve({ code: Number.isFinite(code) ? code : -1, output });
  }
}
