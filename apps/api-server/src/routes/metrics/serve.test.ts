/**
 * metrics.k8s.io/v1beta1 on the real api-server (real SQLite file), fanned out to fake
 * node agents (fake-stats-agent.ts): discovery, NodeMetrics/PodMetrics list and get with
 * selectors, nodes that hang, babble or have no endpoint left out, metrics-server's NotFound
 * wording, the GPU extension fields, the caller's token passed on, and every write refused.
 */
import { startTestServer, type TestServer } from '@skiff/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, pod, type ApiClient } from '../../test/http.ts';
import { KUBELET_CERT_ANNOTATION } from '../subresources/pod-backend.ts';
import type { AgentStats } from './agent-stats.ts';
import { startFakeStatsAgent, type FakeStatsAgent } from './fake-stats-agent.ts';

const M = '/apis/metrics.k8s.io/v1beta1';
const T = '2026-12-01T10:00:10.000Z';
const MIB = 2 ** 20;
let srv: TestServer;
let api: ApiClient;
const agents: FakeStatsAgent[] = [];
const uids: Record<string, string> = {};

async function agent(stats?: AgentStats, mode: FakeStatsAgent['mode'] = 'answer'): Promise<FakeStatsAgent> {
  const a = await startFakeStatsAgent(stats);
  a.mode = mode;
  agents.push(a);
  return a;
}

async function node(name: string, a: FakeStatsAgent | undefined, labels: Record<string, string> = {}): Promise<void> {
  const r = await api.post('/api/v1/nodes', {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels, ...(a ? { annotations: { [KUBELET_CERT_ANNOTATION]: a.fingerprint } } : {}) },
    status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: a?.port ?? 1 } } },
  });
  expect(r.status, r.text).toBe(201);
}

async function runningPod(namespace: string, name: string, nodeName: string, labels: Record<string, string>, phase = 'Running'): Promise<void> {
  const p = pod(name, { metadata: { labels }, spec: { nodeName } });
  const r = await api.post(`/api/v1/namespaces/${namespace}/pods`, p);
  expect(r.status, r.text).toBe(201);
  uids[`${namespace}/${name}`] = r.body.metadata.uid;
  expect((await api.patch(`/api/v1/namespaces/${namespace}/pods/${name}/status`, { status: { phase } }, 'application/merge-patch+json')).status).toBe(200);
}

const use = (namespace: string, name: string, containers: AgentStats['pods'][number]['containers'], uid = uids[`${namespace}/${name}`]!) => ({ namespace, name, uid, timestamp: T, windowSeconds: 10, containers });
const ctr = (name: string, millicores: number, mib: number, gpus: string[] = []) => ({ name, cpuUsageNanoCores: millicores * 1e6, memoryWorkingSetBytes: mib * MIB, gpus });
const H100 = { uuid: 'GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b', index: 0, name: 'NVIDIA H100 80GB HBM3', utilizationPercent: 87, memoryUsedBytes: 40960 * MIB, memoryTotalBytes: 81559 * MIB, simulated: false, holders: [{ namespace: 'default', pod: 'web', container: 'main' }] };

let gpuAgent: FakeStatsAgent;

beforeAll(async () => {
  srv = await startTestServer();
  api = apiClient(srv.url, srv.token);
  expect((await api.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } })).status).toBe(201);
  gpuAgent = await agent();
  const fresh = await agent();
  await node('gpu-1', gpuAgent, { tier: 'gpu' });
  await node('fresh', fresh, { tier: 'cpu' });
  await node('hung', await agent(undefined, 'hang'), { tier: 'cpu' });
  await node('babbler', await agent(undefined, 'garbage'));
  await node('unpinned', undefined);
  await runningPod('default', 'web', 'gpu-1', { app: 'web' });
  await runningPod('default', 'db', 'gpu-1', { app: 'db' });
  await runningPod('default', 'recreated', 'gpu-1', { app: 'web' });
  await runningPod('default', 'done', 'gpu-1', { app: 'web' }, 'Succeeded');
  await runningPod('other', 'batch', 'gpu-1', { app: 'batch' });
  await runningPod('default', 'new', 'fresh', { app: 'web' });
  gpuAgent.stats = {
    nodeName: 'gpu-1',
    node: { timestamp: T, windowSeconds: 10.012, cpuUsageNanoCores: 1_234_567_890, memoryWorkingSetBytes: 3 * 2 ** 30 },
    pods: [
      use('default', 'web', [ctr('main', 250, 64, [H100.uuid]), ctr('sidecar', 5, 8)]),
      use('default', 'db', [ctr('db', 100, 512)]),
      use('default', 'recreated', [ctr('main', 1, 1)], 'the-uid-of-an-older-pod'),
      use('default', 'done', [ctr('main', 1, 1)]),
      use('other', 'batch', [ctr('main', 999.5, 1)]),
    ],
    gpus: { source: 'nvidia-smi', readAt: T, devices: [H100] },
  };
  // Fewer than two readings yet: no node entry, no pods.
  fresh.stats = { nodeName: 'fresh', pods: [], gpus: { source: 'none', devices: [] } };
}, 30_000);

afterAll(async () => {
  for (const a of agents) await a.close();
  await srv?.close();
});

describe('discovery', () => {
  it('lists metrics.k8s.io/v1beta1 with nodes and pods (get, list), aggregated and legacy', async () => {
    const groups = await api.get('/apis');
    expect(groups.body.groups.find((g: { name: string }) => g.name === 'metrics.k8s.io')).toEqual({ name: 'metrics.k8s.io', versions: [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }], preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' } });
    const list = await api.get(M);
    expect(list.body.resources.map((r: Record<string, unknown>) => [r['name'], r['kind'], r['namespaced'], r['verbs']])).toEqual([
      ['nodes', 'NodeMetrics', false, ['get', 'list']],
      ['pods', 'PodMetrics', true, ['get', 'list']],
    ]);
    const agg = await api.get('/apis', { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' });
    const g = agg.body.items.find((i: { metadata: { name: string } }) => i.metadata.name === 'metrics.k8s.io');
    expect(g.versions[0].resources.map((r: { resource: string; scope: string }) => `${r.resource}:${r.scope}`)).toEqual(['nodes:Cluster', 'pods:Namespaced']);
  });
});

describe('NodeMetrics', () => {
  it('list: the nodes that answered, as metrics-server shapes them (nodes that hang, babble or have no endpoint left out)', async () => {
    const started = Date.now();
    const r = await api.get(`${M}/nodes`);
    expect(r.status, r.text).toBe(200);
    expect(Date.now() - started).toBeLessThan(8_000); // the hung node costs one deadline, not the request
    expect(r.body).toMatchObject({ kind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {} });
    expect(r.body.items).toHaveLength(1);
    const [m] = r.body.items;
    expect(m).toEqual({
      kind: 'NodeMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name: 'gpu-1', creationTimestamp: expect.stringMatching(/Z$/), labels: { tier: 'gpu' } },
      timestamp: T,
      window: '10.012s',
      usage: { cpu: '1234567890n', memory: '3Gi' },
      gpus: [{ uuid: H100.uuid, index: 0, model: 'NVIDIA H100 80GB HBM3', utilizationPercent: 87, memoryUsed: '40Gi', memoryTotal: '81559Mi', simulated: false, holders: [{ namespace: 'default', pod: 'web', container: 'main' }] }],
    });
  });

  it('labelSelector and fieldSelector pick the Nodes asked about; only those agents are asked', async () => {
    const before = gpuAgent.seen.length;
    expect((await api.get(`${M}/nodes?labelSelector=tier%3Dcpu`)).body.items).toEqual([]);
    expect(gpuAgent.seen.length).toBe(before);
    const byLabel = await api.get(`${M}/nodes?labelSelector=tier%3Dgpu`);
    expect(byLabel.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['gpu-1']);
    const byName = await api.get(`${M}/nodes?fieldSelector=metadata.name%3Dgpu-1`);
    expect(byName.body.items).toHaveLength(1);
    expect(gpuAgent.seen.at(-1)).toBe(`Bearer ${srv.token}`);
  });

  it('get: the object; a node without metrics is nodemetrics NotFound; an unknown node is nodes NotFound', async () => {
    expect((await api.get(`${M}/nodes/gpu-1`)).body).toMatchObject({ kind: 'NodeMetrics', metadata: { name: 'gpu-1' } });
    for (const n of ['fresh', 'babbler', 'unpinned']) {
      const r = await api.get(`${M}/nodes/${n}`);
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ kind: 'Status', reason: 'NotFound', message: `nodemetrics.metrics.k8s.io "${n}" not found`, details: { name: n, group: 'metrics.k8s.io', kind: 'nodemetrics' } });
    }
    expect((await api.get(`${M}/nodes/nope`)).body).toMatchObject({ code: 404, message: 'nodes "nope" not found' });
  });

  it('a node that could not read its GPUs says why (gpuProblem), with no GPU rows', async () => {
    const saved = gpuAgent.stats!.gpus;
    gpuAgent.stats!.gpus = { source: 'nvidia-smi', problem: { reason: 'NvidiaSmiTimeout', message: 'nvidia-smi did not answer in time' }, devices: [] };
    try {
      const r = await api.get(`${M}/nodes/gpu-1`);
      expect(r.body).toMatchObject({ usage: { cpu: '1234567890n' }, gpus: [], gpuProblem: { reason: 'NvidiaSmiTimeout', message: 'nvidia-smi did not answer in time' } });
      expect((await api.get(`${M}/namespaces/default/pods/web`)).body.containers[0]).toEqual({ name: 'main', usage: { cpu: '250m', memory: '64Mi' } });
    } finally {
      gpuAgent.stats!.gpus = saved;
    }
  });

  it('a Table for kubectl get, with metrics-server\'s columns', async () => {
    const r = await api.get(`${M}/nodes/gpu-1`, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    expect(r.body.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'cpu', 'memory', 'Window']);
    expect(r.body).toMatchObject({ kind: 'Table', rows: [{ cells: ['gpu-1', expect.any(String), expect.any(String), expect.any(String)] }] });
  });
});

describe('PodMetrics', () => {
  const names = (r: { body: { items: Array<{ metadata: { namespace: string; name: string } }> } }) => r.body.items.map((i) => `${i.metadata.namespace}/${i.metadata.name}`);

  it('list in a namespace: Running pods the agent measured, matched by uid, sorted; the GPU a container holds', async () => {
    const r = await api.get(`${M}/namespaces/default/pods`);
    expect(r.status, r.text).toBe(200);
    expect(names(r)).toEqual(['default/db', 'default/web']);
    expect(r.body.items[1]).toEqual({
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name: 'web', namespace: 'default', creationTimestamp: expect.stringMatching(/Z$/), labels: { app: 'web' } },
      timestamp: T,
      window: '10s',
      containers: [
        { name: 'main', usage: { cpu: '250m', memory: '64Mi' }, gpus: [{ uuid: H100.uuid, index: 0, model: 'NVIDIA H100 80GB HBM3', utilizationPercent: 87, memoryUsed: '40Gi', memoryTotal: '81559Mi', simulated: false }] },
        { name: 'sidecar', usage: { cpu: '5m', memory: '8Mi' } },
      ],
    });
  });

  it('all namespaces, labelSelector, fieldSelector', async () => {
    expect(names(await api.get(`${M}/pods`))).toEqual(['default/db', 'default/web', 'other/batch']);
    expect((await api.get(`${M}/pods`)).body.items[2].containers[0].usage.cpu).toBe('999500u');
    expect(names(await api.get(`${M}/pods?labelSelector=app%20in%20(web,batch)`))).toEqual(['default/web', 'other/batch']);
    expect(names(await api.get(`${M}/namespaces/default/pods?fieldSelector=metadata.name%3Ddb`))).toEqual(['default/db']);
    expect((await api.get(`${M}/pods?fieldSelector=spec.nodeName%3Dx`)).status).toBe(400);
  });

  it('get: the object; no metrics is podmetrics NotFound with namespace/name; a missing pod is pods NotFound', async () => {
    expect((await api.get(`${M}/namespaces/default/pods/db`)).body.containers).toEqual([{ name: 'db', usage: { cpu: '100m', memory: '512Mi' } }]);
    for (const [ns, n] of [['default', 'new'], ['default', 'recreated'], ['default', 'done']]) {
      const r = await api.get(`${M}/namespaces/${ns}/pods/${n}`);
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ reason: 'NotFound', message: `podmetrics.metrics.k8s.io "${ns}/${n}" not found` });
    }
    expect((await api.get(`${M}/namespaces/default/pods/nope`)).body).toMatchObject({ code: 404, message: 'pods "nope" not found' });
  });
});

describe('read-only', () => {
  it.each([
    ['POST', `${M}/nodes`],
    ['PUT', `${M}/nodes/gpu-1`],
    ['PATCH', `${M}/namespaces/default/pods/web`],
    ['DELETE', `${M}/namespaces/default/pods/web`],
    ['DELETE', `${M}/pods`],
    ['GET', `${M}/nodes?watch=true`],
  ])('%s %s → 405 MethodNotAllowed', async (method, path) => {
    const r = await api.call(method, path, method === 'GET' || method === 'DELETE' ? undefined : { kind: 'NodeMetrics' }, method === 'PATCH' ? { 'content-type': 'application/merge-patch+json' } : {});
    expect(r.status).toBe(405);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed' });
  });
});
