/**
 * GET /stats/resource on the real kubelet-port server, fed by the real sampler over the fake
 * runtime (pods whose env scripts their CPU and memory) and scripted host counters.
 */
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@skiff/logging';
import { containerLabels } from '../runtime/labels.ts';
import { FakeRuntime } from '../runtime/fake.ts';
import type { ExecDriver } from '../runtime/exec.ts';
import type { LogSource } from '../runtime/logs.ts';
import { ResourceSampler } from '../stats/sampler.ts';
import type { ResourceStats } from '../stats/types.ts';
import { tokenAuth } from './auth.ts';
import { startAgentServer, type AgentServer } from './server.ts';

const TOKEN = 'stats-test-token-0123456789';
const NODE = 'n1';
let now = Date.parse('2026-12-01T10:00:00Z');
const runtime = new FakeRuntime(() => now);
const sampler = new ResourceSampler({
  nodeName: NODE,
  runtime,
  // 4 cores' worth of counters, half of them busy; 3 GiB in use.
  host: { read: async () => ({ cpuUsageNanoSeconds: now * 2e6, memoryWorkingSetBytes: 3 * 2 ** 30, readAt: now }) },
});
const unused = (() => {
  throw new Error('not used here');
}) as unknown as LogSource & ExecDriver;
let server: AgentServer;
let bare: AgentServer;

function get(s: AgentServer, opts: { token?: string; method?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = opts.token === undefined ? {} : { authorization: `Bearer ${opts.token}` };
    const req = request(`https://127.0.0.1:${s.port}/stats/resource`, { method: opts.method ?? 'GET', headers, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function fakePodContainer(pod: { uid: string; namespace: string; name: string }, container: string, env: string[]): Promise<void> {
  runtime.addImage('app:1');
  const id = await runtime.createContainer({ name: `k8s_${container}_${pod.name}`, image: 'app:1', labels: containerLabels(NODE, pod, container, 0), env, networkMode: 'none' });
  await runtime.startContainer(id);
}

beforeAll(async () => {
  const common = { nodeName: NODE, runtime, logs: unused, exec: unused, auth: tokenAuth({ tokens: [TOKEN] }), log: silentLogger(), port: 0, host: '127.0.0.1' };
  server = await startAgentServer({ ...common, stats: () => sampler.latest() });
  bare = await startAgentServer(common);
  const web = { uid: 'u1', namespace: 'default', name: 'web' };
  await fakePodContainer(web, 'main', ['FAKE_CPU_MILLICORES=250', `FAKE_MEMORY_BYTES=${64 * 2 ** 20}`]);
  await fakePodContainer(web, 'sidecar', ['FAKE_CPU_MILLICORES=5', `FAKE_MEMORY_BYTES=${8 * 2 ** 20}`]);
  await sampler.sampleNow();
  now += 10_000;
  await sampler.sampleNow();
});
afterAll(async () => {
  await server?.close();
  await bare?.close();
});

describe('GET /stats/resource', () => {
  it('answers the latest reading: node and per-container rates over the window', async () => {
    const r = await get(server, { token: TOKEN });
    expect(r.status).toBe(200);
    const stats = JSON.parse(r.body) as ResourceStats;
    expect(stats).toEqual({
      nodeName: NODE,
      node: { timestamp: '2026-12-01T10:00:10.000Z', windowSeconds: 10, cpuUsageNanoCores: 2e9, memoryWorkingSetBytes: 3 * 2 ** 30 },
      pods: [{
        namespace: 'default', name: 'web', uid: 'u1', timestamp: '2026-12-01T10:00:10.000Z', windowSeconds: 10,
        containers: [
          { name: 'main', cpuUsageNanoCores: 250e6, memoryWorkingSetBytes: 64 * 2 ** 20, gpus: [] },
          { name: 'sidecar', cpuUsageNanoCores: 5e6, memoryWorkingSetBytes: 8 * 2 ** 20, gpus: [] },
        ],
      }],
      gpus: { source: 'none', devices: [] },
    });
  });

  it('needs a token, reads only, and is a 404 on an agent without a sampler (Status bodies)', async () => {
    const anon = await get(server);
    expect(anon.status).toBe(401);
    expect(JSON.parse(anon.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized' });
    expect((await get(server, { token: 'wrong-token-0000000000' })).status).toBe(401);
    const post = await get(server, { token: TOKEN, method: 'POST' });
    expect(post.status).toBe(405);
    expect(JSON.parse(post.body)).toMatchObject({ reason: 'MethodNotAllowed' });
    const none = await get(bare, { token: TOKEN });
    expect(none.status).toBe(404);
    expect(JSON.parse(none.body)).toMatchObject({ reason: 'NotFound', message: 'this node agent does not collect resource stats' });
  });
});
