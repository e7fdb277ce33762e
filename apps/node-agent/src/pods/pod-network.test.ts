/**
 * Pods without a sandbox (pod-network.ts) against the real api-server, on the in-memory
 * runtime with a range for fixed addresses (what DockerRuntime reports for the network it
 * made). The real-Docker side is in ../docker.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Event, Pod } from '@skiff/api';
import { FakeClock } from '../clock.ts';
import { EVENTS } from '../refs.ts';
import { FakeRuntime } from '../runtime/fake.ts';
import { isSandbox, LABEL_ATTEMPT, LABEL_POD_IP, LABEL_POD_NET } from '../runtime/labels.ts';
import type { ContainerInfo } from '../runtime/runtime.ts';
import { ownShape } from './pod-network.ts';
import { clientFor, eventually } from '../test-support.ts';
import { fakeAgentHarness } from './fake-agent-harness.ts';

const h = fakeAgentHarness('own-net');
const RANGE = '10.88.128.0/17';
const inRange = (ip: string | undefined): boolean => !!ip && /^10\.88\.(1[2-9]\d|2[0-4]\d|25[0-5])\.\d+$/.test(ip);

function rangedRuntime(clock?: FakeClock): FakeRuntime {
  const r = clock ? new FakeRuntime(() => clock.now()) : new FakeRuntime();
  r.addImage('app:1');
  r.staticRange = RANGE;
  return r;
}

describe('one-container pods hold their own network', () => {
  it('no sandbox: the container gets a fixed address from the range, the pod hostname, and the pod reports it', async () => {
    const rt = rangedRuntime();
    await h.agent(rt);
    const pod = await h.createPod('solo', { containers: [{ name: 'app', image: 'app:1', ports: [{ containerPort: 80, hostPort: 18080 }], env: [{ name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }] }] });
    const p = await h.waitPod('solo', (p) => p.status?.phase === 'Running' && !!p.status.podIP, 'Running with podIP');
    const all = rt.podContainers(pod.metadata.uid!);
    expect(all.some(isSandbox)).toBe(false);
    expect(all).toHaveLength(1);
    const spec = rt.containers.get(all[0]!.id)!.spec;
    expect(inRange(spec.ipv4Address)).toBe(true);
    expect(p.status?.podIP).toBe(spec.ipv4Address);
    expect(p.status?.podIPs).toEqual([{ ip: spec.ipv4Address }]);
    expect(spec).toMatchObject({ networkMode: 'skiff', hostname: 'solo', ports: [{ containerPort: 80, hostPort: 18080, protocol: 'tcp' }], labels: { [LABEL_POD_IP]: spec.ipv4Address } });
    // status.podIP through the downward API is the address the pod will have: known before it starts.
    expect(spec.env).toContain(`MY_IP=${spec.ipv4Address}`);
    expect(p.status?.conditions?.find((c) => c.type === 'PodReadyToStartContainers')?.status).toBe('True');
  });

  it('a restarted container comes back with the same address; the pod keeps it through back-off', async () => {
    const clock = new FakeClock(Date.now());
    const rt = rangedRuntime(clock);
    await h.agent(rt, { clock });
    const pod = await h.createPod('crashy', { containers: [{ name: 'app', image: 'app:1', env: [{ name: 'FAKE_EXIT', value: '1' }] }] });
    const first = await h.waitPod('crashy', (p) => h.cs(p)?.state?.waiting?.reason === 'CrashLoopBackOff', 'CrashLoopBackOff');
    const ip = first.status?.podIP;
    expect(inRange(ip)).toBe(true);
    clock.advance(11_000);
    await h.waitPod('crashy', (p) => (h.cs(p)?.restartCount ?? 0) >= 1 && p.status?.podIP === ip, 'restarted, same IP');
    const attempts = rt.podContainers(pod.metadata.uid!);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(attempts.map((c) => rt.containers.get(c.id)!.spec.ipv4Address))).toEqual(new Set([ip]));
  });

  it('pods with several containers, init containers or host networking get a sandbox', async () => {
    const rt = rangedRuntime();
    await h.agent(rt);
    const pair = await h.createPod('pair', { containers: [{ name: 'a', image: 'app:1' }, { name: 'b', image: 'app:1' }] });
    const init = await h.createPod('with-init', { initContainers: [{ name: 'setup', image: 'app:1', env: [{ name: 'FAKE_EXIT', value: '0' }] }] });
    const host = await h.createPod('host-net', { hostNetwork: true });
    for (const name of ['pair', 'with-init', 'host-net']) await h.waitPod(name, (p) => p.status?.phase === 'Running', 'Running');
    for (const p of [pair, init, host]) {
      const cs = rt.podContainers(p.metadata.uid!);
      expect(cs.filter(isSandbox)).toHaveLength(1);
      expect(cs.every((c) => !c.labels[LABEL_POD_IP])).toBe(true);
    }
    expect((await h.getPod('pair')).status?.podIP).toBe(rt.podContainers(pair.metadata.uid!).find(isSandbox)!.ip);
  });

  it('podSandbox: always keeps a one-container pod in a sandbox', async () => {
    const rt = rangedRuntime();
    await h.agent(rt, { podSandbox: 'always' });
    const a = await h.createPod('always');
    await h.waitPod('always', (p) => p.status?.phase === 'Running' && !!p.status.podIP, 'Running');
    expect(rt.podContainers(a.metadata.uid!).filter(isSandbox)).toHaveLength(1);
  });

  it('on a network without a range (made by an older Skiff) a one-container pod gets a sandbox', async () => {
    const rt = h.runtimeWith('app:1'); // staticRange unset, as DockerRuntime reports for such a network
    await h.agent(rt);
    const a = await h.createPod('old-net');
    const p = await h.waitPod('old-net', (p) => p.status?.phase === 'Running' && !!p.status.podIP, 'Running');
    const cs = rt.podContainers(a.metadata.uid!);
    expect(cs.filter(isSandbox)).toHaveLength(1);
    expect(cs.some((c) => c.labels[LABEL_POD_IP])).toBe(false);
    expect(p.status?.podIP).toBe(cs.find(isSandbox)!.ip);
  });

  it('an address another container holds is given up for a free one, with an event', async () => {
    const rt = rangedRuntime();
    // A /30 range: three usable addresses, two held by running containers Skiff did not label,
    // so the agent cannot know until Docker refuses the start.
    rt.staticRange = '10.88.200.0/30';
    for (const [i, ip] of ['10.88.200.0', '10.88.200.1'].entries()) {
      const id = await rt.createContainer({ name: `squatter-${i}`, image: 'app:1', labels: {}, env: [], networkMode: 'skiff', ipv4Address: ip });
      await rt.startContainer(id);
    }
    // The pick starts at the range's first address: both held ones are tried first.
    const random = vi.spyOn(Math, 'random').mockReturnValue(0);
    try {
      await h.agent(rt);
      const pod = await h.createPod('moved');
      const p = await h.waitPod('moved', (p) => p.status?.phase === 'Running' && !!p.status.podIP, 'Running', 15_000);
      expect(p.status?.podIP).toBe('10.88.200.2');
      expect(rt.podContainers(pod.metadata.uid!).map((c) => c.state)).toEqual(['running']);
    } finally {
      random.mockRestore();
    }
    const events = await clientFor(h.server()).list<Event>(EVENTS, { namespace: 'default', fieldSelector: 'involvedObject.name=moved' });
    expect(events.items.filter((e) => e.reason === 'FailedCreatePodSandBox').map((e) => e.message)).toEqual([
      'Failed to create pod sandbox: address 10.88.200.0 of container app is held by another container; the pod moves to 10.88.200.1',
      'Failed to create pod sandbox: address 10.88.200.1 of container app is held by another container; the pod moves to 10.88.200.2',
    ]);
    // The containers that could not start were removed, the squatters left alone.
    expect(rt.calls.filter((c) => c.op === 'remove')).toHaveLength(2);
    expect([...rt.containers.values()].filter((c) => c.info.name.startsWith('squatter-') && c.info.state === 'running')).toHaveLength(2);
  });
});

describe('the fixed-address range', () => {
  it('a full range is a clear pod event, not a crash', async () => {
    const rt = rangedRuntime();
    rt.staticRange = '10.88.201.0/30';
    for (const ip of ['10.88.201.0', '10.88.201.1', '10.88.201.2']) await rt.createContainer({ name: `held-${ip}`, image: 'app:1', labels: { [LABEL_POD_IP]: ip }, env: [], networkMode: 'skiff', ipv4Address: ip });
    await h.agent(rt);
    await h.createPod('no-room');
    const e = await eventually(async () => {
      const l = await clientFor(h.server()).list<Event>(EVENTS, { namespace: 'default', fieldSelector: 'involvedObject.name=no-room' });
      return l.items.find((x) => x.reason === 'FailedCreatePodSandBox');
    }, 10_000, 'FailedCreatePodSandBox');
    expect(e.message).toBe('Failed to create pod sandbox: no free address left in 10.88.201.0/30');
    expect(e.type).toBe('Warning');
  });
});

describe('ownShape: Docker network or the agent\'s veth for a pod without a sandbox', () => {
  const pod = (ports?: Array<{ containerPort: number; hostPort?: number }>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', uid: 'u' }, spec: { containers: [{ name: 'app', image: 'app:1', ...(ports ? { ports } : {}) }] } }) as Pod;
  const ct = (attempt: number, veth: boolean): ContainerInfo => ({
    id: `c${attempt}`, name: '', image: 'app:1', imageId: '', state: 'exited', exitCode: 1, oomKilled: false, createdAt: '',
    labels: { [LABEL_POD_IP]: '10.88.200.1', [LABEL_ATTEMPT]: String(attempt), ...(veth ? { [LABEL_POD_NET]: 'veth' } : {}) },
  });
  it('a new pod: veth when the agent can wire and it publishes no hostPort', () => {
    expect(ownShape(pod(), [], true)).toBe('veth');
    expect(ownShape(pod([{ containerPort: 80 }]), [], true)).toBe('veth');
    expect(ownShape(pod([{ containerPort: 80, hostPort: 8080 }]), [], true)).toBe('own');
    expect(ownShape(pod(), [], false)).toBe('own');
  });
  it('a pod keeps the shape of its latest container; a veth pod falls back to Docker (same address) when the agent cannot wire', () => {
    expect(ownShape(pod(), [ct(0, true), ct(1, false)], true)).toBe('own');
    expect(ownShape(pod(), [ct(1, true), ct(0, false)], true)).toBe('veth');
    expect(ownShape(pod(), [ct(0, true)], false)).toBe('own');
  });
});
