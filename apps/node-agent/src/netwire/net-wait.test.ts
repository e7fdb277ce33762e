import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NET_WAIT_BUSYBOX, NET_WAIT_NAME, netWaitCommand, netWaitScript, podArgv } from './net-wait.ts';
import { findStaticBusybox } from './static-binary.ts';

// CI installs busybox-static (.ci/run); the agent itself needs it for sandboxes and this path.
const busybox = findStaticBusybox();

/** Run the waiting script on the host with the real busybox, as a container would run it. */
function runWait(marker: string, argv: string[], env: Record<string, string> = {}) {
  const child = spawn(busybox!, ['sh', '-c', netWaitScript(busybox!), NET_WAIT_NAME, marker, ...argv], { env });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const done = new Promise<{ code: number | null; out: string }>((r) => child.on('exit', (code) => r({ code, out })));
  return { child, done };
}

describe('net-wait: the program runs only once the agent marked the network up', () => {
  it('finds a static busybox on this machine', () => {
    expect(busybox, 'install busybox-static').toBeTruthy();
  });

  it('waits for the marker, then runs the program with its arguments and exit status', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netwait-'));
    const marker = join(dir, 'up.main.0');
    const proof = join(dir, 'ran');
    const { done } = runWait(marker, [busybox!, 'sh', '-c', 'echo "$1" > "$2"; exit 7', 'x', "it's a b", proof]);
    await new Promise((r) => setTimeout(r, 150));
    expect(existsSync(proof)).toBe(false);
    writeFileSync(marker, '');
    const r = await done;
    expect(r.code).toBe(7);
    expect(readFileSync(proof, 'utf8')).toBe("it's a b\n");
  });

  it("resolves a bare name in the container's PATH, not as a busybox applet", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netwait-'));
    writeFileSync(join(dir, 'up'), '');
    // `sleep` is a busybox applet; the image's own sleep must win, as with Docker.
    writeFileSync(join(dir, 'sleep'), `#!${busybox} sh\necho "image sleep $*"\n`);
    chmodSync(join(dir, 'sleep'), 0o755);
    const r = await runWait(join(dir, 'up'), ['sleep', '5'], { PATH: `/nonexistent::${dir}` }).done;
    expect(r).toEqual({ code: 0, out: 'image sleep 5\n' });
  });

  it('the program keeps the argv[0] it was given (as with Docker), though found by its full path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netwait-'));
    writeFileSync(join(dir, 'up'), '');
    symlinkSync(busybox!, join(dir, 'sh'));
    const r = await runWait(join(dir, 'up'), ['sh', '-c', 'echo "$0"'], { PATH: dir }).done;
    expect(r).toEqual({ code: 0, out: 'sh\n' });
  });

  it('a program not in PATH exits 127 with the message runc gives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netwait-'));
    writeFileSync(join(dir, 'up'), '');
    const r = await runWait(join(dir, 'up'), ['no-such-program'], { PATH: dir }).done;
    expect(r).toEqual({ code: 127, out: 'exec: "no-such-program": executable file not found in $PATH\n' });
  });

  it('builds the container command around the pod argv', () => {
    const c = netWaitCommand('up.main.3', ['nginx', '-g', 'daemon off;']);
    expect(c.entrypoint.slice(0, 3)).toEqual([NET_WAIT_BUSYBOX, 'sh', '-c']);
    expect(c.entrypoint.slice(4)).toEqual([NET_WAIT_NAME, '/.skiff/up.main.3']);
    expect(c.cmd).toEqual(['nginx', '-g', 'daemon off;']);
  });
});

describe('podArgv: what Docker would run, by Kubernetes rules', () => {
  const image = { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'] };
  it.each([
    ['neither: image ENTRYPOINT + CMD', {}, ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']],
    ['command only: the CMD is dropped', { command: ['sleep', '1'] }, ['sleep', '1']],
    ['args only: ENTRYPOINT + args', { args: ['nginx-debug'] }, ['/docker-entrypoint.sh', 'nginx-debug']],
    ['both', { command: ['sh', '-c'], args: ['echo hi'] }, ['sh', '-c', 'echo hi']],
  ])('%s', (_n, c, want) => expect(podArgv(c, image)).toEqual(want));
  it('an image with only a CMD, or nothing', () => {
    expect(podArgv({}, { entrypoint: null, cmd: ['sh'] })).toEqual(['sh']);
    expect(podArgv({}, {})).toEqual([]);
  });
});
