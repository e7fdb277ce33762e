/**
 * Port forwarding end to end on the fake runtime: the real api-server (TLS, temp SQLite), a
 * real node agent with its kubelet port, and the agent's fake runtime giving sandboxes the
 * address 127.0.0.1, so the "pod" is a TCP echo server of this test. Driven by the SPDY client
 * of @skiff/client through the api-server, by the REAL kubectl 1.32 (its WebSocket tunnel, and
 * its SPDY fallback), and by `skiff port-forward` as a subprocess: bytes both ways over several
 * connections, and the failures users meet (unknown pod, pod not running, bad ports, nothing
 * listening) answered without harm to the api-server or the agent.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '@skiff/api';
import { RestClient } from '@skiff/client';
import { dialPortForward } from '@skiff/client/spdy/dial';
import { openForwardPair, readErrorStream } from '@skiff/client/spdy/portforward';
import { silentLogger } from '@skiff/logging';
import { startTestServer, type TestServer } from '@skiff/testing';
import { startNodeAgent, type NodeAgent } from '@skiff/node-agent/agent';
import type { StaticFacts } from '@skiff/node-agent/node/facts';
import { FakeRuntime } from '@skiff/node-agent/runtime/fake';
import { tokenAuth } from '@skiff/node-agent/server/auth';
import { endpointAnnotations } from '@skiff/node-agent/server/endpoint';
import { startAgentServer, type AgentServer } from '@skiff/node-agent/server/server';
import { FixedFacts, STATIC_FACTS } from '@skiff/node-agent/test-support';
import { eventually, haveKubectl, kubectlFor, type Kubectl } from './lib/kubectl.ts';
import { deadPort, echoServer, followForwarder, roundTrip, type EchoServer } from './lib/port-forward.ts';

const NODE = 'pf-node';
const PODS = { group: '', version: 'v1', plural: 'pods', namespaced: true };
const MAIN = fileURLToPath(new URL('../../../apps/cli/src/main.ts', import.meta.url));

class LoopbackFacts extends FixedFacts {
  override async static(): Promise<StaticFacts> {
    return { ...STATIC_FACTS, internalIP: '127.0.0.1' };
  }
}

let server: TestServer;
let client: RestClient;
let kubelet: AgentServer;
let agent: NodeAgent;
let pod: EchoServer;
let kubectl: Kubectl;

async function createPod(name: string, nodeName: string): Promise<void> {
  await client.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: name } }, spec: { nodeName, containers: [{ name: 'main', image: 'busybox:1.36', ports: [{ name: 'echo', containerPort: pod.port }] }] } } as Pod);
}

beforeAll(async () => {
  server = await startTestServer({ tls: true });
  client = new RestClient({ server: server.url, token: server.token, ca: server.caPem });
  const runtime = new FakeRuntime();
  runtime.addImage('busybox:1.36');
  runtime.sandboxIp = '127.0.0.1';
  kubelet = await startAgentServer({
    nodeName: NODE,
    runtime,
    logs: async () => Promise.reject(new Error('no logs in this test')),
    exec: async () => Promise.reject(new Error('no exec in this test')),
    auth: tokenAuth({ tokens: [], review: client }), // the api-server forwards the caller's token
    log: silentLogger(),
    port: 0,
    host: '127.0.0.1',
  });
  agent = await startNodeAgent({ client, runtime, nodeName: NODE, dataDir: mkdtempSync(join(tmpdir(), 'skiff-pf-')), log: silentLogger(), facts: new LoopbackFacts(), resyncMs: 500, kubelet: { port: kubelet.port, annotations: endpointAnnotations(kubelet.fingerprint) } });
  pod = await echoServer('hello from the pod\n');
  await createPod('web', NODE);
  await createPod('stuck', 'no-such-node');
  // Running as far as the API knows, on a node that has no agent (and no Node object) any more.
  await createPod('orphan', 'gone-node');
  await client.patch(PODS, 'orphan', 'merge', { status: { phase: 'Running' } }, { namespace: 'default', subresource: 'status' });
  await client.create({ group: 'apps', version: 'v1', plural: 'deployments', namespaced: true }, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web-deploy', namespace: 'default' }, spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] } } } } as never);
  await client.create({ group: '', version: 'v1', plural: 'services', namespaced: true }, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-svc', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'echo' }] } } as never);
  await eventually(async () => (await client.get<Pod>(PODS, 'web', { namespace: 'default' })).status?.phase === 'Running', 30_000);
  kubectl = kubectlFor(server.kubeconfigPath);
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  await kubelet?.close();
  await pod?.close();
  await server?.close();
});

describe('port-forward through the api-server to the agent', () => {
  it('the SPDY client of @skiff/client: several connections, bytes both ways', async () => {
    const session = await dialPortForward(`${server.url.replace(/^https/, 'wss')}/api/v1/namespaces/default/pods/web/portforward`, { headers: { authorization: `Bearer ${server.token}` }, ca: server.caPem });
    const one = async (i: number): Promise<string> => {
      const { error, data } = await openForwardPair(session, pod.port, i);
      const errText = readErrorStream(error);
      let got = '';
      data.on('data', (d: Buffer) => (got += d.toString()));
      const ended = new Promise((r) => data.once('end', r));
      data.end(`ping ${i}\n`);
      await ended;
      expect(await errText).toBe('');
      return got;
    };
    expect(await Promise.all([0, 1, 2].map(one))).toEqual([0, 1, 2].map((i) => `hello from the pod\nping ${i}\n`));
    session.close();
  });
});

describe.skipIf(!haveKubectl)('kubectl port-forward (real kubectl 1.32)', () => {
  async function forwardAndCheck(extraEnv: Record<string, string> = {}): Promise<void> {
    const k = extraEnv['KUBECTL_PORT_FORWARD_WEBSOCKETS'] ? kubectlFor(server.kubeconfigPath, undefined, undefined, extraEnv) : kubectl;
    const f = await followForwarder(k.spawn(['port-forward', 'pod/web', `:${pod.port}`]), pod.port);
    try {
      for (let i = 0; i < 3; i++) expect(await roundTrip(f.localPort, `sequential ${i} `.repeat(500))).toBe(`hello from the pod\n${`sequential ${i} `.repeat(500)}`);
      const together = await Promise.all([0, 1, 2, 3].map((i) => roundTrip(f.localPort, `parallel ${i}`)));
      expect(together).toEqual([0, 1, 2, 3].map((i) => `hello from the pod\nparallel ${i}`));
      await eventually(() => (f.stdout().match(/Handling connection for \d+/g) ?? []).length === 7);
    } finally {
      expect(await f.stop()).toBe(0);
    }
    expect(f.stdout()).toMatch(new RegExp(`^Forwarding from 127\\.0\\.0\\.1:${f.localPort} -> ${pod.port}\n`));
  }

  it('forwards several connections over its WebSocket tunnel', async () => {
    await forwardAndCheck();
  }, 60_000);

  it('service/NAME: the service port becomes its targetPort, a named container port', async () => {
    const f = await followForwarder(kubectl.spawn(['port-forward', 'svc/web-svc', ':80']), pod.port);
    expect(await roundTrip(f.localPort, 'via the service')).toBe('hello from the pod\nvia the service');
    expect(await f.stop()).toBe(0);
  }, 60_000);

  it('forwards over plain SPDY when its WebSocket tunnel is turned off (older clients)', async () => {
    await forwardAndCheck({ KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' });
  }, 60_000);

  it('reports kubectl\'s errors: unknown pod, pod not running, bad ports', async () => {
    expect(await kubectl(['port-forward', 'nope', '8080:80'])).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    expect((await kubectl(['port-forward', 'stuck', '8080:80'])).stderr).toBe('error: unable to forward port because pod is not running. Current status=Pending\n');
    expect((await kubectl(['port-forward', 'web', '8080:0'])).stderr).toBe('error: remote port must be > 0\n');
    expect((await kubectl(['port-forward', 'web', '8080:70000'])).stderr).toBe('error: error parsing remote port \'70000\': strconv.ParseUint: parsing "70000": value out of range\n');
  });

  it('nothing listening on the pod port: the error reaches kubectl, and the next forward works', async () => {
    const dead = await deadPort();
    const f = await followForwarder(kubectl.spawn(['port-forward', 'web', `:${dead}`]), dead);
    expect(await roundTrip(f.localPort, 'anyone?')).toBe('');
    // kubectl 1.32 gives up on the whole session after an error from the pod side.
    expect(await f.exited).toBe(1);
    expect(f.stderr()).toMatch(new RegExp(`an error occurred forwarding ${f.localPort} -> ${dead}: error forwarding port ${dead} to pod [0-9a-f]{64}, uid : dial tcp 127\\.0\\.0\\.1:${dead}: connect: connection refused`));
    expect(f.stderr()).toMatch(/error: lost connection to pod\n$/);
    await forwardAndCheck();
  }, 60_000);
});

describe('skiff port-forward (subprocess)', () => {
  const skiff = (args: string[]) => spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env['PATH'], HOME: mkdtempSync(join(tmpdir(), 'skiff-home-')), KUBECONFIG: server.kubeconfigPath }, stdio: ['pipe', 'pipe', 'pipe'] });
  const skiffRun = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const child = skiff(args);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  it('forwards several connections, prints kubectl\'s lines, and stops cleanly on Ctrl-C', async () => {
    const f = await followForwarder(skiff(['port-forward', 'pod/web', `:${pod.port}`]), pod.port);
    try {
      for (let i = 0; i < 3; i++) expect(await roundTrip(f.localPort, `skiff ${i} `.repeat(300))).toBe(`hello from the pod\n${`skiff ${i} `.repeat(300)}`);
      expect(await Promise.all([0, 1, 2].map((i) => roundTrip(f.localPort, `p${i}`)))).toEqual([0, 1, 2].map((i) => `hello from the pod\np${i}`));
      await eventually(() => (f.stdout().match(new RegExp(`Handling connection for ${f.localPort}\\n`, 'g')) ?? []).length === 6);
    } finally {
      expect(await f.stop()).toBe(0);
    }
  }, 60_000);

  it('deployment/NAME with a named port, and service/NAME with its port, reach the pod', async () => {
    for (const args of [['deployment/web-deploy', ':echo'], ['svc/web-svc', ':http'], ['service/web-svc', ':80']]) {
      const f = await followForwarder(skiff(['port-forward', ...args]), pod.port);
      try {
        expect(await roundTrip(f.localPort, `via ${args[0]}`)).toBe(`hello from the pod\nvia ${args[0]}`);
      } finally {
        expect(await f.stop()).toBe(0);
      }
    }
  }, 60_000);

  it.skipIf(!haveKubectl)('fails as kubectl fails, word for word', async () => {
    const cases = [['nope', '8080:80'], ['stuck', '8080:80'], ['web', '8080:0'], ['web', '8080:70000'], ['web', '8080:http'], ['web', 'x:80'], ['web'], ['deploy/nope', '80'], ['svc/web-svc', '8080:81'], ['web', '--address', 'foo', '80'], ['orphan', '8080:80']];
    for (let i = 0; i < cases.length; i += 4) {
      const batch = cases.slice(i, i + 4);
      const got = await Promise.all(batch.map((args) => Promise.all([kubectl(['port-forward', ...args]), skiffRun(['port-forward', ...args])])));
      batch.forEach((args, j) => {
        const [k, s] = got[j]!;
        expect({ args, code: s.code, stdout: s.stdout, stderr: s.stderr }).toEqual({ args, code: k.code, stdout: k.stdout, stderr: k.stderr.replace("'kubectl port-forward -h'", "'skiff port-forward -h'") });
      });
    }
  }, 180_000); // two processes per case, started in fours: slow on a loaded machine

  it('nothing listening: kubectl\'s lines, exit 1; the next forward works', async () => {
    const dead = await deadPort();
    const f = await followForwarder(skiff(['port-forward', 'web', `:${dead}`]), dead);
    expect(await roundTrip(f.localPort, 'anyone?')).toBe('');
    expect(await f.exited).toBe(1);
    expect(f.stderr()).toMatch(new RegExp(`^an error occurred forwarding ${f.localPort} -> ${dead}: error forwarding port ${dead} to pod [0-9a-f]{64}, uid : dial tcp 127\\.0\\.0\\.1:${dead}: connect: connection refused\nerror: lost connection to pod\n$`));
    const again = await followForwarder(skiff(['port-forward', 'web', `:${pod.port}`]), pod.port);
    expect(await roundTrip(again.localPort, 'again')).toBe('hello from the pod\nagain');
    expect(await again.stop()).toBe(0);
  }, 60_000);
});
