/**
 * End to end through the real api-server (startTestServer: SQLite, HTTP): informers,
 * leader election, claim creation from templates, allocation written before binding,
 * FailedScheduling events and conditions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event, Pod, ResourceClaim } from '@skiff/api';
import { RestClient } from '@skiff/client';
import { silentLogger } from '@skiff/logging';
import { startTestServer, type TestServer } from '@skiff/testing';
import { defaultConfig } from './config.ts';
import * as R from './refs.ts';
import { SchedulerServer } from './server.ts';
import { claimTemplate, gpuClass, gpuSlice, makeNode, makePod } from './testing/fixtures.ts';

let ts: TestServer;
let client: RestClient;
const servers: SchedulerServer[] = [];

async function until<T>(fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  ts = await startTestServer();
  client = new RestClient({ server: ts.url, token: ts.token });
  await client.create({ group: '', version: 'v1', plural: 'namespaces', namespaced: false }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ml' } });
  await client.create({ group: '', version: 'v1', plural: 'namespaces', namespaced: false }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } }).catch(() => undefined);
});

afterAll(async () => {
  for (const s of servers) await s.stop();
  await ts.close();
});

describe('scheduler against the real api-server', () => {
  it('two schedulers: one leads; GPU pods from a template get claims allocated and reserved, then bind', async () => {
    const mk = (id: string): SchedulerServer => {
      const s = new SchedulerServer({ client: new RestClient({ server: ts.url, token: ts.token }), log: silentLogger('scheduler'), config: defaultConfig(), identity: id, leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 200 });
      servers.push(s);
      return s;
    };
    const a = mk('sched-a');
    const b = mk('sched-b');
    await a.start();
    await b.start();
    await until(async () => a.isLeader() || b.isLeader());
    await new Promise((r) => setTimeout(r, 500));
    expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1);

    await client.create(R.DEVICE_CLASSES, gpuClass());
    for (const [i, gpus] of [2, 1].entries()) {
      await client.create(R.NODES, makeNode(`gpu-${i}`));
      await client.create(R.RESOURCE_SLICES, gpuSlice(`gpu-${i}`, gpus));
    }
    await client.create(R.NODES, makeNode('cpu-only', { cpu: '1' }));
    await client.create(R.RESOURCE_CLAIM_TEMPLATES, claimTemplate('one-gpu', { ns: 'ml' }));
    // As a Job controller would create them: three GPU workers and one that cannot fit.
    for (let i = 0; i < 3; i++) await client.create(R.PODS, makePod(`worker-${i}`, { ns: 'ml', claims: [{ name: 'gpu', template: 'one-gpu' }] }));
    await client.create(R.PODS, makePod('greedy', { ns: 'ml', cpu: '64' }));

    const pods = await until(async () => {
      const ps = await Promise.all([0, 1, 2].map((i) => client.get<Pod>(R.PODS, `worker-${i}`, { namespace: 'ml' })));
      return ps.every((p) => p.spec?.nodeName) ? ps : undefined;
    });
    const byNode = new Map<string, number>();
    for (const p of pods) byNode.set(p.spec!.nodeName!, (byNode.get(p.spec!.nodeName!) ?? 0) + 1);
    expect(Object.fromEntries(byNode)).toEqual({ 'gpu-0': 2, 'gpu-1': 1 });
    const devices = new Set<string>();
    for (const p of pods) {
      const c = await client.get<ResourceClaim>(R.RESOURCE_CLAIMS, `${p.metadata.name}-gpu`, { namespace: 'ml' });
      expect(c.status?.reservedFor).toEqual([{ resource: 'pods', name: p.metadata.name, uid: p.metadata.uid }]);
      expect(c.status?.allocation?.devices?.results?.[0]?.pool).toBe(p.spec!.nodeName);
      expect(c.metadata.finalizers).toContain('resource.kubernetes.io/delete-protection');
      devices.add(JSON.stringify(c.status?.allocation?.devices?.results?.[0]));
    }
    expect(devices.size).toBe(3);

    const greedy = await until(async () => {
      const p = await client.get<Pod>(R.PODS, 'greedy', { namespace: 'ml' });
      return p.status?.conditions?.some((c) => c.type === 'PodScheduled') ? p : undefined;
    });
    const cond = greedy.status!.conditions!.find((c) => c.type === 'PodScheduled')!;
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(cond.message).toBe('0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
    const events = await until(async () => {
      const l = await client.list<Event>(R.EVENTS, { namespace: 'ml' });
      const evs = l.items.filter((e) => e.involvedObject.name === 'greedy' && e.reason === 'FailedScheduling');
      return evs.length ? evs : undefined;
    });
    expect(events[0]!.message).toBe(cond.message);
    expect(events[0]!.source?.component).toBe('default-scheduler');

    // A fourth GPU worker does not fit (3 GPUs, 3 taken) until one finishes and frees its device.
    await client.create(R.PODS, makePod('worker-3', { ns: 'ml', claims: [{ name: 'gpu', template: 'one-gpu' }] }));
    // First "waiting for resourceclaim … to be created", then the real reason.
    const msg = await until(async () => {
      const m = (await client.get<Pod>(R.PODS, 'worker-3', { namespace: 'ml' })).status?.conditions?.find((c) => c.type === 'PodScheduled')?.message;
      return m && !m.includes('waiting for resourceclaim') ? m : undefined;
    });
    expect(msg).toContain('1 cannot allocate all claims: claim ml/worker-3-gpu, request gpu: 0 of 2 matching devices are free');
    expect(msg).toContain('1 claim ml/worker-3-gpu: 0/0 devices match request gpu'); // cpu-only
    await client.delete(R.PODS, 'worker-1', { namespace: 'ml', gracePeriodSeconds: 0 });
    const w3 = await until(async () => (await client.get<Pod>(R.PODS, 'worker-3', { namespace: 'ml' })).spec?.nodeName);
    expect(['gpu-0', 'gpu-1']).toContain(w3);
  });
});
