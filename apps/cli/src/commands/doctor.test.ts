/**
 * skiff doctor as a user runs it: the real CLI, the real Docker API client talking over a
 * unix socket to a stand-in engine (answers GET /info like Debian's docker.io 20.10), GPU
 * facts from the H100 capture (--from). Exit 0 when nothing FAILs, 1 otherwise.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { H100 } from '../../../node-agent/src/gpu/test-fixtures.ts';
import { cli, tempDir } from '../test/harness.ts';

let engine: Server;
let socket: string;
const paths: string[] = [];

beforeAll(async () => {
  socket = join(tempDir('skiff-doctor-'), 'docker.sock');
  engine = createServer((req, res) => {
    paths.push(`${req.method} ${req.url}`);
    if (req.url === '/info') res.end(JSON.stringify({ ServerVersion: '20.10.24+dfsg1', CgroupVersion: '2', CgroupDriver: 'systemd', Runtimes: { runc: {} } }));
    else (res.statusCode = 404), res.end('{"message":"page not found"}');
  });
  await new Promise<void>((r) => engine.listen(socket, r));
});
afterAll(() => new Promise<void>((r) => engine.close(() => r())));

const doctor = (args: string[], dockerHost: string) => cli(undefined, ['doctor', ...args], { env: { PATH: process.env['PATH'], HOME: tempDir('skiff-home-'), DOCKER_HOST: dockerHost } });

describe('skiff doctor', () => {
  it('a healthy GPU machine: one line per check, exit 0, no cluster needed', async () => {
    const r = await doctor(['--from', H100()], `unix://${socket}`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(paths).toContain('GET /info');
    expect(r.stdout.split('\n')[0]).toBe(`OK    Docker engine  reachable at unix://${socket}, version 20.10.24+dfsg1`);
    expect(r.stdout).toMatch(/\nOK    cgroups        v2, driver systemd\n/);
    expect(r.stdout).toMatch(/\nOK    kernel module  nvidia 580\.159\.04 \(\/proc\/driver\/nvidia\/version\)\n/);
    // The capture has no `which nvidia-smi`: a WARN with its fix, which does not fail the run.
    expect(r.stdout).toMatch(/\nWARN  passthrough    raw \(.*\): DriverLibsMissing\n {21}fix: nvidia-smi is not on PATH/);
  });

  it('no Docker engine: FAIL with the fix, exit 1', async () => {
    const r = await doctor(['--from', H100()], 'unix:///nonexistent/docker.sock');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL  Docker engine  not reachable at unix:\/\/\/nonexistent\/docker\.sock: connect ENOENT \/nonexistent\/docker\.sock\n {21}fix: start Docker/);
  });
});
