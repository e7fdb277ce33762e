/**
 * The controller-manager as its own OS process (the real main.ts) against a test server, so
 * a test can kill it with SIGKILL: no stop(), no flush, in-flight requests cut off.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

export interface ManagerProcess {
  child: ChildProcess;
  /** What it logged (stderr), for a failing test to show. */
  output(): string;
  /** SIGKILL, resolved once the process is gone. */
  kill9(): Promise<void>;
}

export function spawnManager(server: { url: string; token: string }, args: readonly string[]): ManagerProcess {
  const child = spawn(process.execPath, [MAIN, '--server', server.url, '--token', server.token, '--metrics-port', '0', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (b: Buffer) => {
    log = (log + b.toString()).slice(-20_000);
  });
  return {
    child,
    output: () => log,
    kill9: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
