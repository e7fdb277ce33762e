/**
 * Interactive exec sessions on the Docker engine, for the agent's /exec: the exec's stream
 * is hijacked (a raw duplex socket), so stdin goes in as written, a half-close of the
 * socket closes the process's stdin, and output comes back multiplexed (no TTY) or raw
 * (TTY). The exit code comes from inspecting the exec once its stream has ended.
 */
import { PassThrough, type Duplex, type Readable } from 'node:stream';
import type Docker from 'dockerode';

export interface ExecOptions {
  cmd: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export interface ExecSession {
  stdout: Readable;
  /** Empty with a TTY: the terminal merges both streams. */
  stderr: Readable;
  writeStdin(data: Buffer): void;
  closeStdin(): void;
  resize(width: number, height: number): Promise<void>;
  /** The process's exit code, once it ended and its output was read. */
  exited: Promise<number>;
  /** Drop the connection (the client went away). Docker has no way to kill an exec'd process. */
  abort(): void;
}

export type ExecDriver = (containerId: string, o: ExecOptions) => Promise<ExecSession>;

export function dockerExecDriver(docker: Docker): ExecDriver {
  return async (id, o) => {
    const ex = await docker.getContainer(id).exec({ Cmd: o.cmd, AttachStdin: o.stdin, AttachStdout: o.stdout, AttachStderr: o.stderr, Tty: o.tty });
    const sock = (await ex.start({ hijack: true, stdin: true, Detach: false, Tty: o.tty })) as unknown as Duplex;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    if (o.tty) sock.pipe(stdout);
    else docker.modem.demuxStream(sock, stdout, stderr);
    const ended = new Promise<void>((resolve) => {
      sock.once('end', resolve);
      sock.once('close', resolve);
      sock.once('error', resolve);
    });
    const exited = ended.then(async () => {
      stdout.end();
      stderr.end();
      return exitCodeOf(ex);
    });
    return {
      stdout,
      stderr,
      writeStdin: (data) => void (sock.writable && sock.write(data)),
      closeStdin: () => void (sock.writable && sock.end()),
      resize: async (w, h) => {
        await ex.resize({ w, h }).catch(() => undefined); // a resize racing the exit is harmless
      },
      exited,
      abort: () => sock.destroy(),
    };
  };
}

/** The engine marks the exec finished a moment after its stream closes: poll briefly. */
async function exitCodeOf(ex: Docker.Exec): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const info = await ex.inspect();
    if (!info.Running && info.ExitCode !== null) return info.ExitCode ?? 0;
    await new Promise((r) => setTimeout(r, 20));
  }
  return (await ex.inspect()).ExitCode ?? -1;
}
