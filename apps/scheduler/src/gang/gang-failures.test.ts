/**
 * Gangs stay all-or-nothing when something fails after placement (issue 4, "Bad input"):
 * a member's claim write conflicting or erroring, its node deleted mid-cycle, its Bind
 * failing, a member stalled past the gang's timeout. After each, either every member is
 * bound or none holds anything: no pod bound, no claim allocated or reserved, no device in
 * flight. Runs through the whole scheduler (Harness) with failures injected in the FakeApi.
 */
import type { CoschedulingPodGroup, ResourceClaim } from '@skiff/api';
import { ApiError, failureStatus } from '@skiff/client';
import { describe, expect, it } from 'vitest';
import * as R from '../refs.ts';
import type { SchedulerConfig } from '../config.ts';
import { scheduleOne } from '../schedule-one.ts';
import { gpuClass, gpuSlice, makeNode, makePod, upstreamPodGroup } from '../testing/fixtures.ts';
import { Harness, flushMicrotasks } from '../testing/harness.ts';

const NS = 'ml';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const conflict = (): ApiError => new ApiError(failureStatus(409, 'Conflict', 'the object has been modified; please apply your changes to the latest version and try again'));
const serverError = (): Error => Object.assign(new Error('etcdserver: request timed out'), { status: { code: 500 } });

/** A gang of `size` one-GPU members on nodes with these GPU counts; the PodGroup has no timeout field unless given. */
function gangCluster(gpus: number[], size: number, config: Partial<SchedulerConfig> = {}, gang = 'w', pg: 'upstream' | 'coscheduling' = 'coscheduling'): { h: Harness; names: string[] } {
  const h = new Harness(config);
  h.add(R.DEVICE_CLASSES, gpuClass());
  gpus.forEach((n, i) => {
    h.add(R.NODES, makeNode(`gpu-${i}`));
    h.add(R.RESOURCE_SLICES, gpuSlice(`gpu-${i}`, n));
  });
  addGang(h, gang, size, pg);
  return { h, names: Array.from({ length: size }, (_, i) => `${gang}-${i}`) };
}

function addGang(h: Harness, gang: string, size: number, pg: 'upstream' | 'coscheduling'): void {
  if (pg === 'upstream') h.add(R.POD_GROUPS, upstreamPodGroup(gang, size, NS));
  else h.add<CoschedulingPodGroup>(R.COSCHEDULING_POD_GROUPS, { apiVersion: 'scheduling.x-k8s.io/v1alpha1', kind: 'PodGroup', metadata: { name: gang, namespace: NS }, spec: { minMember: size } });
  // Claims exist up front (no wait for their creation), so the first cycle is the real attempt.
  for (let i = 0; i < size; i++) {
    const name = `${gang}-${i}`;
    h.add<ResourceClaim>(R.RESOURCE_CLAIMS, { apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaim', metadata: { name: `${name}-gpu`, namespace: NS }, spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.nvidia.com' } }] } } });
    h.add(R.PODS, makePod(name, { ns: NS, claims: [{ name: 'gpu', claim: `${name}-gpu` }], gang: pg === 'upstream' ? { upstream: gang } : { coscheduling: gang } }));
  }
}

const bound = (h: Harness, names: string[]): string[] => names.filter((n) => h.nodeOf(n, NS));
/** Claims of these pods that hold devices or a reservation. */
const holding = (h: Harness, names: string[]): string[] => names.filter((n) => { const s = h.claim(`${n}-gpu`, NS)?.status; return !!s?.allocation || !!s?.reservedFor?.length; });
const eventsMatching = (h: Harness, re: RegExp): string[] => h.events().filter((e) => re.test(e.message ?? '')).map((e) => `${e.involvedObject.name}: ${e.message}`);

/** Run cycles and let async work land, without waiting for bindings to finish. */
async function step(h: Harness, rounds: number): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    while (h.scheduler.scheduleNext());
    await flushMicrotasks();
    await sleep(2);
  }
  await h.scheduler.recorder.flush();
}

function expectNothingHeld(h: Harness, names: string[]): void {
  expect(bound(h, names)).toEqual([]);
  expect(holding(h, names)).toEqual([]);
  expect(h.scheduler.cache.devices.inFlight.size).toBe(0);
  expect(h.scheduler.framework.waiting.size).toBe(0);
  for (const n of names) expect(h.scheduler.cache.isAssumed(`${NS}/${n}`)).toBe(false);
}

describe('gang: a failure before Bind rolls the whole attempt back', () => {
  // Long back-off: after the failed attempt the members sit in back-off, so the state
  // between attempts can be checked, then the retry is watched succeeding.
  const slow = { backoffInitialMs: 400, backoffMaxMs: 400 };
  const cases: { name: string; verb: string; error: () => Error; reason: RegExp }[] = [
    { name: "one member's claim status write conflicts", verb: 'updateStatus', error: conflict, reason: /resourceclaim "w-2-gpu" was modified concurrently/ },
    { name: "one member's claim write fails (API error)", verb: 'updateStatus', error: serverError, reason: /writing allocation of resourceclaim "w-2-gpu"/ },
  ];
  for (const c of cases) {
    it(`${c.name}: nobody binds, every claim is released, then the retry binds all`, async () => {
      const { h, names } = gangCluster([2, 2], 4, slow);
      let fail = true;
      h.api.failHook = (verb, ref, name) => (fail && verb === c.verb && ref.plural === 'resourceclaims' && name === 'w-2-gpu' ? c.error() : undefined);
      await h.settle();
      expectNothingHeld(h, names);
      expect(eventsMatching(h, c.reason).length).toBeGreaterThan(0);
      // The others were turned back because of w-2, not for reasons of their own.
      expect(eventsMatching(h, /gang ml\/w: member w-2 was rejected|another member failed/).length).toBeGreaterThan(0);
      fail = false;
      await sleep(450);
      await h.settle();
      expect(bound(h, names)).toEqual(names);
      for (const n of names) expect(h.claim(`${n}-gpu`, NS)?.status?.reservedFor?.map((r) => r.name)).toEqual([n]);
    });
  }

  it('a member whose node is deleted mid-cycle: nobody binds and no claim stays allocated', async () => {
    const { h, names } = gangCluster([2, 2], 4, slow);
    await flushMicrotasks();
    expect(h.scheduler.scheduleNext()).toBe(true); // the gang cycle: all four placed and binding
    const node = h.api.get(R.NODES, undefined, 'gpu-1');
    h.remove(R.NODES, undefined, 'gpu-1');
    h.scheduler.onEvent('Node', 'Delete', node, undefined); // the informer's delete, before the bind
    await h.settle();
    expectNothingHeld(h, names);
    expect(eventsMatching(h, /node "gpu-1" was deleted before the gang could bind/).length).toBeGreaterThan(0);
    await sleep(450);
    await h.settle();
    // Two GPUs are left for a gang of four: it stays entirely pending.
    expectNothingHeld(h, names);
    expect(h.lastFailure('w-0')).toMatch(/^gang ml\/w: 2 of 4 members can be placed \(need 4\)/);
  });
});

describe('gang: Permit and the bind barrier time out and release everything', () => {
  it('a member that reaches Permit alone waits holding its Reserve, then is rejected at the timeout and releases it', async () => {
    const { h } = gangCluster([4], 2, { pluginArgs: { GangScheduling: { permitWaitingTimeSeconds: 0.1 } }, backoffInitialMs: 400, backoffMaxMs: 400 });
    await flushMicrotasks();
    const q = h.scheduler.queue.tryPop()!;
    expect(q.info.key).toBe('ml/w-0');
    scheduleOne(h.scheduler.ctx, q); // not the gang cycle: one member on its own, as an out-of-band path would
    expect(h.scheduler.framework.waiting.get('ml/w-0')?.pending).toEqual(new Set(['GangScheduling']));
    expect(h.scheduler.cache.isAssumed('ml/w-0')).toBe(true);
    expect(h.scheduler.cache.devices.inFlight.size).toBe(1);
    await sleep(60);
    await flushMicrotasks();
    expect(h.scheduler.framework.waiting.size).toBe(1); // still waiting before the timeout
    await sleep(100);
    await flushMicrotasks();
    await h.scheduler.recorder.flush();
    expectNothingHeld(h, ['w-0', 'w-1']);
    expect(h.lastFailure('w-0')).toBe('rejected due to timeout after waiting 0.1s at plugin GangScheduling');
    expect(h.scheduler.queue.has('ml/w-0')).toBe(true); // backing off, not lost
    // Its gang cycle then places both members together.
    await sleep(450);
    await h.settle();
    expect(bound(h, ['w-0', 'w-1'])).toEqual(['w-0', 'w-1']);
  });

  it('members stuck at the bind barrier behind a stalled claim write are released at the timeout; the gang binds whole later', async () => {
    const { h, names } = gangCluster([2, 2], 4, { pluginArgs: { GangScheduling: { permitWaitingTimeSeconds: 0.1 } }, backoffInitialMs: 400, backoffMaxMs: 400 });
    let unstall!: () => void;
    const stall = new Promise<void>((r) => (unstall = r));
    let stalled = false;
    h.api.failHook = (verb, ref, name) => {
      if (stalled || verb !== 'updateStatus' || ref.plural !== 'resourceclaims' || name !== 'w-3-gpu') return undefined;
      stalled = true;
      return stall;
    };
    // settle() would wait for the stalled binding: step the scheduler by hand instead.
    await step(h, 5);
    await sleep(150);
    await step(h, 5);
    const others = ['w-0', 'w-1', 'w-2'];
    expect(bound(h, names)).toEqual([]);
    expect(holding(h, others)).toEqual([]);
    // The first waiter to time out turns the others back with it.
    expect(eventsMatching(h, /^binding to gpu-\d failed: gang ml\/w: rejected due to timeout after waiting 0.1s for 4 members to be ready to bind$/).length).toBeGreaterThan(0);
    for (const n of others) expect(h.lastFailure(n)).toMatch(/gang ml\/w: (rejected due to timeout|member w-[0-2] was rejected, so the gang is below its minimum)/);
    // Only the stalled member still holds its Reserve (its write has not returned).
    expect([...h.scheduler.cache.devices.inFlight.values()].map((f) => f.podKey)).toEqual(['ml/w-3']);
    unstall();
    for (let i = 0; i < 6 && bound(h, names).length < 4; i++) {
      await sleep(250);
      await h.settle();
    }
    expect(bound(h, names)).toEqual(names);
    for (const n of names) expect(h.claim(`${n}-gpu`, NS)?.status?.reservedFor?.map((r) => r.name)).toEqual([n]);
  });
});

describe('gang: a member failing at Bind after the others bound', () => {
  it('a transient Bind failure: the member is retried alone and the gang ends whole, no device held twice', async () => {
    const { h, names } = gangCluster([2, 2], 4);
    let failures = 1;
    h.api.failHook = (verb, _ref, name) => (verb === 'binding' && name === 'w-2' && failures-- > 0 ? serverError() : undefined);
    await h.settle();
    expect(bound(h, names)).toEqual(names);
    expect(h.events('w-2').some((e) => /binding to gpu-\d failed/.test(e.message ?? ''))).toBe(true);
    const devices = names.map((n) => JSON.stringify(h.claim(`${n}-gpu`, NS)?.status?.allocation?.devices?.results));
    expect(new Set(devices).size).toBe(4);
    for (const n of names) expect(h.claim(`${n}-gpu`, NS)?.status?.reservedFor?.map((r) => r.name)).toEqual([n]);
    expect(h.scheduler.cache.devices.inFlight.size).toBe(0);
  });

  it('a member that never binds: after the timeout the bound members are evicted, so the gang holds no GPU', async () => {
    const { h, names } = gangCluster([2, 2], 4, { pluginArgs: { GangScheduling: { permitWaitingTimeSeconds: 0.5 } }, backoffInitialMs: 100, backoffMaxMs: 100, gangWaitReportMs: 0 });
    h.api.failHook = (verb, _ref, name) => (verb === 'binding' && name === 'w-2' ? serverError() : undefined);
    await h.settle();
    expect(bound(h, names)).toEqual(['w-0', 'w-1', 'w-3']); // bindings are final: these went through
    expect(holding(h, ['w-2'])).toEqual([]); // the failed member's claim was rolled back
    await sleep(550);
    await h.settle();
    await sleep(20);
    await h.settle();
    for (const n of ['w-0', 'w-1', 'w-3']) expect(h.pod(n, NS)).toBeUndefined();
    expect(holding(h, names)).toEqual([]); // their claims were released with them
    expect(eventsMatching(h, /only 3 of 4 members bound after 0.5s; evicting the bound members/).length).toBe(3);
    expect(holding(h, ['w-2'])).toEqual([]);
    expect(h.scheduler.cache.devices.inFlight.size).toBe(0);
    expect(h.lastFailure('w-2')).toBe('gang ml/w: only 1 of 4 required members exist (minCount 4); waiting for more pods');
  });
});

describe('gang: two gangs competing for the same GPUs', () => {
  const cases: { name: string; fail: (verb: string, name: string) => boolean }[] = [
    { name: 'no failures', fail: () => false },
    { name: "the first placed gang's claim write conflicts once", fail: (() => { let n = 1; return (verb: string, name: string) => verb === 'updateStatus' && /^[ab]-1-gpu$/.test(name) && n-- > 0; })() },
    { name: "a member's Bind fails once", fail: (() => { let n = 1; return (verb: string, name: string) => verb === 'binding' && /^[ab]-1$/.test(name) && n-- > 0; })() },
  ];
  for (const c of cases) {
    it(`${c.name}: exactly one gang is fully placed, the other holds nothing`, async () => {
      const h = new Harness();
      h.add(R.DEVICE_CLASSES, gpuClass());
      h.add(R.NODES, makeNode('gpu-0'), makeNode('gpu-1'));
      h.add(R.RESOURCE_SLICES, gpuSlice('gpu-0', 4), gpuSlice('gpu-1', 2));
      h.api.failHook = (verb, _ref, name) => (c.fail(verb, name) ? (verb === 'binding' ? serverError() : conflict()) : undefined);
      addGang(h, 'a', 4, 'upstream');
      addGang(h, 'b', 4, 'upstream');
      await h.settle();
      const a = ['a-0', 'a-1', 'a-2', 'a-3'];
      const b = ['b-0', 'b-1', 'b-2', 'b-3'];
      expect([bound(h, a).length, bound(h, b).length].sort()).toEqual([0, 4]);
      const loser = bound(h, a).length === 0 ? a : b;
      expect(holding(h, loser)).toEqual([]);
      expect(h.scheduler.cache.devices.inFlight.size).toBe(0);
    });
  }
});
