import { describe, expect, it } from 'vitest';
import { Harness, flushMicrotasks } from './testing/harness.ts';
import { claimTemplate, coschedulingPodGroup, gpuClass, gpuSlice, makeNode, makePod, upstreamPodGroup } from './testing/fixtures.ts';
import * as R from './refs.ts';

describe('scheduler (Harness)', () => {
  it('binds pods to nodes that fit and explains the rest', async () => {
    const h = new Harness();
    h.add(R.NODES, makeNode('a', { cpu: '2' }), makeNode('b', { cpu: '1', labels: { zone: 'x' } }), makeNode('c', { cpu: '4', taints: [{ key: 'gpu', effect: 'NoSchedule' }] }));
    h.add(R.PODS, makePod('small', { cpu: '1' }), makePod('huge', { cpu: '16' }), makePod('other', { cpu: '1', spec: { schedulerName: 'someone-else' } }));
    await h.settle();
    expect(h.nodeOf('small')).toMatch(/^[ab]$/);
    expect(h.nodeOf('huge')).toBeUndefined();
    expect(h.nodeOf('other')).toBeUndefined();
    const msg = h.lastFailure('huge');
    expect(msg).toBe(
      '0/3 nodes are available: 2 Insufficient cpu, 1 node(s) had untolerated taint {gpu: }. preemption: 0/3 nodes are available: 2 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
    );
    expect(h.condition('huge')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: msg });
    expect(h.events('small').some((e) => e.reason === 'Scheduled')).toBe(true);
  });

  it('skips gated pods until the gate is removed', async () => {
    const h = new Harness();
    h.add(R.NODES, makeNode('a'));
    const gated = makePod('g', { spec: { schedulingGates: [{ name: 'wait' }] } });
    h.add(R.PODS, gated);
    await h.settle();
    expect(h.nodeOf('g')).toBeUndefined();
    h.add(R.PODS, { ...h.pod('g')!, spec: { ...h.pod('g')!.spec!, schedulingGates: [] } });
    await h.settle();
    expect(h.nodeOf('g')).toBe('a');
  });

  it('re-queues an unschedulable pod when a node appears', async () => {
    const h = new Harness();
    h.add(R.PODS, makePod('p', { cpu: '1' }));
    await h.settle();
    expect(h.lastFailure('p')).toBe('0/0 nodes are available: no nodes registered.');
    h.add(R.NODES, makeNode('n1'));
    await h.settle();
    expect(h.nodeOf('p')).toBe('n1');
  });

  it('preempts lower-priority pods and nominates the node', async () => {
    const h = new Harness();
    h.add(R.NODES, makeNode('n', { cpu: '2' }));
    h.add(R.PODS, makePod('low', { cpu: '2', priority: 1 }));
    await h.settle();
    expect(h.nodeOf('low')).toBe('n');
    h.add(R.PODS, makePod('high', { cpu: '2', priority: 100 }));
    await h.settle();
    expect(h.pod('low')).toBeUndefined(); // victim deleted
    expect(h.nodeOf('high')).toBe('n');
  });

  it('does not bind when the node is deleted between assume and bind', async () => {
    const h = new Harness();
    h.add(R.NODES, makeNode('gone'));
    h.add(R.PODS, makePod('p'));
    await flushMicrotasks();
    const node = h.api.get(R.NODES, undefined, 'gone');
    expect(h.scheduler.scheduleNext()).toBe(true); // assumed on "gone", binding cycle started
    h.remove(R.NODES, undefined, 'gone');
    h.scheduler.onEvent('Node', 'Delete', node, undefined); // the informer's delete, before the bind
    await h.settle();
    expect(h.api.bindings).toEqual([]);
    expect(h.events('p').map((e) => e.message)).toContain('binding to gone failed: node "gone" was deleted before the pod could be bound');
    expect(h.lastFailure('p')).toBe('0/0 nodes are available: no nodes registered.');
  });

  it('survives a binding conflict without crashing and requeues', async () => {
    const h = new Harness();
    h.add(R.NODES, makeNode('n'));
    h.add(R.PODS, makePod('p'));
    let failures = 1;
    h.api.failHook = (verb) => (verb === 'binding' && failures-- > 0 ? Object.assign(new Error('etcd hiccup'), { status: { code: 500 } }) : undefined);
    await h.settle();
    expect(h.nodeOf('p')).toBe('n');
    expect(h.events('p').some((e) => e.reason === 'FailedScheduling' && /binding to n failed/.test(e.message ?? ''))).toBe(true);
  });
});

describe('DRA (DynamicResources + the allocator)', () => {
  const setup = (gpusPerNode: number[]): Harness => {
    const h = new Harness();
    h.add(R.DEVICE_CLASSES, gpuClass());
    h.add(R.RESOURCE_CLAIM_TEMPLATES, claimTemplate('one-gpu'));
    gpusPerNode.forEach((n, i) => {
      h.add(R.NODES, makeNode(`node-${i}`));
      if (n) h.add(R.RESOURCE_SLICES, gpuSlice(`node-${i}`, n));
    });
    return h;
  };

  it('creates the claim from the template, allocates a device, reserves it and binds', async () => {
    const h = setup([0, 2]);
    h.add(R.PODS, makePod('train', { claims: [{ name: 'gpu', template: 'one-gpu' }] }));
    await h.settle();
    expect(h.nodeOf('train')).toBe('node-1');
    const c = h.claim('train-gpu')!;
    expect(c.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Pod', name: 'train', controller: true });
    expect(c.status?.allocation?.devices?.results?.[0]).toMatchObject({ request: 'gpu', driver: 'gpu.nvidia.com', pool: 'node-1' });
    expect(c.status?.reservedFor).toEqual([{ resource: 'pods', name: 'train', uid: h.pod('train')!.metadata.uid }]);
    expect(h.pod('train')!.status?.resourceClaimStatuses).toEqual([{ name: 'gpu', resourceClaimName: 'train-gpu' }]);
  });

  it('never gives the same device to two pods, and explains the third', async () => {
    const h = setup([2]);
    for (const n of ['a', 'b', 'c']) h.add(R.PODS, makePod(n, { claims: [{ name: 'gpu', template: 'one-gpu' }] }));
    await h.settle();
    const devices = ['a', 'b', 'c'].map((n) => h.claim(`${n}-gpu`)?.status?.allocation?.devices?.results?.[0]?.device).filter(Boolean);
    expect(new Set(devices).size).toBe(2);
    expect(devices.length).toBe(2);
    const pending = ['a', 'b', 'c'].find((n) => !h.nodeOf(n))!;
    expect(h.lastFailure(pending)).toMatch(/^0\/1 nodes are available: 1 cannot allocate all claims/);
  });

  it('frees devices when the pod is deleted', async () => {
    const h = setup([1]);
    h.add(R.PODS, makePod('a', { claims: [{ name: 'gpu', template: 'one-gpu' }] }));
    await h.settle();
    h.add(R.PODS, makePod('b', { claims: [{ name: 'gpu', template: 'one-gpu' }] }));
    await h.settle();
    expect(h.nodeOf('b')).toBeUndefined();
    h.remove(R.PODS, 'default', 'a');
    await h.settle();
    await new Promise((r) => setTimeout(r, 20));
    await h.settle();
    expect(h.claim('a-gpu')).toBeUndefined();
    expect(h.nodeOf('b')).toBe('node-0');
  });

  it('reports a missing DeviceClass, broken CEL and too many devices clearly', async () => {
    const h = setup([2]);
    h.add(R.RESOURCE_CLAIM_TEMPLATES, claimTemplate('no-class', { className: 'nope' }), claimTemplate('bad-cel', { selectors: ["device.attributes['gpu.nvidia.com'].nosuch == 1"] }), claimTemplate('many', { count: 5 }));
    h.add(R.PODS, makePod('p1', { claims: [{ name: 'gpu', template: 'no-class' }] }), makePod('p2', { claims: [{ name: 'gpu', template: 'bad-cel' }] }), makePod('p3', { claims: [{ name: 'gpu', template: 'many' }] }), makePod('p4', { claims: [{ name: 'gpu', template: 'missing' }] }));
    await h.settle();
    for (const p of ['p1', 'p2', 'p3', 'p4']) expect(h.nodeOf(p)).toBeUndefined();
    expect(h.lastFailure('p1')).toMatch(/nope/);
    expect(h.lastFailure('p2')).toMatch(/nosuch/);
    expect(h.lastFailure('p3')).toMatch(/5/);
    expect(h.lastFailure('p4')).toBe('0/1 nodes are available: resourceclaimtemplate "missing" not found.');
    for (const p of ['p1', 'p2', 'p3']) expect(h.claim(`${p}-gpu`)?.status?.allocation).toBeUndefined();
  });
});

describe('gangs', () => {
  const gpuCluster = (h: Harness, gpus: number[]): void => {
    h.add(R.DEVICE_CLASSES, gpuClass());
    h.add(R.RESOURCE_CLAIM_TEMPLATES, claimTemplate('one-gpu', { ns: 'ml' }));
    gpus.forEach((n, i) => {
      h.add(R.NODES, makeNode(`gpu-${i}`));
      h.add(R.RESOURCE_SLICES, gpuSlice(`gpu-${i}`, n));
    });
  };
  const members = (h: Harness, gang: string, n: number, kind: 'upstream' | 'coscheduling'): string[] => {
    const names = Array.from({ length: n }, (_, i) => `${gang}-${i}`);
    for (const name of names) h.add(R.PODS, makePod(name, { ns: 'ml', claims: [{ name: 'gpu', template: 'one-gpu' }], gang: { [kind]: gang } }));
    return names;
  };
  const bound = (h: Harness, names: string[]): number => names.filter((n) => h.nodeOf(n, 'ml')).length;

  for (const kind of ['upstream', 'coscheduling'] as const) {
    it(`${kind}: a gang of 8 on 7 free GPUs stays entirely pending, then binds entirely when an 8th GPU appears`, async () => {
      const h = new Harness();
      gpuCluster(h, [4, 3]);
      h.add(kind === 'upstream' ? R.POD_GROUPS : R.COSCHEDULING_POD_GROUPS, kind === 'upstream' ? upstreamPodGroup('trainers', 8, 'ml') : coschedulingPodGroup('trainers', 8, 'ml'));
      const names = members(h, 'trainers', 8, kind);
      await h.settle();
      expect(bound(h, names)).toBe(0);
      expect(names.filter((n) => h.claim(`${n}-gpu`, 'ml')?.status?.allocation)).toEqual([]);
      expect(h.lastFailure('trainers-0')).toMatch(/^gang ml\/trainers: 7 of 8 members can be placed \(need 8\)/);
      h.add(R.NODES, makeNode('gpu-2'));
      h.add(R.RESOURCE_SLICES, gpuSlice('gpu-2', 1));
      await h.settle();
      expect(bound(h, names)).toBe(8);
      const devices = names.map((n) => JSON.stringify(h.claim(`${n}-gpu`, 'ml')?.status?.allocation?.devices?.results?.[0]));
      expect(new Set(devices).size).toBe(8);
      await new Promise((r) => setTimeout(r, 150));
      if (kind === 'coscheduling') expect(h.api.get(R.COSCHEDULING_POD_GROUPS, 'ml', 'trainers')).toMatchObject({ status: { phase: 'Scheduled' } });
      else expect((h.api.get(R.POD_GROUPS, 'ml', 'trainers') as { status?: { conditions?: unknown[] } }).status?.conditions?.[0]).toMatchObject({ type: 'PodGroupScheduled', status: 'True' });
    });
  }

  it('two gangs competing for the same GPUs: one fully placed, the other fully pending', async () => {
    const h = new Harness();
    gpuCluster(h, [4, 2]);
    h.add(R.POD_GROUPS, upstreamPodGroup('a', 4, 'ml'), upstreamPodGroup('b', 4, 'ml'));
    // Interleave creation so neither gang's pods come first in the queue by accident.
    const a: string[] = [];
    const b: string[] = [];
    for (let i = 0; i < 4; i++) {
      a.push(...members(h, `a-${i}`, 0, 'upstream'));
      h.add(R.PODS, makePod(`a-${i}`, { ns: 'ml', claims: [{ name: 'gpu', template: 'one-gpu' }], gang: { upstream: 'a' } }));
      h.add(R.PODS, makePod(`b-${i}`, { ns: 'ml', claims: [{ name: 'gpu', template: 'one-gpu' }], gang: { upstream: 'b' } }));
      a.push(`a-${i}`);
      b.push(`b-${i}`);
    }
    await h.settle();
    const counts = [bound(h, a), bound(h, b)].sort();
    expect(counts).toEqual([0, 4]);
    const loser = bound(h, a) === 0 ? a : b;
    expect(loser.filter((n) => h.claim(`${n}-gpu`, 'ml')?.status?.allocation)).toEqual([]);
  });

  it('a gang whose minimum exceeds its pod count waits with a clear reason, once the wait has lasted gangWaitReportMs', async () => {
    const h = new Harness({ gangWaitReportMs: 40 });
    gpuCluster(h, [8]);
    h.add(R.COSCHEDULING_POD_GROUPS, coschedulingPodGroup('big', 5, 'ml'));
    const names = members(h, 'big', 3, 'coscheduling');
    await h.settle();
    expect(bound(h, names)).toBe(0);
    expect(h.lastFailure('big-0')).toBeUndefined(); // members may still be on their way
    await new Promise((r) => setTimeout(r, 80));
    await h.settle();
    expect(h.lastFailure('big-0')).toBe('gang ml/big: only 3 of 5 required members exist (minCount 5); waiting for more pods');
    expect(h.condition('big-0', 'ml')).toMatchObject({ status: 'False', reason: 'Unschedulable' });
  });

  it('a gang whose members all arrive within gangWaitReportMs binds without a single FailedScheduling', async () => {
    const h = new Harness({ gangWaitReportMs: 200 });
    h.add(R.NODES, makeNode('gpu-0', { gpus: 8 }));
    h.add(R.COSCHEDULING_POD_GROUPS, coschedulingPodGroup('quick', 4));
    const names = ['quick-0', 'quick-1', 'quick-2', 'quick-3'];
    for (const n of names) {
      h.add(R.PODS, makePod(n, { gpu: 1, gang: { coscheduling: 'quick' } }));
      await h.settle(); // each arrival runs the gang's cycle and finds it short
    }
    expect(names.map((n) => h.nodeOf(n))).toEqual(['gpu-0', 'gpu-0', 'gpu-0', 'gpu-0']);
    await new Promise((r) => setTimeout(r, 250));
    await h.settle();
    expect(h.events().filter((e) => e.reason === 'FailedScheduling').map((e) => e.message)).toEqual([]);
  });

  it('a gang without its PodGroup waits for it', async () => {
    const h = new Harness();
    gpuCluster(h, [8]);
    const names = members(h, 'late', 2, 'upstream');
    await h.settle();
    expect(h.lastFailure('late-0')).toMatch(/PodGroup \(scheduling.k8s.io\) ml\/late not found/);
    h.add(R.POD_GROUPS, upstreamPodGroup('late', 2, 'ml'));
    await h.settle();
    expect(bound(h, names)).toBe(2);
  });
});
