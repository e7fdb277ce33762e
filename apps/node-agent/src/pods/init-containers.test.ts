/** Init containers and native sidecars: the agent on the in-memory runtime against the REAL api-server. */
import { describe, expect, it } from 'vitest';
import type { Container, ContainerStatus, Event, Pod } from '@skiff/api';
import { isNotFound } from '@skiff/client';
import type { NodeAgent } from '../agent.ts';
import { FakeClock } from '../clock.ts';
import { EVENTS, PODS } from '../refs.ts';
import { FakeRuntime } from '../runtime/fake.ts';
import { clientFor, eventually } from '../test-support.ts';
import { fakeAgentHarness } from './fake-agent-harness.ts';

const h = fakeAgentHarness('init-node');
const agent = (runtime: FakeRuntime, clock = new FakeClock(Date.now())): Promise<NodeAgent> => h.agent(runtime, { clock });

const exitsWith = (code: number): Container['env'] => [{ name: 'FAKE_EXIT', value: String(code) }];
const ctr = (name: string, extra: Partial<Container> = {}): Container => ({ name, image: 'app:1', ...extra });

const createPod = (name: string, spec: Partial<NonNullable<Pod['spec']>>): Promise<Pod> => h.createPod(name, spec);
const getPod = h.getPod;
const init = (p: Pod, name: string): ContainerStatus | undefined => p.status?.initContainerStatuses?.find((c) => c.name === name);
const app = (p: Pod, name = 'app'): ContainerStatus | undefined => p.status?.containerStatuses?.find((c) => c.name === name);
const cond = (p: Pod, type: string) => p.status?.conditions?.find((c) => c.type === type);
const waitPod = h.waitPod;

/** Runtime ids of one container name of the pod, oldest attempt first. */
const idsOf = (rt: FakeRuntime, uid: string, name: string): string[] =>
  rt.podContainers(uid).filter((c) => c.labels['io.kubernetes.container.name'] === name).sort((a, b) => Number(a.labels['io.skiff.attempt']) - Number(b.labels['io.skiff.attempt'])).map((c) => c.id);
/** Container names in the order they were started. */
const startOrder = (rt: FakeRuntime, uid: string): string[] =>
  rt.calls.filter((c) => c.op === 'start').map((c) => rt.containers.get(c.id!)?.info.labels).filter((l) => l?.['io.kubernetes.pod.uid'] === uid && l['io.skiff.role'] === 'container').map((l) => l!['io.kubernetes.container.name']!);

describe('init containers on the fake runtime', () => {
  it('run one at a time in order; the app containers wait; status as the kubelet writes it', async () => {
    const rt = new FakeRuntime();
    rt.addImage('app:1');
    await agent(rt);
    const pod = await createPod('seq', { initContainers: [ctr('first'), ctr('second', { env: exitsWith(0) })], containers: [ctr('app'), ctr('aaa')] });
    const uid = pod.metadata.uid!;
    let p = await waitPod('seq', (p) => !!init(p, 'first')?.state?.running, 'first running');
    expect(p.status?.phase).toBe('Pending');
    expect(init(p, 'first')).toMatchObject({ ready: false, started: true, restartCount: 0, image: 'app:1', imageID: expect.stringMatching(/^docker:\/\/sha256:/), containerID: expect.stringMatching(/^docker:\/\//) });
    expect(init(p, 'second')).toEqual({ name: 'second', state: { waiting: { reason: 'PodInitializing' } }, lastState: {}, ready: false, restartCount: 0, image: 'app:1', imageID: '', started: false });
    // App container statuses sorted by name, as the kubelet does; all waiting on initialization.
    expect(p.status?.containerStatuses?.map((c) => [c.name, c.state?.waiting?.reason])).toEqual([['aaa', 'PodInitializing'], ['app', 'PodInitializing']]);
    expect(cond(p, 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [first second]' });
    expect(cond(p, 'ContainersReady')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app aaa]' });
    expect(cond(p, 'PodReadyToStartContainers')?.status).toBe('True');
    // However long it runs, nothing else starts.
    await new Promise((r) => setTimeout(r, 400));
    expect(startOrder(rt, uid)).toEqual(['first']);
    rt.exit(idsOf(rt, uid, 'first')[0]!, 0);
    p = await waitPod('seq', (p) => p.status?.phase === 'Running' && !!app(p)?.state?.running, 'Running');
    expect(startOrder(rt, uid)).toEqual(['first', 'second', 'app', 'aaa']);
    for (const n of ['first', 'second']) expect(init(p, n)).toMatchObject({ ready: true, started: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
    expect(cond(p, 'Initialized')).toMatchObject({ status: 'True' });
    expect(cond(p, 'Initialized')?.reason).toBeUndefined();
    expect(p.status?.initContainerStatuses?.map((s) => s.name)).toEqual(['first', 'second']);
  });

  it('a failing init container backs off (CrashLoopBackOff) with restartPolicy Always; the app never starts', async () => {
    const clock = new FakeClock(Date.now());
    const rt = new FakeRuntime(() => clock.now());
    rt.addImage('app:1');
    await agent(rt, clock);
    const pod = await createPod('crashy', { initContainers: [ctr('setup', { env: exitsWith(3) })] });
    let p = await waitPod('crashy', (p) => init(p, 'setup')?.state?.waiting?.reason === 'CrashLoopBackOff', 'CrashLoopBackOff');
    expect(init(p, 'setup')).toMatchObject({ restartCount: 1, ready: false, lastState: { terminated: { exitCode: 3, reason: 'Error' } } });
    expect(init(p, 'setup')?.state?.waiting?.message).toContain('back-off 10s restarting failed container=setup pod=crashy_default(');
    expect(p.status?.phase).toBe('Pending');
    expect(app(p)?.state?.waiting?.reason).toBe('PodInitializing');
    await new Promise((r) => setTimeout(r, 400));
    expect(init(await getPod('crashy'), 'setup')?.restartCount).toBe(1);
    clock.advance(10_000);
    p = await waitPod('crashy', (p) => init(p, 'setup')?.restartCount === 2 && !!init(p, 'setup')?.state?.waiting?.message?.includes('back-off 20s'), 'back-off 20s');
    const created = rt.calls.filter((c) => c.op === 'create' && String(c.arg).includes(pod.metadata.uid!)).map((c) => String(c.arg).split('_')[1]);
    expect(created).toEqual(['POD', 'setup', 'setup', 'setup']);
  });

  it('restartPolicy Never: a failed init container fails the pod; running sidecars are stopped', async () => {
    const rt = new FakeRuntime();
    rt.addImage('app:1');
    await agent(rt);
    const pod = await createPod('doomed', { restartPolicy: 'Never', initContainers: [ctr('proxy', { restartPolicy: 'Always' }), ctr('migrate', { env: exitsWith(4) }), ctr('later')] });
    const p = await waitPod('doomed', (p) => p.status?.phase === 'Failed' && !!init(p, 'proxy')?.state?.terminated, 'Failed, sidecar stopped');
    expect(init(p, 'migrate')).toMatchObject({ ready: false, restartCount: 0, state: { terminated: { exitCode: 4, reason: 'Error' } } });
    expect(init(p, 'later')?.state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(app(p)?.state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(cond(p, 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [proxy migrate later]' });
    expect(cond(p, 'Ready')).toMatchObject({ status: 'False', reason: 'PodFailed' });
    expect(cond(p, 'ContainersReady')).toMatchObject({ status: 'False', reason: 'PodFailed' });
    const uid = pod.metadata.uid!;
    expect(startOrder(rt, uid)).toEqual(['proxy', 'migrate']);
    expect(rt.podContainers(uid).every((c) => c.state === 'exited')).toBe(true);
  });

  it('a sidecar starts in its order, runs beside the app, is restarted on exit, and stops after the app', async () => {
    const rt = new FakeRuntime();
    rt.addImage('app:1');
    await agent(rt);
    const pod = await createPod('side', { terminationGracePeriodSeconds: 5, initContainers: [ctr('setup', { env: exitsWith(0) }), ctr('proxy', { restartPolicy: 'Always' }), ctr('after', { env: exitsWith(0) })] });
    const uid = pod.metadata.uid!;
    let p = await waitPod('side', (p) => p.status?.phase === 'Running' && !!app(p)?.ready, 'Running and ready');
    expect(startOrder(rt, uid)).toEqual(['setup', 'proxy', 'after', 'app']);
    expect(init(p, 'proxy')).toMatchObject({ ready: true, started: true, state: { running: {} } });
    expect(cond(p, 'Initialized')?.status).toBe('True');
    expect(cond(p, 'ContainersReady')?.status).toBe('True');
    rt.exit(idsOf(rt, uid, 'proxy')[0]!, 1);
    p = await waitPod('side', (p) => init(p, 'proxy')?.restartCount === 1 && !!init(p, 'proxy')?.state?.running, 'sidecar restarted');
    expect(init(p, 'proxy')?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(app(p)).toMatchObject({ restartCount: 0, state: { running: {} } });
    expect(p.status?.phase).toBe('Running');
    // Neither the regular init containers nor the app ran again.
    expect(startOrder(rt, uid)).toEqual(['setup', 'proxy', 'after', 'app', 'proxy']);
    await clientFor(h.server()).delete(PODS, 'side', { namespace: 'default' });
    await eventually(async () => getPod('side').then(() => false, (e: unknown) => isNotFound(e)), 10_000, 'pod gone');
    const stopped = rt.calls.filter((c) => c.op === 'stop' && c.arg !== 0).map((c) => c.arg);
    expect(stopped).toEqual([5, 5]); // app with the grace period, then the sidecar with what is left of it
    await h.agents[0]!.events.flush();
    const killing = (await clientFor(h.server()).list<Event>(EVENTS, { namespace: 'default' })).items
      .filter((e) => e.involvedObject.uid === uid && e.reason === 'Killing').map((e) => e.message);
    expect(killing).toEqual(expect.arrayContaining(['Stopping container app', 'Stopping container proxy']));
  });

  it('the app stops before the sidecar on deletion (order of the stop calls)', async () => {
    const rt = new FakeRuntime();
    rt.addImage('app:1');
    await agent(rt);
    const pod = await createPod('order', { terminationGracePeriodSeconds: 1, initContainers: [ctr('proxy', { restartPolicy: 'Always' })], containers: [ctr('app', { env: [{ name: 'FAKE_IGNORE_TERM', value: '1' }] })] });
    const uid = pod.metadata.uid!;
    await waitPod('order', (p) => p.status?.phase === 'Running', 'Running');
    const [proxy] = idsOf(rt, uid, 'proxy');
    const [appId] = idsOf(rt, uid, 'app');
    await clientFor(h.server()).delete(PODS, 'order', { namespace: 'default' });
    await eventually(async () => getPod('order').then(() => false, (e: unknown) => isNotFound(e)), 10_000, 'pod gone');
    const stops = rt.calls.filter((c) => c.op === 'stop' && (c.id === proxy || c.id === appId));
    expect(stops.map((c) => c.id)).toEqual([appId, proxy]);
    // The app took the whole second; the sidecar still gets the kubelet's minimum of 2 s, capped by the grace period.
    expect(stops.map((c) => c.arg)).toEqual([1, 1]);
  });

  it('a sidecar with a startup probe holds the sequence until the probe succeeds', async () => {
    const rt = new FakeRuntime();
    rt.addImage('app:1');
    let healthy = false;
    rt.execHandler = () => ({ exitCode: healthy ? 0 : 1, output: healthy ? '' : 'not yet' });
    await agent(rt);
    const pod = await createPod('probed', { initContainers: [ctr('proxy', { restartPolicy: 'Always', startupProbe: { exec: { command: ['ready'] }, periodSeconds: 1, failureThreshold: 100 } }), ctr('next', { env: exitsWith(0) })] });
    const uid = pod.metadata.uid!;
    let p = await waitPod('probed', (p) => !!init(p, 'proxy')?.state?.running, 'sidecar running');
    await new Promise((r) => setTimeout(r, 1_300));
    p = await getPod('probed');
    expect(init(p, 'proxy')?.started).toBe(false);
    expect(startOrder(rt, uid)).toEqual(['proxy']);
    expect(p.status?.phase).toBe('Pending');
    healthy = true;
    p = await waitPod('probed', (p) => p.status?.phase === 'Running', 'Running', 15_000);
    expect(startOrder(rt, uid)).toEqual(['proxy', 'next', 'app']);
    expect(init(p, 'proxy')?.started).toBe(true);
  });

  it('after an agent restart, completed init containers are not run again (found by pod uid + container name)', async () => {
    const rt = new FakeRuntime();
    rt.addImage('app:1');
    const first = await agent(rt);
    const pod = await createPod('keep', { initContainers: [ctr('one', { env: exitsWith(0) }), ctr('two', { env: exitsWith(0) })] });
    await waitPod('keep', (p) => p.status?.phase === 'Running', 'Running');
    await first.stop();
    h.agents.splice(h.agents.indexOf(first), 1);
    // Even with the app container gone (removed by hand), the init containers' records say they ran.
    const uid = pod.metadata.uid!;
    await rt.removeContainer(idsOf(rt, uid, 'app')[0]!);
    const creates = rt.calls.filter((c) => c.op === 'create').length;
    const second = await agent(rt);
    await second.pods.resync();
    const p = await waitPod('keep', (p) => !!app(p)?.state?.running, 'app running again');
    const created = rt.calls.filter((c) => c.op === 'create').slice(creates).map((c) => String(c.arg));
    expect(created).toEqual([expect.stringMatching(/^k8s_app_keep_default_/)]);
    for (const n of ['one', 'two']) expect(init(p, n)).toMatchObject({ restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
  });
});
