/**
 * The real ToolRunner. nvidia-smi can take seconds (persistence off) or hang outright (a GPU
 * fallen off the bus), so every command is asynchronous with a hard timeout and SIGKILL:
 * the agent's event loop must never wait on the driver.
 */
import { execFile } from 'node:child_process';
import { readFile, readdir, readlink } from 'node:fs/promises';
import type { ToolRunner } from './types.ts';

/** Exit codes a shell would use, so callers need not know about Node's error objects. */
export const EXIT_NOT_FOUND = 127;
export const EXIT_TIMEOUT = 124;

export function hostRunner(): ToolRunner {
  return {
    run(cmd, args, timeoutMs) {
      return new Promise((resolve) => {
        execFile(cmd, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 32 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
          if (!err) return resolve({ code: 0, stdout, stderr });
          const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
          if (e.code === 'ENOENT') return resolve({ code: EXIT_NOT_FOUND, stdout: '', stderr: `${cmd}: command not found` });
          if (e.killed) return resolve({ code: EXIT_TIMEOUT, stdout, stderr: `${stderr}${cmd}: timed out after ${timeoutMs} ms` });
          resolve({ code: typeof e.code === 'number' ? e.code : 1, stdout, stderr: stderr || e.message });
        });
      });
    },
    readFile: (path) => readFile(path, 'utf8').catch(() => undefined),
    readdir: (path) => readdir(path).catch(() => []),
    readlink: (path) => readlink(path).catch(() => undefined),
  };
}
