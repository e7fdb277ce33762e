/**
 * Where a command reads and writes. Commands never touch process.stdout/stderr/env
 * directly, so tests can run the CLI in-process and capture exactly what a user sees.
 */
export interface Writer {
  write(chunk: string): unknown;
}

export interface CliIO {
  stdout: Writer;
  stderr: Writer;
  env: Record<string, string | undefined>;
  /** Read all of standard input (`-f -`). */
  readStdin?: () => Promise<string>;
  /** Ends long-running commands (get -w, up, delete --wait) as Ctrl-C would. */
  signal?: AbortSignal;
  /** Standard input as a stream (exec -i); a TTY when it has setRawMode (exec -t). */
  stdinStream?: () => NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  /** Terminal size for exec -t resize messages, and a way to hear about changes. */
  terminal?: { size: () => { width: number; height: number }; onResize: (f: () => void) => () => void };
  /** Working directory for relative paths (defaults to process.cwd()). */
  cwd?: string;
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stdinStream: () => process.stdin,
    terminal: {
      size: () => ({ width: process.stdout.columns ?? 80, height: process.stdout.rows ?? 24 }),
      onResize: (f) => {
        process.stdout.on('resize', f);
        return () => process.stdout.off('resize', f);
      },
    },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** Resolves when the signal aborts (or never, without one). */
export function aborted(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise(() => undefined);
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
