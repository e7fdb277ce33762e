/**
 * The real kubectl 1.32 reads the init-container status this agent writes: `kubectl get pod`
 * computes STATUS (`Init:1/2`, `Init:CrashLoopBackOff`, `PodInitializing`…) client-side from
 * initContainerStatuses, so each status computePodStatus makes goes to the REAL api-server and
 * kubectl prints it; one pod is driven live by the agent on the in-memory runtime. Skipped with
 * a reason without kubectl, unless SKIFF_REQUIRE_DOCKER=1.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container, Pod } from '@skiff/api';
import { RestClient } from '@skiff/client';
import { silentLogger } from '@skiff/logging';
import { startTestServer, type TestServer } from '@skiff/testing';
import { startNodeAgent, type NodeAgent } from '../agent.ts';
import { PODS } from '../refs.ts';
import { FakeRuntime } from '../runtime/fake.ts';
import { containerLabels } from '../runtime/labels.ts';
import type { ContainerInfo } from '../runtime/runtime.ts';
import { eventually, FixedFacts } from '../test-support.ts';
import { computePodStatus, type Waiting } from './pod-status.ts';

const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';
const missing = existsSync(KUBECTL) ? undefined : `${KUBECTL} not installed`;
const required = process.env['SKIFF_REQUIRE_DOCKER'] === '1';
if (missing && !required) console.warn(`skipping kubectl init-container tests: ${missing}; set SKIFF_REQUIRE_DOCKER=1 to make this a failure`);

describe.skipIf(!!missing && !required)('kubectl get pod STATUS from the init container status the agent writes', () => {
  let server: TestServer;
  let client: RestClient;
  let cacheDir: string;
  let dataDir: string;
  let agent: NodeAgent | undefined;

  beforeAll(async () => {
    if (missing) throw new Error(`SKIFF_REQUIRE_DOCKER=1 but: ${missing}`);
    server = await startTestServer({ tls: true });
    client = new RestClient({ server: server.url, token: server.token, ca: server.caPem });
    cacheDir = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));
    dataDir = mkdtempSync(join(tmpdir(), 'skiff-init-kubectl-'));
  });
  afterAll(async () => {
    await agent?.stop();
    await server?.close();
    for (const d of [cacheDir, dataDir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  /** The STATUS column of `kubectl get pod <name>`. */
  function kubectlStatus(name: string): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(KUBECTL, ['--kubeconfig', server.kubeconfigPath, '--cache-dir', cacheDir, 'get', 'pod', name, '--no-headers'], { timeout: 30_000 }, (err, stdout, stderr) => {
        if (err) return reject(new Error(`kubectl: ${stderr || err.message}`));
        resolve(stdout.trim().split(/\s+/)[2] ?? '');
      });
    });
  }

  const NODE = 'init-kubectl-node';
  const at = '2026-01-01T00:00:00.000Z';
  const info = (pod: Pod, name: string, state: ContainerInfo['state'], exitCode = 0, attempt = 0): ContainerInfo => ({
    id: `${name}-${attempt}-${'0'.repeat(40)}`,
    name,
    image: 'app:1',
    imageId: 'sha256:abc',
    labels: containerLabels(NODE, { uid: pod.metadata.uid!, namespace: 'default', name: pod.metadata.name! }, name, attempt),
    state,
    exitCode,
    oomKilled: false,
    createdAt: at,
    startedAt: at,
    ...(state === 'exited' ? { finishedAt: at } : {}),
  });
  const ctr = (name: string): Container => ({ name, image: 'app:1' });

  type Scene = { name: string; policy?: 'Never'; make: (p: Pod) => ContainerInfo[]; waiting?: [string, Waiting][]; want: string };
  const scenes: Scene[] = [
    { name: 'first-running', make: (p) => [info(p, 'POD', 'running'), info(p, 'a', 'running')], want: 'Init:0/2' },
    { name: 'second-running', make: (p) => [info(p, 'POD', 'running'), info(p, 'a', 'exited'), info(p, 'b', 'running')], want: 'Init:1/2' },
    { name: 'crash-looping', make: (p) => [info(p, 'POD', 'running'), info(p, 'a', 'exited', 1, 3)], waiting: [['a', { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=a' }]], want: 'Init:CrashLoopBackOff' },
    { name: 'never-failed', policy: 'Never', make: (p) => [info(p, 'POD', 'exited'), info(p, 'a', 'exited', 2)], want: 'Init:Error' },
    { name: 'initialized', make: (p) => [info(p, 'POD', 'running'), info(p, 'a', 'exited'), info(p, 'b', 'exited')], want: 'PodInitializing' },
    { name: 'running', make: (p) => [info(p, 'POD', 'running'), info(p, 'a', 'exited'), info(p, 'b', 'exited'), info(p, 'app', 'running')], want: 'Running' },
  ];
  for (const s of scenes) {
    it(`${s.name} → ${s.want}`, async () => {
      const pod = await client.create<Pod>(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: s.name, namespace: 'default' }, spec: { nodeName: NODE, restartPolicy: s.policy, initContainers: [ctr('a'), ctr('b')], containers: [ctr('app')] } } as Pod);
      const status = computePodStatus({ pod, containers: s.make(pod), waiting: new Map(s.waiting ?? []), ready: () => true, started: () => true, hostIP: '192.0.2.10', now: Date.now() });
      await client.patch(PODS, s.name, 'merge', { status }, { namespace: 'default', subresource: 'status' });
      expect(await kubectlStatus(s.name)).toBe(s.want);
    });
  }

  it('live: the agent runs the first init container, kubectl prints Init:1/2 while the second runs, then Running', async () => {
    const rt = new FakeRuntime();
    rt.addImage('app:1');
    agent = await startNodeAgent({ client, runtime: rt, nodeName: 'init-kubectl-live', dataDir, log: silentLogger(), facts: new FixedFacts(), resyncMs: 100 });
    const pod = await client.create<Pod>(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'live', namespace: 'default' }, spec: { nodeName: 'init-kubectl-live', initContainers: [{ name: 'fetch', image: 'app:1', env: [{ name: 'FAKE_EXIT', value: '0' }] }, ctr('wait')], containers: [ctr('app')] } } as Pod);
    await eventually(async () => (await client.get<Pod>(PODS, 'live', { namespace: 'default' })).status?.initContainerStatuses?.[1]?.state?.running, 10_000, 'second init container running');
    expect(await kubectlStatus('live')).toBe('Init:1/2');
    const second = rt.podContainers(pod.metadata.uid!).find((c) => c.labels['io.kubernetes.container.name'] === 'wait')!;
    rt.exit(second.id, 0);
    await eventually(async () => (await client.get<Pod>(PODS, 'live', { namespace: 'default' })).status?.phase === 'Running', 10_000, 'Running');
    expect(await kubectlStatus('live')).toBe('Running');
  });
});
