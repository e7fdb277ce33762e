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
let pulled = false;
const created: { Image: string; Cmd: string[]; Env: string[]; HostConfig: { Devices?: { PathOnHost: string }[] } }[] = [];
let socket: string;
const paths: string[] = [];

beforeAll(async () => {
  socket = join(tempDir('skiff-doctor-'), 'docker.sock');
  engine = createServer((req, res) => {
    paths.push(`${req.method} ${req.url}`);
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const url = req.url ?? '';
      if (url === '/info') return res.end(JSON.stringify({ ServerVersion: '20.10.24+dfsg1', CgroupVersion: '2', CgroupDriver: 'systemd', Runtimes: { runc: {} } }));
      // The image is missing until pulled, as on a fresh machine.
      if (url === '/containers/create') {
        if (!pulled) return (res.statusCode = 404), res.end('{"message":"No such image: ubuntu:24.04"}');
        created.push(JSON.parse(body));
        return (res.statusCode = 201), res.end('{"Id":"c1"}');
      }
      if (url.startsWith('/images/create?')) return (pulled = true), res.end('{"status":"Downloaded newer image"}\n');
      if (url === '/containers/c1/start') return (res.statusCode = 204), res.end();
      if (url === '/containers/c1/wait') return res.end('{"StatusCode":0}');
      if (url.startsWith('/containers/c1/logs')) return res.end('GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b)\r\n');
      if (req.method === 'DELETE' && url.startsWith('/containers/c1')) return (res.statusCode = 204), res.end();
      return (res.statusCode = 404), res.end('{"message":"page not found"}');
    });
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

  it('--run-test-container: pulls the image if missing, runs nvidia-smi -L with the agent\'s raw config, removes the container', async () => {
    paths.length = 0;
    const r = await doctor(['--from', H100(), '--run-test-container'], `unix://${socket}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nOK    test container {2}nvidia-smi -L in ubuntu:24\.04 \(raw\) lists GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b\n$/);
    expect(paths).toEqual(['GET /info', 'POST /containers/create', 'POST /images/create?fromImage=ubuntu&tag=24.04', 'POST /containers/create', 'POST /containers/c1/start', 'POST /containers/c1/wait', 'GET /containers/c1/logs?stdout=1&stderr=1', 'DELETE /containers/c1?force=1']);
    expect(created[0]).toMatchObject({ Image: 'ubuntu:24.04', Cmd: ['nvidia-smi', '-L'] });
    expect(created[0]!.Env).toContain('NVIDIA_VISIBLE_DEVICES=GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b');
    expect(created[0]!.HostConfig.Devices?.map((d) => d.PathOnHost)).toEqual(expect.arrayContaining(['/dev/nvidia0', '/dev/nvidiactl', '/dev/nvidia-uvm']));
  });

  it('no Docker engine: FAIL with the fix, exit 1', async () => {
    const r = await doctor(['--from', H100()], 'unix:///nonexistent/docker.sock');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL  Docker engine  not reachable at unix:\/\/\/nonexistent\/docker\.sock: connect ENOENT \/nonexistent\/docker\.sock\n {21}fix: start Docker/);
  });
});
