/**
 * Test fixture: the real api-server on a SQLite file and node agents on the in-memory runtime,
 * one node name per test (pods of earlier tests stay in the API and must not land on later
 * agents). Call `fakeAgentHarness()` at the top of a test file: it registers the vitest hooks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { ContainerStatus, Pod } from '@skiff/api';
import { silentLogger } from '@skiff/logging';
import { startTestServer, type TestServer } from '@skiff/testing';
import { startNodeAgent, type NodeAgent, type NodeAgentOptions } from '../agent.ts';
import { FakeClock } from '../clock.ts';
import { PODS } from '../refs.ts';
import { FakeRuntime } from '../runtime/fake.ts';
import { clientFor, eventually, FixedFacts } from '../test-support.ts';

export interface FakeAgentHarness {
  /** The agents this test started, stopped after it (a test that stops one itself takes it out). */
  readonly agents: NodeAgent[];
  server(): TestServer;
  node(): string;
  agent(runtime: FakeRuntime, opts?: Partial<NodeAgentOptions>): Promise<NodeAgent>;
  runtimeWith(...images: string[]): FakeRuntime;
  createPod(name: string, spec?: Partial<NonNullable<Pod['spec']>>, meta?: Partial<Pod['metadata']>): Promise<Pod>;
  getPod(name: string): Promise<Pod>;
  waitPod(name: string, pred: (p: Pod) => boolean, what: string, timeoutMs?: number): Promise<Pod>;
  cs(p: Pod, name?: string): ContainerStatus | undefined;
}

export function fakeAgentHarness(prefix = 'fake-node'): FakeAgentHarness {
  let server: TestServer;
  let dataDir: string;
  let node = prefix;
  let seq = 0;
  const agents: NodeAgent[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    dataDir = mkdtempSync(join(tmpdir(), 'skiff-agent-'));
  });
  beforeEach(() => {
    node = `${prefix}-${++seq}`;
  });
  afterEach(async () => {
    for (const a of agents.splice(0)) await a.stop();
  });
  afterAll(async () => {
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  const getPod = (name: string): Promise<Pod> => clientFor(server).get<Pod>(PODS, name, { namespace: 'default' });
  return {
    agents,
    server: () => server,
    node: () => node,
    async agent(runtime, opts = {}) {
      const a = await startNodeAgent({ client: clientFor(server), runtime, nodeName: node, dataDir, log: silentLogger(), clock: new FakeClock(Date.now()), facts: new FixedFacts(), resyncMs: 100, ...opts });
      agents.push(a);
      return a;
    },
    runtimeWith(...images) {
      const r = new FakeRuntime();
      for (const i of images) r.addImage(i);
      return r;
    },
    createPod(name, spec = {}, meta = {}) {
      const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...meta }, spec: { nodeName: node, containers: [{ name: 'app', image: 'app:1' }], ...spec } };
      return clientFor(server).create(PODS, pod);
    },
    getPod,
    waitPod: (name, pred, what, timeoutMs = 10_000) =>
      eventually(async () => {
        const p = await getPod(name);
        return pred(p) ? p : undefined;
      }, timeoutMs, `${name}: ${what}`),
    cs: (p, name = 'app') => p.status?.containerStatuses?.find((c) => c.name === name),
  };
}
