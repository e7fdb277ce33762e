import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lease, Node } from '@skiff/api';
import { silentLogger } from '@skiff/logging';
import { startTestServer, type TestServer } from '@skiff/testing';
import { FakeClock } from '../clock.ts';
import { LEASES, NODES, NODE_LEASE_NAMESPACE } from '../refs.ts';
import { FakeRuntime } from '../runtime/fake.ts';
import { clientFor, eventually, FixedFacts } from '../test-support.ts';
import { NodeHeartbeat } from './status.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

function heartbeat(name: string, clock: FakeClock, facts = new FixedFacts(), runtime = new FakeRuntime(), gpus = { count: 0, simulated: false, conditions: [] }) {
  return new NodeHeartbeat({ client: clientFor(server), nodeName: name, facts, runtime, clock, log: silentLogger(), gpus: () => gpus, intervalMs: 60_000 });
}

describe('node registration and heartbeat', () => {
  it('registers the Node with capacity, conditions, addresses and labels, and creates its Lease', async () => {
    const hb = heartbeat('n1', new FakeClock(), new FixedFacts(), new FakeRuntime(), { count: 2, simulated: true, conditions: [] });
    expect(await hb.beat()).toBe(true);
    const node = await clientFor(server).get<Node>(NODES, 'n1');
    expect(node.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': 'n1', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'skiff.dev/simulated-gpus': 'true' });
    expect(node.status?.capacity).toMatchObject({ cpu: '4', memory: `${8 * 1024 * 1024}Ki`, pods: '110', 'nvidia.com/gpu': '2' });
    expect(node.status?.allocatable?.['memory']).toBe(`${8 * 1024 * 1024 - 100 * 1024}Ki`);
    const conds = Object.fromEntries((node.status?.conditions ?? []).map((c) => [c.type, `${c.status}/${c.reason}`]));
    expect(conds).toEqual({ Ready: 'True/KubeletReady', MemoryPressure: 'False/KubeletHasSufficientMemory', DiskPressure: 'False/KubeletHasNoDiskPressure', PIDPressure: 'False/KubeletHasSufficientPID' });
    expect(node.status?.addresses).toEqual([{ type: 'InternalIP', address: '192.0.2.10' }, { type: 'Hostname', address: 'test-host' }]);
    expect(node.status?.nodeInfo).toMatchObject({ containerRuntimeVersion: 'docker://99.0.0-fake', kubeletVersion: expect.stringMatching(/^v1\.\d+/), architecture: 'amd64' });
    const lease = await clientFor(server).get<Lease>(LEASES, 'n1', { namespace: NODE_LEASE_NAMESPACE });
    expect(lease.spec).toMatchObject({ holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime: expect.stringMatching(/\.\d{6}Z$/) });
    expect(lease.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Node', name: 'n1', uid: node.metadata.uid });
  });

  it('renews the Lease on every beat and posts status only when it changed', async () => {
    const clock = new FakeClock();
    const facts = new FixedFacts();
    const hb = heartbeat('n2', clock, facts);
    await hb.beat();
    const first = hb.lease.current!.spec!.renewTime;
    const rv = hb.node!.metadata.resourceVersion;
    clock.advance(10_000);
    await hb.beat();
    expect(hb.lease.current!.spec!.renewTime).not.toBe(first);
    expect(hb.node!.metadata.resourceVersion).toBe(rv); // nothing changed: no status post
    facts.pressureFacts = { ...facts.pressureFacts, memoryAvailableBytes: 50 * 1024 * 1024 };
    clock.advance(10_000);
    await hb.beat();
    const mem = hb.node!.status!.conditions!.find((c) => c.type === 'MemoryPressure')!;
    expect(mem).toMatchObject({ status: 'True', reason: 'KubeletHasInsufficientMemory' });
    expect(mem.lastTransitionTime).not.toBe(hb.node!.status!.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime);
  });

  it('reports NotReady when the container runtime is down', async () => {
    const runtime = new FakeRuntime();
    runtime.version = async () => {
      throw new Error('connect ENOENT /var/run/docker.sock');
    };
    const hb = heartbeat('n3', new FakeClock(), new FixedFacts(), runtime);
    await hb.beat();
    expect(hb.node!.status!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'KubeletNotReady', message: expect.stringContaining('ENOENT') });
  });

  it('keeps beating through an API outage and registers again when the Node is gone', async () => {
    const hb = heartbeat('n4', new FakeClock());
    await hb.beat();
    const oldUid = hb.node!.metadata.uid;
    await server.server.close(); // API down
    expect(await hb.beat()).toBe(false);
    await server.restart();
    await clientFor(server).delete(NODES, 'n4');
    await eventually(async () => (await hb.beat()) && hb.node?.metadata.uid !== oldUid, 10_000, 're-registration');
    const node = await clientFor(server).get<Node>(NODES, 'n4');
    expect(node.status?.conditions?.length).toBe(4);
    expect(hb.lease.current?.spec?.holderIdentity).toBe('n4');
  });
});
