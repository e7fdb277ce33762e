/**
 * One-container pods the agent wires itself (netwire/veth.ts), as pods/sync.ts drives them:
 * the real api-server, the in-memory runtime and a wiring that records what it was asked.
 * The real wiring on real Docker is in ../netwire/veth.docker.test.ts.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Event } from '@skiff/api';
import type { PodWiring, WireResult, WireTarget } from '../netwire/veth.ts';
import { EVENTS } from '../refs.ts';
import { FakeRuntime } from '../runtime/fake.ts';
import { LABEL_POD_IP, LABEL_POD_NET } from '../runtime/labels.ts';
import { clientFor, eventually } from '../test-support.ts';
import { fakeAgentHarness } from './fake-agent-harness.ts';

const h = fakeAgentHarness('wired');

function setup(result: (t: WireTarget) => WireResult) {
  const rt = new FakeRuntime();
  rt.addImage('app:1');
  rt.staticRange = '10.88.128.0/17';
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-wired-'));
  const busybox = join(dataDir, 'busybox');
  writeFileSync(busybox, 'not really busybox', { mode: 0o755 });
  const asked: WireTarget[] = [];
  const wiring: PodWiring = { busybox, wire: async (t) => (asked.push(t), result(t)) };
  return { rt, dataDir, asked, wiring };
}

describe('pods wired by the agent', () => {
  it("runs on Docker's none network behind the waiting program, wired with its fixed address, marked up, Running", async () => {
    const s = setup(() => ({ ok: true }));
    await h.agent(s.rt, { dataDir: s.dataDir, podWiring: s.wiring });
    const pod = await h.createPod('w', { containers: [{ name: 'app', image: 'app:1', command: ['serve'], args: ['--port', '80'] }] });
    const p = await h.waitPod('w', (p) => p.status?.phase === 'Running' && !!p.status.podIP, 'Running with podIP');
    const [c] = s.rt.podContainers(pod.metadata.uid!);
    const spec = s.rt.containers.get(c!.id)!.spec;
    const dir = join(s.dataDir, 'pods', pod.metadata.uid!, 'net');
    expect(spec).toMatchObject({
      networkMode: 'none',
      hostname: 'w',
      extraHosts: [`w:${p.status!.podIP}`],
      cmd: ['serve', '--port', '80'],
      labels: { [LABEL_POD_IP]: p.status!.podIP, [LABEL_POD_NET]: 'veth' },
    });
    expect(spec.ipv4Address).toBeUndefined();
    expect(spec.entrypoint?.slice(0, 3)).toEqual(['/.skiff/busybox', 'sh', '-c']);
    expect(spec.entrypoint?.at(-1)).toBe('/.skiff/up.app.0');
    expect(spec.binds).toContain(`${dir}:/.skiff:ro`);
    expect(s.asked).toEqual([{ containerId: c!.id, pid: expect.any(Number), ip: p.status!.podIP, rewire: false }]);
    expect(existsSync(join(dir, 'up.app.0'))).toBe(true);
    expect(existsSync(join(dir, 'busybox'))).toBe(true);
  });

  it('a pod with a hostPort stays on Docker\'s network (Docker publishes ports only there)', async () => {
    const s = setup(() => ({ ok: true }));
    await h.agent(s.rt, { dataDir: s.dataDir, podWiring: s.wiring });
    const pod = await h.createPod('hp', { containers: [{ name: 'app', image: 'app:1', command: ['serve'], ports: [{ containerPort: 80, hostPort: 18081 }] }] });
    await h.waitPod('hp', (p) => p.status?.phase === 'Running', 'Running');
    const spec = s.rt.containers.get(s.rt.podContainers(pod.metadata.uid!)[0]!.id)!.spec;
    expect(spec.networkMode).toBe('skiff');
    expect(s.asked).toEqual([]);
  });

  it('an image and pod naming no program: CreateContainerError with Docker\'s words, nothing started', async () => {
    const s = setup(() => ({ ok: true }));
    await h.agent(s.rt, { dataDir: s.dataDir, podWiring: s.wiring });
    const pod = await h.createPod('nocmd', { containers: [{ name: 'app', image: 'app:1' }] });
    const p = await h.waitPod('nocmd', (p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CreateContainerError', 'CreateContainerError');
    expect(p.status?.containerStatuses?.[0]?.state?.waiting?.message).toBe('Error response from daemon: No command specified');
    expect(s.rt.podContainers(pod.metadata.uid!)).toEqual([]);
  });

  it('a wiring that cannot work for any pod: the Node hears it once, the pod moves to Docker\'s network with the same address', async () => {
    const s = setup(() => ({ ok: false, fatal: true, message: 'process 1 is not container abc\'s' }));
    await h.agent(s.rt, { dataDir: s.dataDir, podWiring: s.wiring });
    const pod = await h.createPod('fb', { containers: [{ name: 'app', image: 'app:1', command: ['serve'] }] });
    const p = await h.waitPod('fb', (p) => p.status?.phase === 'Running' && !!p.status.podIP, 'Running with podIP');
    const all = s.rt.podContainers(pod.metadata.uid!);
    expect(all).toHaveLength(1);
    const spec = s.rt.containers.get(all[0]!.id)!.spec;
    expect(spec).toMatchObject({ networkMode: 'skiff', ipv4Address: p.status!.podIP });
    expect(s.asked).toHaveLength(1);
    expect(s.asked[0]!.ip).toBe(p.status!.podIP);
    const events = await eventually(async () => {
      const list = (await clientFor(h.server()).list<Event>(EVENTS, { namespace: 'default' })).items;
      const mine = list.filter((e) => e.reason === 'PodWiringOff' || (e.involvedObject.name === 'fb' && e.reason === 'FailedCreatePodSandBox'));
      return mine.length >= 2 ? mine : undefined;
    }, 10_000, 'events');
    expect(events.map((e) => [e.involvedObject.kind, e.reason])).toEqual(expect.arrayContaining([['Node', 'PodWiringOff'], ['Pod', 'FailedCreatePodSandBox']]));
    expect(events.find((e) => e.reason === 'PodWiringOff')!.message).toContain("process 1 is not container abc's");
  });
});
