/**
 * A whole Skiff cluster in one process, for end-to-end tests of the control loop: the real
 * api-server on a temp SQLite file, the real scheduler and controller-manager, and N real node
 * agents whose container runtime is the in-memory fake (containers "run" until stopped, or
 * exit at once with FAKE_EXIT=<code> in their env). Everything talks through the API, exactly
 * as in `skiff up`; only Docker is replaced.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RestClient } from '@skiff/client';
import { silentLogger } from '@skiff/logging';
import { startTestServer, type TestServer } from '@skiff/testing';
import { ControllerManager } from '@skiff/controller-manager/manager';
import { startEmbeddedScheduler } from '@skiff/scheduler/embedded';
import { startNodeAgent, type NodeAgent } from '@skiff/node-agent/agent';
import { FakeRuntime } from '@skiff/node-agent/runtime/fake';
import { FixedFacts } from '@skiff/node-agent/test-support';

export interface TestCluster {
  server: TestServer;
  client: RestClient;
  agents: Map<string, NodeAgent>;
  runtimes: Map<string, FakeRuntime>;
  /** Stop one node's agent (its Lease stops being renewed; its containers stay). */
  stopNode(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface ClusterOptions {
  nodes?: number;
  images?: string[];
  /** Node lifecycle: how long a silent node stays Ready (default 50 s upstream). */
  nodeMonitorGracePeriodMs?: number;
}

export async function startTestCluster(o: ClusterOptions = {}): Promise<TestCluster> {
  // TLS, so real kubectl can drive the same cluster (it sends tokens only over https).
  const server = await startTestServer({ tls: true });
  const client = new RestClient({ server: server.url, token: server.token, ca: server.caPem });
  const stops: (() => Promise<void>)[] = [];
  const scheduler = await startEmbeddedScheduler({ kubeconfigPath: server.kubeconfigPath, log: silentLogger('scheduler') });
  stops.push(() => scheduler.stop());
  const cm = new ControllerManager({
    client,
    logger: silentLogger('controller-manager'),
    leaderElection: false,
    options: { nodeMonitorGracePeriodMs: o.nodeMonitorGracePeriodMs ?? 50_000, nodeMonitorPeriodMs: 500 },
  });
  await cm.start();
  stops.push(() => cm.stop());
  const agents = new Map<string, NodeAgent>();
  const runtimes = new Map<string, FakeRuntime>();
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-cluster-'));
  for (let i = 1; i <= (o.nodes ?? 2); i++) {
    const name = `node-${i}`;
    const runtime = new FakeRuntime();
    for (const img of o.images ?? ['busybox:1.36']) runtime.addImage(img);
    const agent = await startNodeAgent({
      client: new RestClient({ server: server.url, token: server.token, ca: server.caPem }),
      runtime,
      nodeName: name,
      dataDir: join(dataDir, name),
      log: silentLogger('node-agent'),
      facts: new FixedFacts(),
      heartbeatMs: 1_000,
      resyncMs: 2_000,
    });
    agents.set(name, agent);
    runtimes.set(name, runtime);
  }
  return {
    server,
    client,
    agents,
    runtimes,
    async stopNode(name) {
      await agents.get(name)?.stop();
      agents.delete(name);
    },
    async close() {
      for (const a of agents.values()) await a.stop();
      for (const s of stops.reverse()) await s();
      await server.close();
    },
  };
}
