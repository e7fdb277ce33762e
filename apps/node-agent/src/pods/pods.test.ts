/** The agent's pod lifecycle against the REAL api-server with the in-memory runtime. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContainerStatus, Event, KubeList, Pod } from '@skiff/api';
import { isNotFound } from '@skiff/client';
import type { NodeAgent } from '../agent.ts';
import { FakeClock } from '../clock.ts';
import { CONFIGMAPS, EVENTS, PODS } from '../refs.ts';
import { FakeRuntime } from '../runtime/fake.ts';
import { clientFor, eventually } from '../test-support.ts';
import { fakeAgentHarness } from './fake-agent-harness.ts';

const h = fakeAgentHarness('fake-node');
const agent = (runtime: FakeRuntime, clock = new FakeClock(Date.now())): Promise<NodeAgent> => h.agent(runtime, { clock });
const runtimeWith = (...images: string[]): FakeRuntime => h.runtimeWith(...images);
const createPod = (name: string, spec: Partial<NonNullable<Pod['spec']>>, meta: Partial<Pod['metadata']> = {}): Promise<Pod> => h.createPod(name, spec, meta);
const getPod = h.getPod;
const cs = (p: Pod, name = 'app'): ContainerStatus | undefined => h.cs(p, name);
const waitPod = h.waitPod;

/** Every waiting reason the container went through, from a watch (polling could miss a short-lived one). */
function watchReasons(name: string): { seen: string[]; stop(): void } {
  const ac = new AbortController();
  const seen: string[] = [];
  void (async () => {
    try {
      for await (const ev of clientFor(h.server()).watch<Pod>(PODS, { namespace: 'default', fieldSelector: `metadata.name=${name}`, signal: ac.signal })) {
        const r = cs(ev.object as Pod)?.state?.waiting?.reason;
        if (r && seen[seen.length - 1] !== r) seen.push(r);
      }
    } catch {
      // aborted
    }
  })();
  return { seen, stop: () => ac.abort() };
}
async function eventsOf(name: string): Promise<Event[]> {
  const list = await clientFor(h.server()).list<Event>(EVENTS, { namespace: 'default' });
  return (list as KubeList<Event>).items.filter((e) => e.involvedObject.name === name);
}

describe('pods on the fake runtime', () => {
  it('runs a pod: sandbox + container, status Running with IPs, conditions, events', async () => {
    const rt = runtimeWith('app:1');
    await agent(rt);
    const created = await createPod('web', { containers: [{ name: 'app', image: 'app:1', resources: { limits: { cpu: '500m', memory: '64Mi' } } }] });
    const p = await waitPod('web', (p) => p.status?.phase === 'Running' && !!cs(p)?.ready, 'Running and ready');
    expect(p.status).toMatchObject({ hostIP: '192.0.2.10', hostIPs: [{ ip: '192.0.2.10' }], podIP: expect.stringMatching(/^10\.88\./), qosClass: 'Guaranteed', startTime: expect.any(String) });
    expect(p.status?.podIPs).toEqual([{ ip: p.status?.podIP }]);
    expect(cs(p)).toMatchObject({ name: 'app', ready: true, started: true, restartCount: 0, image: 'app:1', imageID: expect.stringMatching(/^docker:\/\/sha256:/), containerID: expect.stringMatching(/^docker:\/\//), state: { running: { startedAt: expect.any(String) } } });
    const conds = Object.fromEntries((p.status?.conditions ?? []).map((c) => [c.type, c.status]));
    expect(conds).toEqual({ PodReadyToStartContainers: 'True', Initialized: 'True', Ready: 'True', ContainersReady: 'True', PodScheduled: 'True' });
    const containers = rt.podContainers(created.metadata.uid!);
    const app = [...rt.containers.values()].find((c) => c.info.labels['io.kubernetes.container.name'] === 'app' && c.info.labels['io.kubernetes.pod.uid'] === created.metadata.uid)!;
    const sandbox = containers.find((c) => c.labels['io.skiff.role'] === 'sandbox')!;
    expect(app.spec.networkMode).toBe(`container:${sandbox.id}`);
    expect(app.spec).toMatchObject({ nanoCpus: 500_000_000, memoryBytes: 64 * 1024 * 1024 });
    expect(app.spec.env).toContain('NVIDIA_VISIBLE_DEVICES=void');
    expect(app.info.labels).toMatchObject({ 'io.kubernetes.pod.namespace': 'default', 'io.kubernetes.pod.name': 'web', 'io.skiff.node': h.node(), 'io.skiff.attempt': '0' });
    await h.agents[0]!.events.flush();
    const reasons = (await eventsOf('web')).map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['Pulled', 'Created', 'Started']));
  });

  it('restartPolicy Never: exit 0 → Succeeded (Completed), exit 1 → Failed (Error)', async () => {
    await agent(runtimeWith('app:1'));
    await createPod('ok', { restartPolicy: 'Never', containers: [{ name: 'app', image: 'app:1', env: [{ name: 'FAKE_EXIT', value: '0' }] }] });
    await createPod('bad', { restartPolicy: 'Never', containers: [{ name: 'app', image: 'app:1', env: [{ name: 'FAKE_EXIT', value: '1' }] }] });
    const ok = await waitPod('ok', (p) => p.status?.phase === 'Succeeded', 'Succeeded');
    expect(cs(ok)?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(ok.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    const bad = await waitPod('bad', (p) => p.status?.phase === 'Failed', 'Failed');
    expect(cs(bad)?.state?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(cs(bad)?.restartCount).toBe(0);
  });

  it('CrashLoopBackOff: restarts at once, then backs off 10 s, 20 s, 40 s (injected clock)', async () => {
    const clock = new FakeClock(Date.now());
    const rt = new FakeRuntime(() => clock.now());
    rt.addImage('app:1');
    await agent(rt, clock);
    await createPod('crash', { containers: [{ name: 'app', image: 'app:1', env: [{ name: 'FAKE_EXIT', value: '2' }] }] });
    const back = (s: string) => `back-off ${s} restarting failed container=app pod=crash_default(`;
    let p = await waitPod('crash', (p) => cs(p)?.state?.waiting?.reason === 'CrashLoopBackOff', 'CrashLoopBackOff');
    expect(cs(p)).toMatchObject({ restartCount: 1, lastState: { terminated: { exitCode: 2, reason: 'Error' } }, ready: false });
    expect(cs(p)?.state?.waiting?.message).toContain(back('10s'));
    expect(p.status?.phase).toBe('Running');
    await new Promise((r) => setTimeout(r, 400)); // resyncs happen: no restart inside the back-off
    expect(cs(await getPod('crash'))?.restartCount).toBe(1);
    clock.advance(10_000);
    p = await waitPod('crash', (p) => cs(p)?.restartCount === 2 && !!cs(p)?.state?.waiting?.message?.includes(back('20s')), 'back-off 20s');
    clock.advance(20_000);
    p = await waitPod('crash', (p) => cs(p)?.restartCount === 3 && !!cs(p)?.state?.waiting?.message?.includes(back('40s')), 'back-off 40s');
    await h.agents[0]!.events.flush();
    const backoff = (await eventsOf('crash')).find((e) => e.reason === 'BackOff');
    expect(backoff).toMatchObject({ type: 'Warning', message: expect.stringMatching(/^Back-off restarting failed container app in pod crash_default\(/) });
    expect(backoff!.count).toBeGreaterThanOrEqual(2);
  });

  it('image pull errors: ErrImagePull, then ImagePullBackOff, then runs once the image can be pulled', async () => {
    const clock = new FakeClock(Date.now());
    const rt = new FakeRuntime(() => clock.now());
    await agent(rt, clock);
    const w = watchReasons('nopull');
    await createPod('nopull', { containers: [{ name: 'app', image: 'nosuch:1' }] });
    const p = await waitPod('nopull', (p) => cs(p)?.state?.waiting?.reason === 'ImagePullBackOff', 'ImagePullBackOff');
    expect(p.status?.phase).toBe('Pending');
    expect(cs(p)?.state?.waiting?.message).toBe('Back-off pulling image "nosuch:1"');
    const pulls = rt.calls.filter((c) => c.op === 'pull').length;
    await new Promise((r) => setTimeout(r, 300));
    expect(rt.calls.filter((c) => c.op === 'pull').length).toBe(pulls); // no pull inside the back-off
    rt.pullable.add('nosuch:1');
    clock.advance(10_000);
    await waitPod('nopull', (p) => p.status?.phase === 'Running', 'Running after the back-off');
    w.stop();
    expect(w.seen.filter((r) => r !== 'ContainerCreating')).toEqual(['ErrImagePull', 'ImagePullBackOff']);
    await h.agents[0]!.events.flush();
    const msgs = (await eventsOf('nopull')).map((e) => `${e.reason}: ${e.message}`);
    expect(msgs).toEqual(expect.arrayContaining(['Pulling: Pulling image "nosuch:1"', 'Failed: Error: ErrImagePull', 'BackOff: Back-off pulling image "nosuch:1"', 'Failed: Error: ImagePullBackOff']));
  });

  it('imagePullPolicy Never with a missing image: ErrImageNeverPull, no pull', async () => {
    const rt = new FakeRuntime();
    await agent(rt);
    await createPod('never', { containers: [{ name: 'app', image: 'local:1', imagePullPolicy: 'Never' }] });
    const p = await waitPod('never', (p) => cs(p)?.state?.waiting?.reason === 'ErrImageNeverPull', 'ErrImageNeverPull');
    expect(cs(p)?.state?.waiting?.message).toBe('Container image "local:1" is not present with pull policy of Never');
    expect(rt.calls.some((c) => c.op === 'pull')).toBe(false);
  });

  it('env (value, $(VAR), fieldRef, configMapKeyRef, secretKeyRef) and configMap volume files', async () => {
    const c = clientFor(h.server());
    await c.create(CONFIGMAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { mode: 'fast', 'app.conf': 'x=1\n' } });
    await c.create({ group: '', version: 'v1', plural: 'secrets', namespaced: true }, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sec', namespace: 'default' }, data: { pw: Buffer.from('hunter2').toString('base64') } });
    const rt = runtimeWith('app:1');
    await agent(rt);
    const pod = await createPod('envy', {
      volumes: [{ name: 'conf', configMap: { name: 'cfg' } }, { name: 'scratch', emptyDir: {} }],
      containers: [{
        name: 'app', image: 'app:1', command: ['/bin/app'], args: ['--serve'],
        env: [
          { name: 'A', value: 'one' }, { name: 'B', value: '$(A)-two' },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'h.node()', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
          { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } },
          { name: 'PW', valueFrom: { secretKeyRef: { name: 'sec', key: 'pw' } } },
        ],
        volumeMounts: [{ name: 'conf', mountPath: '/etc/app' }, { name: 'scratch', mountPath: '/scratch' }],
      }],
    });
    await waitPod('envy', (p) => p.status?.phase === 'Running', 'Running');
    const app = [...rt.containers.values()].find((x) => x.info.labels['io.kubernetes.pod.uid'] === pod.metadata.uid && x.info.labels['io.skiff.role'] === 'container')!;
    expect(app.spec.env).toEqual(expect.arrayContaining(['A=one', 'B=one-two', 'POD=envy', `h.node()=${h.node()}`, 'MODE=fast', 'PW=hunter2', expect.stringMatching(/^IP=10\.88\./)]));
    expect(app.spec.entrypoint).toEqual(['/bin/app']);
    expect(app.spec.cmd).toEqual(['--serve']);
    const confBind = app.spec.binds!.find((b) => b.endsWith(':/etc/app:ro'))!;
    expect(readFileSync(join(confBind.split(':')[0]!, 'app.conf'), 'utf8')).toBe('x=1\n');
    expect(app.spec.binds!.some((b) => b.endsWith(':/scratch'))).toBe(true);
  });

  it('a missing ConfigMap key is a CreateContainerConfigError', async () => {
    await agent(runtimeWith('app:1'));
    await createPod('nocfg', { containers: [{ name: 'app', image: 'app:1', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k' } } }] }] });
    const p = await waitPod('nocfg', (p) => cs(p)?.state?.waiting?.reason === 'CreateContainerConfigError', 'CreateContainerConfigError');
    expect(cs(p)?.state?.waiting?.message).toBe('configmap "absent" not found');
  });

  it('graceful deletion: SIGTERM with the grace period, then the final delete with the uid precondition', async () => {
    const rt = runtimeWith('app:1');
    await agent(rt);
    const pod = await createPod('slow', { terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: 'app:1', env: [{ name: 'FAKE_IGNORE_TERM', value: '1' }] }] });
    await waitPod('slow', (p) => p.status?.phase === 'Running', 'Running');
    const t0 = Date.now();
    await clientFor(h.server()).delete(PODS, 'slow', { namespace: 'default' });
    const marked = await getPod('slow');
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    await eventually(async () => {
      try {
        await getPod('slow');
        return false;
      } catch (e) {
        return isNotFound(e);
      }
    }, 10_000, 'pod deleted');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    const stop = rt.calls.find((c) => c.op === 'stop' && rt.calls.some((x) => x.op === 'remove' && x.id === c.id));
    expect(stop?.arg).toBe(1);
    expect(rt.podContainers(pod.metadata.uid!)).toEqual([]);
    await h.agents[0]!.events.flush();
    expect((await eventsOf('slow')).some((e) => e.reason === 'Killing' && e.message === 'Stopping container app')).toBe(true);
  });

  it('after an agent restart running containers are adopted (same ids, no restart); orphans are removed', async () => {
    const rt = runtimeWith('app:1');
    const first = await agent(rt);
    const pod = await createPod('keep', {});
    const running = await waitPod('keep', (p) => p.status?.phase === 'Running', 'Running');
    const id = cs(running)?.containerID;
    await first.stop();
    h.agents.splice(h.agents.indexOf(first), 1);
    // While the agent is away: a pod is force-deleted (its containers become orphans).
    const gone = await createPod('gone', {});
    await clientFor(h.server()).delete(PODS, 'gone', { namespace: 'default', gracePeriodSeconds: 0 });
    rt.addImage('app:1');
    const fakeOrphan = await rt.createContainer({ name: 'orphan', image: 'app:1', env: [], networkMode: 'skiff', labels: { 'io.skiff.node': h.node(), 'io.kubernetes.pod.uid': gone.metadata.uid! } });
    const creates = rt.calls.filter((c) => c.op === 'create').length;
    const second = await agent(rt);
    await second.pods.resync();
    const after = await waitPod('keep', (p) => p.status?.phase === 'Running', 'Running');
    expect(cs(after)).toMatchObject({ containerID: id, restartCount: 0 });
    expect(rt.calls.filter((c) => c.op === 'create').length).toBe(creates);
    expect(rt.containers.has(fakeOrphan)).toBe(false);
    expect(rt.podContainers(pod.metadata.uid!).length).toBe(2);
  });
});
