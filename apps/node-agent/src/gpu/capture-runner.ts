/**
 * A ToolRunner that answers from captured files (the fixture layout), for tests, for
 * `skiff node-agent discover --from DIR` and for --simulate-gpus. Several folders may be
 * given: each file is taken from the first that has it, so a hand-made variant holds only
 * what differs from the capture it builds on.
 *
 * A command whose file is absent everywhere answers as a missing binary (exit 127). A file
 * `<capture>.err` makes the command fail instead: first line `exit <code>`, the rest stderr.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CAPTURE_FILES } from './commands.ts';
import { parseSysfsCapture, type CaptureFs } from './capture-fs.ts';
import { EXIT_NOT_FOUND } from './host-runner.ts';
import type { ToolRunner } from './types.ts';

export function captureRunner(dir: string, ...fallbackDirs: string[]): ToolRunner {
  const dirs = [dir, ...fallbackDirs];
  const read = async (name: string): Promise<string | undefined> => {
    for (const d of dirs) {
      const text = await readFile(join(d, name), 'utf8').catch(() => undefined);
      if (text !== undefined) return text;
    }
    return undefined;
  };
  let fsPromise: Promise<CaptureFs> | undefined;
  const fs = () => (fsPromise ??= read('sysfs.txt').then((t) => parseSysfsCapture(t ?? '')));

  return {
    async run(cmd, args) {
      const entry = CAPTURE_FILES.find((c) => c.cmd === cmd && sameArgs(c.args, args));
      if (!entry) return { code: EXIT_NOT_FOUND, stdout: '', stderr: `${cmd} ${args.join(' ')}: not captured` };
      const err = await read(`${entry.file}.err`);
      if (err !== undefined) {
        const [first = '', ...rest] = err.split('\n');
        return { code: Number(/^exit (\d+)/.exec(first)?.[1] ?? 1), stdout: '', stderr: rest.join('\n') };
      }
      const out = await read(entry.file);
      if (out === undefined) return { code: EXIT_NOT_FOUND, stdout: '', stderr: `${cmd}: command not found` };
      // driverlibs.txt also holds `ldd nvidia-smi`; ldconfig -p printed only the "=>" cache lines.
      const stdout = cmd === 'ldconfig' ? out.split('\n').filter((l) => /\(libc6[^)]*\)\s+=>/.test(l)).join('\n') + '\n' : out;
      return { code: 0, stdout, stderr: '' };
    },
    readFile: async (path) => (await fs()).files.get(path),
    readdir: async (path) => [...((await fs()).dirs.get(path) ?? [])].sort(),
    readlink: async (path) => (await fs()).links.get(path),
  };
}

function sameArgs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

