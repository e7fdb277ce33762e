import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@skiff/api';
import { ApiError, failureStatus } from '@skiff/client';
import { LeaderElector, type Lease, type LeaseClient } from './leader-election.ts';

/** An in-memory Lease store with real optimistic concurrency. */
function memoryLeases() {
  const leases = new Map<string, Lease>();
  let rv = 0;
  const client: LeaseClient = {
    async get<T extends KubeObject>(_ref: unknown, name: string) {
      const l = leases.get(name);
      if (!l) throw new ApiError(failureStatus(404, 'NotFound', `leases "${name}" not found`));
      return structuredClone(l) as unknown as T;
    },
    async create<T extends KubeObject>(_ref: unknown, obj: T) {
      if (leases.has(obj.metadata.name!)) throw new ApiError(failureStatus(409, 'AlreadyExists', 'exists'));
      const stored = { ...structuredClone(obj), metadata: { ...obj.metadata, resourceVersion: String(++rv) } };
      leases.set(obj.metadata.name!, stored as Lease);
      return structuredClone(stored);
    },
    async update<T extends KubeObject>(_ref: unknown, obj: T) {
      const cur = leases.get(obj.metadata.name!);
      if (!cur || cur.metadata.resourceVersion !== obj.metadata.resourceVersion) throw new ApiError(failureStatus(409, 'Conflict', 'modified'));
      const stored = { ...structuredClone(obj), metadata: { ...obj.metadata, resourceVersion: String(++rv) } };
      leases.set(obj.metadata.name!, stored as Lease);
      return structuredClone(stored);
    },
  };
  return { client, leases };
}

const tick = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('LeaderElector', () => {
  it('one of two leads; the other takes over after the first stops (released lease)', async () => {
    const { client, leases } = memoryLeases();
    const log: string[] = [];
    const elector = (id: string) =>
      new LeaderElector({
        client,
        namespace: 'kube-system',
        name: 'ctrl',
        identity: id,
        leaseDurationMs: 3000,
        renewDeadlineMs: 2000,
        retryPeriodMs: 10,
        onStartedLeading: () => void log.push(`start ${id}`),
        onStoppedLeading: () => void log.push(`stop ${id}`),
      });
    const a = elector('a');
    const b = elector('b');
    void a.run();
    await tick(30);
    void b.run();
    await tick(60);
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
    expect(b.getLeader()).toBe('a');
    const spec = leases.get('ctrl')!.spec!;
    expect(spec).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 3, leaseTransitions: 0 });
    expect(spec.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    await a.stop();
    await tick(60);
    expect(b.isLeader()).toBe(true);
    expect(leases.get('ctrl')!.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    await b.stop();
    expect(log).toEqual(['start a', 'stop a', 'start b', 'stop b']);
  });

  it('takes over an expired lease (holder vanished without releasing), measured on its own clock', async () => {
    const { client, leases } = memoryLeases();
    let now = 1_000_000;
    leases.set('l', {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'l', namespace: 'ns', resourceVersion: '1' },
      spec: { holderIdentity: 'ghost', leaseDurationSeconds: 15, renewTime: '2000-01-01T00:00:00.000000Z', leaseTransitions: 4 },
    });
    const e = new LeaderElector({
      client,
      namespace: 'ns',
      name: 'l',
      identity: 'me',
      now: () => now,
      delay: async () => {
        now += 2000;
        await new Promise((r) => setImmediate(r)); // a macrotask: let the test observe
      },
      onStartedLeading: () => {},
    });
    void e.run();
    for (let i = 0; i < 50 && !e.isLeader(); i++) await tick(1);
    // Needs a full leaseDuration of observing an unchanged record, whatever renewTime says.
    expect(now - 1_000_000).toBeGreaterThanOrEqual(15_000);
    expect(leases.get('l')!.spec).toMatchObject({ holderIdentity: 'me', leaseTransitions: 5 });
    await e.stop();
  });

  it('stops leading when renewals fail past renewDeadline', async () => {
    const { client } = memoryLeases();
    let failing = false;
    const flaky: LeaseClient = {
      ...client,
      update: (ref, obj, o) => (failing ? Promise.reject(new ApiError(failureStatus(0, 'ServiceUnavailable', 'down'))) : client.update(ref, obj, o)),
    };
    let stopped = false;
    let leadershipSignal: AbortSignal | undefined;
    const e = new LeaderElector({
      client: flaky,
      namespace: 'ns',
      name: 'l',
      identity: 'me',
      leaseDurationMs: 200,
      renewDeadlineMs: 100,
      retryPeriodMs: 10,
      onStartedLeading: (s) => void (leadershipSignal = s),
      onStoppedLeading: () => void (stopped = true),
    });
    const running = e.run();
    await tick(30);
    expect(e.isLeader()).toBe(true);
    failing = true;
    await running;
    expect([stopped, e.isLeader(), leadershipSignal?.aborted]).toEqual([true, false, true]);
  });
});
