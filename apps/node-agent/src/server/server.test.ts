/**
 * The kubelet port against the REAL Docker engine (local busybox image, no registry):
 * logs with follow/tail/timestamps/previous/limitBytes, exec with exit codes, stdin and a
 * TTY, and the token check. Skipped with a reason without an engine, unless
 * SKIFF_REQUIRE_DOCKER=1, where that fails. Containers carry this run's node label and
 * are removed in afterAll.
 */

import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@skiff/logging';
import { DockerRuntime } from '../runtime/docker.ts';
import { dockerExecDriver } from '../runtime/exec.ts';
import { containerLabels, containerName, LABEL_NODE } from '../runtime/labels.ts';
import { dockerLogSource } from '../runtime/logs.ts';
import { ensureTestImage, eventually } from '../test-support.ts';
import { tokenAuth } from './auth.ts';
import { startAgentServer, type AgentServer } from './server.ts';
import { execOverWs } from './test-client.ts';

const IMAGE = 'skiff-test/busybox:1';
const runtime = new DockerRuntime();
const dockerError = await runtime.version().then(() => undefined, (e: unknown) => (e instanceof Error ? e.message : String(e)));
const required = process.env['SKIFF_REQUIRE_DOCKER'] === '1';
if (dockerError && !required) console.warn(`skipping kubelet-port Docker tests: no Docker engine (${dockerError}); set SKIFF_REQUIRE_DOCKER=1 to make this a failure`);

const TOKEN = 'agent-test-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

function get(url: string, headers: Record<string, string> = auth, onData?: (text: string, stop: () => void) => void): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
        onData?.(body, () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) });
        });
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!!dockerError && !required)('kubelet port on real Docker', () => {
  const NODE = `kubelet-test-${process.pid}`;
  let server: AgentServer;
  let base: string;
  let wsBase: string;

  async function run(pod: string, container: string, attempt: number, cmd: string, opts: { start?: boolean; tty?: boolean } = {}): Promise<string> {
    const id = { uid: `uid-${pod}`, namespace: 'default', name: pod };
    const cid = await runtime.createContainer({ name: containerName(id, container, attempt) + `-${process.pid}`, image: IMAGE, labels: containerLabels(NODE, id, container, attempt), entrypoint: ['sh', '-c', cmd], env: [], networkMode: 'none', tty: opts.tty });
    await runtime.startContainer(cid);
    return cid;
  }

  beforeAll(async () => {
    if (dockerError) throw new Error(`SKIFF_REQUIRE_DOCKER=1 but Docker is not reachable: ${dockerError}`);
    await ensureTestImage(runtime, IMAGE);
    server = await startAgentServer({ nodeName: NODE, runtime, logs: dockerLogSource(runtime.docker), exec: dockerExecDriver(runtime.docker), auth: tokenAuth({ tokens: [TOKEN] }), log: silentLogger(), port: 0, host: '127.0.0.1' });
    base = `https://127.0.0.1:${server.port}`;
    wsBase = `wss://127.0.0.1:${server.port}`;
    await run('quiet', 'main', 0, 'echo one; echo two >&2; echo three; sleep 3600');
    await run('ticker', 'main', 0, 'i=0; while true; do echo n$i; i=$((i+1)); sleep 0.1; done');
    await run('crashy', 'main', 0, 'echo first attempt');
    await run('crashy', 'main', 1, 'echo second attempt; sleep 3600');
    await run('term', 'main', 0, 'sleep 3600', { tty: true });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    for (const c of await runtime.listContainers({ [LABEL_NODE]: NODE }).catch(() => [])) await runtime.removeContainer(c.id).catch(() => undefined);
  });

  it('refuses requests without a valid token; /healthz is open', async () => {
    expect((await get(`${base}/containerLogs/default/quiet/main`, {})).status).toBe(401);
    const bad = await get(`${base}/containerLogs/default/quiet/main`, { authorization: 'Bearer nope' });
    expect(bad.status).toBe(401);
    expect(JSON.parse(bad.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    await expect(execOverWs(`${wsBase}/exec/default/quiet/main?command=true&stdout=true`)).rejects.toMatchObject({ statusCode: 401 });
    expect((await get(`${base}/healthz`, {})).body).toBe('ok');
  });

  it('serves logs: stdout and stderr as one text stream, tail, timestamps, limitBytes', async () => {
    const all = await eventually(async () => {
      const r = await get(`${base}/containerLogs/default/quiet/main`);
      return r.body.split('\n').length >= 4 ? r : undefined;
    }, 10_000, 'three lines');
    expect(all.status).toBe(200);
    expect(all.type).toBe('text/plain');
    expect(all.body.split('\n').sort()).toEqual(['', 'one', 'three', 'two']);
    // The engine copies stdout and stderr separately: which of them is last is not fixed.
    expect((await get(`${base}/containerLogs/default/quiet/main?tailLines=1`)).body).toMatch(/^(one|two|three)\n$/);
    const ts = await get(`${base}/containerLogs/default/quiet/main?timestamps=true&tailLines=2`);
    expect(ts.body).toMatch(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z (one|two|three)\n){2}$/);
    expect((await get(`${base}/containerLogs/default/quiet/main?limitBytes=5`)).body).toHaveLength(5);
    expect((await get(`${base}/containerLogs/default/quiet/main?sinceSeconds=0`)).status).toBe(200);
  });

  it('follows a log until the client goes away', async () => {
    const r = await get(`${base}/containerLogs/default/ticker/main?follow=true&tailLines=2`, auth, (body, stop) => {
      if (body.split('\n').length > 6) stop();
    });
    const lines = r.body.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(6);
    const nums = lines.map((l) => Number(l.slice(1)));
    for (let i = 1; i < nums.length; i++) expect(nums[i]).toBe(nums[i - 1]! + 1);
  });

  it('previous: the attempt before the running one; an error when there is none', async () => {
    expect((await get(`${base}/containerLogs/default/crashy/main?previous=true`)).body).toBe('first attempt\n');
    expect((await eventually(async () => (await get(`${base}/containerLogs/default/crashy/main`)).body || undefined, 5000))).toBe('second attempt\n');
    const none = await get(`${base}/containerLogs/default/quiet/main?previous=true`);
    expect(none.status).toBe(400);
    expect(JSON.parse(none.body)).toMatchObject({ reason: 'BadRequest', message: 'previous terminated container "main" in pod "quiet" not found' });
    const missing = await get(`${base}/containerLogs/default/quiet/other`);
    expect(missing.status).toBe(400);
    const nopod = await get(`${base}/containerLogs/default/absent/main`);
    expect(nopod.status).toBe(404);
  });

  it('exec: output on channels 1 and 2, Success on channel 3, then a normal close', async () => {
    const r = await execOverWs(`${wsBase}/exec/default/quiet/main?command=sh&command=-c&command=echo+out%3B+echo+err+%3E%262&stdout=true&stderr=true`, { headers: auth });
    expect(r.protocol).toBe('v5.channel.k8s.io');
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toBe('err\n');
    expect(r.status).toEqual({ metadata: {}, status: 'Success' });
    expect(r.channels.at(-1)).toBe(3);
    expect(r.closeCode).toBe(1000);
  });

  it('exec: a non-zero exit code as NonZeroExitCode with an ExitCode cause (v5 and v4)', async () => {
    for (const protocol of ['v5.channel.k8s.io', 'v4.channel.k8s.io']) {
      const r = await execOverWs(`${wsBase}/exec/default/quiet/main?command=sh&command=-c&command=exit+7&stdout=true&stderr=true`, { headers: auth, protocols: [protocol] });
      expect(r.protocol).toBe(protocol);
      expect(r.status).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '7' }] } });
      expect(String(r.status?.['message'])).toContain('exit code 7');
    }
  });

  it('exec: stdin until the v5 close signal', async () => {
    const r = await execOverWs(`${wsBase}/exec/default/quiet/main?command=sh&command=-c&command=cat%3B+echo+done&stdin=true&stdout=true&stderr=true`, {
      headers: auth,
      onOpen: (send) => {
        send(0, 'hello ');
        send(0, 'stdin\n');
        send(255, Buffer.from([0]));
      },
    });
    expect(r.stdout).toBe('hello stdin\ndone\n');
    expect(r.status).toMatchObject({ status: 'Success' });
  });

  it('exec: a TTY with resize', async () => {
    const r = await execOverWs(`${wsBase}/exec/default/term/main?command=sh&command=-c&command=sleep+0.3%3B+stty+size%3B+tty&stdin=true&stdout=true&tty=true`, {
      headers: auth,
      onOpen: (send) => send(4, JSON.stringify({ Width: 100, Height: 33 })),
    });
    expect(r.stdout).toContain('33 100');
    expect(r.stdout).toMatch(/\/dev\/pts\/\d+/);
    expect(r.status).toMatchObject({ status: 'Success' });
  });

  it('exec: a stopped container or bad query is an HTTP Status before the upgrade', async () => {
    await expect(execOverWs(`${wsBase}/exec/default/crashy/main?command=true`, { headers: auth })).rejects.toMatchObject({ statusCode: 400 });
    await expect(execOverWs(`${wsBase}/exec/default/absent/main?command=true&stdout=true`, { headers: auth })).rejects.toMatchObject({ statusCode: 404 });
    await expect(execOverWs(`${wsBase}/exec/default/quiet/main?command=true&stdout=true`, { headers: auth, protocols: ['channel.k8s.io'] })).rejects.toMatchObject({ statusCode: 400 });
  });
});
