/**
 * The Service data path on the REAL Docker engine: the real api-server, the real service-ip
 * and endpointslice controllers, and an agent with the data path on. A client pod reaches a
 * two-replica busybox httpd by service name and port, only ready replicas answer (readiness
 * probes flip while it runs), and the NodePort answers from the host.
 * Skipped with a reason when no engine answers or the process cannot manage addresses
 * (not root / no CAP_NET_ADMIN), unless SKIFF_REQUIRE_DOCKER=1 (CI), where that fails.
 * Everything this run creates is its own: containers by node label, loopback addresses by a
 * per-run label, a per-run DNS address, ClusterIP range and NodePort range, so concurrent runs
 * (and a `skiff up` on the same host) do not collide.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, encode } from 'dns-packet';
import type { EndpointSlice, Node, Pod, Service } from '@skiff/api';
import type { RestClient } from '@skiff/client';
import { ControllerManager } from '@skiff/controller-manager/manager';
import { silentLogger } from '@skiff/logging';
import { startTestServer, type TestServer } from '@skiff/testing';
import { startNodeAgent, type NodeAgent } from '../agent.ts';
import { NODES, PODS } from '../refs.ts';
import { DockerRuntime } from '../runtime/docker.ts';
import { LABEL_NODE } from '../runtime/labels.ts';
import { clientFor, ensureTestImage, eventually } from '../test-support.ts';
import { LoopbackAddresses } from './local-addresses.ts';
import { ENDPOINT_SLICES, SERVICES } from './refs.ts';

const IMAGE = 'skiff-test/busybox:1';
const runtime = new DockerRuntime();
const pid = process.pid;
const LABEL = `lo:skt${pid % 1_000_000}`;
const DNS_IP = `169.254.21.${2 + (pid % 250)}`;
const required = process.env['SKIFF_REQUIRE_DOCKER'] === '1';

async function unavailable(): Promise<string | undefined> {
  const docker = await runtime.version().then(() => undefined, (e: unknown) => (e instanceof Error ? e.message : String(e)));
  if (docker) return `no Docker engine (${docker})`;
  // The data path needs to add loopback addresses: probe with a harmless add/remove.
  const probe = new LoopbackAddresses(LABEL);
  const added = await probe.add(DNS_IP);
  if (!added.ok) return `cannot manage loopback addresses (${added.error})`;
  await probe.remove(DNS_IP);
  return undefined;
}
const why = await unavailable();
if (why && !required) console.warn(`skipping Service data path Docker tests: ${why}; set SKIFF_REQUIRE_DOCKER=1 to make this a failure`);

describe.skipIf(!!why && !required)('Service data path on real Docker', () => {
  const NODE = `svc-test-${pid}`;
  const ns = { namespace: 'default' };
  let server: TestServer;
  let client: RestClient;
  let cm: ControllerManager | undefined;
  let agent: NodeAgent | undefined;
  let dataDir: string;
  let upstream: Socket | undefined;

  beforeAll(async () => {
    if (why) throw new Error(`SKIFF_REQUIRE_DOCKER=1 but ${why}`);
    await ensureTestImage(runtime, IMAGE);
    server = await startTestServer();
    client = clientFor(server);
    cm = new ControllerManager({
      client,
      logger: silentLogger('controller-manager'),
      leaderElection: false,
      controllers: ['service-ip', 'endpointslice'],
      options: { serviceCidr: `10.250.${pid % 256}.0/24`, nodePortRange: [30000 + (pid % 2000), 32767] },
    });
    await cm.start();
    dataDir = mkdtempSync(join(tmpdir(), 'skiff-svc-'));
    // The host's resolver, stood in for on loopback (unreachable from pods: only the agent can
    // forward to it): answers outside.example with a documentation address, the rest NXDOMAIN.
    upstream = createSocket('udp4');
    upstream.on('message', (msg, r) => {
      const q = decode(msg);
      const name = q.questions?.[0]?.name ?? '';
      const hit = name === 'outside.example' && q.questions?.[0]?.type === 'A';
      upstream!.send(encode({ type: 'response', id: q.id, flags: (1 << 7) | (hit ? 0 : 3), questions: q.questions, answers: hit ? [{ type: 'A', name, ttl: 30, data: '203.0.113.9' }] : [] }), r.port, r.address);
    });
    await new Promise<void>((r) => upstream!.bind(0, '127.0.0.1', r));
    agent = await startNodeAgent({
      client,
      runtime,
      nodeName: NODE,
      dataDir,
      log: silentLogger(),
      resyncMs: 500,
      serviceProxy: { addresses: new LoopbackAddresses(LABEL), dnsAddress: DNS_IP, upstreams: [`127.0.0.1:${upstream.address().port}`] },
    });
  }, 60_000);

  afterAll(async () => {
    await agent?.stop();
    await cm?.stop();
    for (const c of await runtime.listContainers({ [LABEL_NODE]: NODE }).catch(() => [])) await runtime.removeContainer(c.id).catch(() => undefined);
    await server?.close();
    upstream?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const getPod = (name: string): Promise<Pod> => client.get<Pod>(PODS, name, ns);
  const appContainer = async (name: string): Promise<string> => (await getPod(name)).status!.containerStatuses![0]!.containerID!.replace('docker://', '');
  const isReady = (p: Pod): boolean => p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  const web = (name: string, ready: boolean): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'web' } },
    spec: {
      nodeName: NODE,
      containers: [{
        name: 'httpd',
        image: IMAGE,
        // The page names the replica; /tmp/ready decides readiness (flipped by the test).
        command: ['sh', '-c', `mkdir -p /www /tmp && echo ${name} > /www/index.html && ${ready ? 'touch /tmp/ready && ' : ''}exec httpd -f -p 8080 -h /www`],
        ports: [{ name: 'http', containerPort: 8080 }],
        readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 1 },
      }],
    },
  });
  /** One request from inside the client pod, the way an app would make it. */
  const fetchInPod = async (url: string): Promise<string> => {
    const r = await runtime.exec(await appContainer('client'), ['wget', '-qO-', url], 10_000);
    return r.exitCode === 0 ? r.output.trim() : `exit ${r.exitCode}: ${r.output.trim()}`;
  };
  const fetchMany = async (n: number, url = 'http://web.default:80/'): Promise<string[]> => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(await fetchInPod(url));
    return out;
  };
  const readyEndpoints = async (): Promise<string[]> =>
    (await client.list<EndpointSlice>(ENDPOINT_SLICES, { ...ns, labelSelector: 'kubernetes.io/service-name=web' })).items
      .flatMap((s) => s.endpoints)
      .filter((e) => e.conditions?.ready)
      .map((e) => e.targetRef?.name ?? '')
      .sort();

  it('a client pod reaches the ready replica by service name; the not-ready one gets nothing', async () => {
    await client.create(SERVICES, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] } } as Service);
    await client.create(PODS, web('web-a', true));
    await client.create(PODS, web('web-b', false));
    await client.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: 'default' }, spec: { nodeName: NODE, containers: [{ name: 'c', image: IMAGE, command: ['sleep', '3600'] }] } } as Pod);
    await eventually(async () => isReady(await getPod('web-a')) && (await getPod('web-b')).status?.phase === 'Running' && (await getPod('client')).status?.phase === 'Running', 30_000, 'pods running, web-a ready');
    await eventually(async () => JSON.stringify(await readyEndpoints()) === '["web-a"]' || undefined, 10_000, 'web-a the only ready endpoint');

    // The pod's resolver is the cluster DNS, with the Kubernetes search list.
    const resolv = (await runtime.exec(await appContainer('client'), ['cat', '/etc/resolv.conf'], 5_000)).output;
    expect(resolv).toContain('search default.svc.cluster.local svc.cluster.local cluster.local');
    expect(resolv).toContain('ndots:5');

    await eventually(async () => (await fetchInPod('http://web.default:80/')) === 'web-a' || undefined, 10_000, 'web.default:80 answering');
    expect(await fetchMany(6)).toEqual(Array(6).fill('web-a'));
    expect(await fetchInPod('http://web/')).toBe('web-a'); // the search list: short name, default port 80
    expect(await fetchInPod('http://web.default.svc.cluster.local/')).toBe('web-a');
  }, 60_000);

  it('the NodePort answers from the host', async () => {
    const svc = await client.get<Service>(SERVICES, 'web', ns);
    const nodePort = svc.spec!.ports![0]!.nodePort!;
    const node = await client.get<Node>(NODES, NODE);
    const nodeIP = node.status!.addresses!.find((a) => a.type === 'InternalIP')!.address;
    for (const host of [nodeIP, '127.0.0.1']) {
      const res = await fetch(`http://${host}:${nodePort}/`);
      expect(await res.text()).toBe('web-a\n');
    }
    // And the ClusterIP itself from the host.
    expect(await (await fetch(`http://${svc.spec!.clusterIP}:80/`)).text()).toBe('web-a\n');
  });

  it('follows readiness: a replica that becomes ready gets traffic, one that stops being ready gets none', async () => {
    await runtime.exec(await appContainer('web-b'), ['touch', '/tmp/ready'], 5_000);
    await eventually(async () => JSON.stringify(await readyEndpoints()) === '["web-a","web-b"]' || undefined, 15_000, 'both ready');
    // The agent watches the same slices: a second after the API shows the change, the proxy follows it.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await fetchMany(4)).sort()).toEqual(['web-a', 'web-a', 'web-b', 'web-b']); // round-robin: two each
    await runtime.exec(await appContainer('web-a'), ['rm', '/tmp/ready'], 5_000);
    await eventually(async () => JSON.stringify(await readyEndpoints()) === '["web-b"]' || undefined, 15_000, 'only web-b ready');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await fetchMany(4)).toEqual(Array(4).fill('web-b'));
  }, 60_000);

  it('names outside the cluster resolve through the agent (forwarded upstream), unknown service names fail', async () => {
    const out = (await runtime.exec(await appContainer('client'), ['nslookup', 'outside.example'], 10_000)).output;
    expect(out).toContain('203.0.113.9');
    const r = await runtime.exec(await appContainer('client'), ['nslookup', 'nope.default.svc.cluster.local'], 10_000);
    expect(r.output).toContain('NXDOMAIN');
    expect(await fetchInPod('http://nope.default/')).toMatch(/^exit 1: .*bad address/);
  });

  it('stopping the agent removes every address it added and closes the listeners', async () => {
    const svc = await client.get<Service>(SERVICES, 'web', ns);
    expect((await new LoopbackAddresses(LABEL).list())).toEqual({ ok: true, ips: expect.arrayContaining([DNS_IP, svc.spec!.clusterIP!]) });
    await agent!.stop();
    agent = undefined;
    expect(await new LoopbackAddresses(LABEL).list()).toEqual({ ok: true, ips: [] });
    await expect(fetch(`http://127.0.0.1:${svc.spec!.ports![0]!.nodePort}/`)).rejects.toThrow();
  });
});
