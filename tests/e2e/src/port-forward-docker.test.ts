/**
 * Port forwarding to a pod on the REAL Docker engine: the real api-server (TLS), the node
 * agent's kubelet port and pod manager on Docker, and a busybox pod serving HTTP (`httpd`) on
 * 8080 and an echo (`nc -ll -e cat`) on 9000 in the pod's network (a one-container pod: its own
 * container holds it, no sandbox). The real kubectl 1.32 and `skiff port-forward` reach both
 * through the pod's address. Skipped with a reason
 * without Docker, the local test image or kubectl, unless SKIFF_REQUIRE_DOCKER=1, where that fails.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '@skiff/api';
import { RestClient } from '@skiff/client';
import { silentLogger } from '@skiff/logging';
import { startTestServer, type TestServer } from '@skiff/testing';
import { startNodeAgent, type NodeAgent } from '@skiff/node-agent/agent';
import type { StaticFacts } from '@skiff/node-agent/node/facts';
import { DockerRuntime } from '@skiff/node-agent/runtime/docker';
import { LABEL_CONTAINER_NAME, LABEL_NODE } from '@skiff/node-agent/runtime/labels';
import { endpointAnnotations, startDockerAgentServer, type AgentServer } from '@skiff/node-agent/server/index';
import { FixedFacts, STATIC_FACTS } from '@skiff/node-agent/test-support';
import { eventually, haveKubectl, KUBECTL, kubectlFor } from './lib/kubectl.ts';
import { followForwarder, roundTrip } from './lib/port-forward.ts';

const IMAGE = 'skiff-test/busybox:1';
const MAIN = fileURLToPath(new URL('../../../apps/cli/src/main.ts', import.meta.url));
const runtime = new DockerRuntime();
const missing = await runtime.version().then(
  async () => ((await runtime.inspectImage(IMAGE)) ? (haveKubectl ? undefined : `${KUBECTL} not installed`) : `${IMAGE} is missing (scripts/images/build-test-images.sh)`),
  (e: unknown) => `no Docker engine (${e instanceof Error ? e.message : String(e)})`,
);
const required = process.env['SKIFF_REQUIRE_DOCKER'] === '1';
if (missing && !required) console.warn(`skipping port-forward on Docker: ${missing}; set SKIFF_REQUIRE_DOCKER=1 to make this a failure`);

/** The agent must be reachable from the api-server: publish loopback as the node address. */
class LoopbackFacts extends FixedFacts {
  override async static(): Promise<StaticFacts> {
    return { ...STATIC_FACTS, internalIP: '127.0.0.1' };
  }
}

const httpGet = (port: number): Promise<string> => roundTrip(port, 'GET / HTTP/1.0\r\n\r\n');

describe.skipIf(!!missing && !required)('port-forward to a busybox pod on real Docker', () => {
  const NODE = `pf-docker-${process.pid}`;
  let server: TestServer;
  let kubelet: AgentServer;
  let agent: NodeAgent | undefined;
  let dataDir: string;

  beforeAll(async () => {
    if (missing) throw new Error(`SKIFF_REQUIRE_DOCKER=1 but: ${missing}`);
    server = await startTestServer({ tls: true });
    dataDir = mkdtempSync(join(tmpdir(), 'skiff-pf-docker-'));
    const client = new RestClient({ server: server.url, token: server.token, ca: server.caPem });
    kubelet = await startDockerAgentServer({ runtime, client, nodeName: NODE, log: silentLogger(), port: 0, host: '127.0.0.1' });
    agent = await startNodeAgent({ client, runtime, nodeName: NODE, dataDir, log: silentLogger(), facts: new LoopbackFacts(), resyncMs: 500, kubelet: { port: kubelet.port, annotations: endpointAnnotations(kubelet.fingerprint) } });
    const script = 'mkdir -p /www && echo hello-from-docker > /www/index.html && nc -ll -p 9000 -e cat & exec httpd -f -p 8080 -h /www';
    await client.create({ group: '', version: 'v1', plural: 'pods', namespaced: true }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { nodeName: NODE, containers: [{ name: 'main', image: IMAGE, command: ['sh', '-c', script] }] } } as Pod);
    await eventually(async () => (await client.get<Pod>({ group: '', version: 'v1', plural: 'pods', namespaced: true }, 'web', { namespace: 'default' })).status?.phase === 'Running', 60_000);
    // Running is the shell started, not httpd and nc listening. kubectl 1.32 gives up the whole
    // port-forward on the first error a connection reports (connection refused included), so the
    // servers must be up before the first forwarded connection.
    await eventually(async () => {
      const main = (await runtime.listContainers({ [LABEL_NODE]: NODE })).find((c) => c.labels[LABEL_CONTAINER_NAME] === 'main' && c.state === 'running');
      return !!main && (await runtime.exec(main.id, ['sh', '-c', 'wget -q -O - http://127.0.0.1:8080/ && netstat -ln | grep -q :9000'], 10_000)).exitCode === 0;
    }, 60_000);
  }, 120_000);

  afterAll(async () => {
    await agent?.stop();
    await kubelet?.close();
    for (const c of await runtime.listContainers({ [LABEL_NODE]: NODE }).catch(() => [])) await runtime.removeContainer(c.id).catch(() => undefined);
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('kubectl port-forward: HTTP on 8080 several times and an echo on 9000, one command', async () => {
    const kubectl = kubectlFor(server.kubeconfigPath);
    const f = await followForwarder(kubectl.spawn(['port-forward', 'pod/web', ':8080', ':9000']), 8080);
    try {
      const echoPort = Number((await eventually(() => /Forwarding from 127\.0\.0\.1:(\d+) -> 9000\n/.exec(f.stdout())))[1]);
      for (let i = 0; i < 3; i++) expect(await eventually(async () => /^HTTP\/1\.[01] 200 OK\r\n[\s\S]*\r\n\r\nhello-from-docker\n$/.test(await httpGet(f.localPort)), 10_000)).toBe(true);
      expect(await roundTrip(echoPort, 'echo through docker '.repeat(2000))).toBe('echo through docker '.repeat(2000));
    } finally {
      expect(await f.stop()).toBe(0);
    }
  }, 90_000);

  it('skiff port-forward reaches the same pod', async () => {
    const child = spawn(process.execPath, [MAIN, 'port-forward', 'web', ':8080'], { env: { PATH: process.env['PATH'], HOME: mkdtempSync(join(tmpdir(), 'skiff-home-')), KUBECONFIG: server.kubeconfigPath }, stdio: ['pipe', 'pipe', 'pipe'] });
    const f = await followForwarder(child, 8080, 60_000);
    try {
      for (let i = 0; i < 2; i++) expect(await httpGet(f.localPort)).toMatch(/\r\n\r\nhello-from-docker\n$/);
    } finally {
      expect(await f.stop()).toBe(0);
    }
  }, 90_000);
});
