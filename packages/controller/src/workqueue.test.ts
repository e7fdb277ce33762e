import { afterEach, describe, expect, it, vi } from 'vitest';
import { ItemExponentialFailureRateLimiter } from './rate-limiter.ts';
import { WorkQueue } from './workqueue.ts';

afterEach(() => vi.useRealTimers());

describe('WorkQueue', () => {
  it('de-duplicates queued keys and preserves order', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.len()).toBe(2);
    expect([await q.get(), await q.get()]).toEqual(['a', 'b']);
  });

  it('never hands a key in process to a second worker; re-adds it after done()', async () => {
    const q = new WorkQueue();
    q.add('a');
    const k = await q.get();
    q.add('a'); // arrives while processing
    q.add('a');
    expect(q.len()).toBe(0);
    let second: string | undefined;
    void q.get().then((x) => (second = x));
    await Promise.resolve();
    expect(second).toBeUndefined();
    q.done(k!);
    await Promise.resolve();
    expect(second).toBe('a');
    q.done('a');
    expect(q.len()).toBe(0); // processed once more, not twice
  });

  it('runs N concurrent workers without overlapping a key', async () => {
    const q = new WorkQueue();
    const active = new Set<string>();
    let overlaps = 0;
    let processed = 0;
    const worker = async () => {
      for (;;) {
        const key = await q.get();
        if (key === undefined) return;
        if (active.has(key)) overlaps++;
        active.add(key);
        await new Promise((r) => setTimeout(r, 1));
        if (processed < 40) q.add(key); // keep re-adding while in flight
        processed++;
        active.delete(key);
        q.done(key);
      }
    };
    for (const k of ['a', 'b', 'c']) q.add(k);
    const workers = Array.from({ length: 4 }, worker);
    while (processed < 40) await new Promise((r) => setTimeout(r, 2));
    q.shutDown();
    await Promise.all(workers);
    expect(overlaps).toBe(0);
  });

  it('addRateLimited backs off exponentially (fake timers); forget resets', async () => {
    vi.useFakeTimers();
    const q = new WorkQueue({ rateLimiter: new ItemExponentialFailureRateLimiter(5, 1000) });
    const readyAfter = async (): Promise<number> => {
      q.addRateLimited('k');
      let t = 0;
      while (q.len() === 0) {
        await vi.advanceTimersByTimeAsync(1);
        t++;
      }
      q.done((await q.get())!);
      return t;
    };
    expect([await readyAfter(), await readyAfter(), await readyAfter(), await readyAfter()]).toEqual([5, 10, 20, 40]);
    expect(q.numRequeues('k')).toBe(4);
    q.forget('k');
    expect(await readyAfter()).toBe(5);
  });

  it('addAfter keeps the earliest deadline; shutDown releases waiters and drops timers', async () => {
    vi.useFakeTimers();
    const q = new WorkQueue();
    q.addAfter('k', 100);
    q.addAfter('k', 50);
    q.addAfter('k', 200);
    await vi.advanceTimersByTimeAsync(50);
    expect(q.len()).toBe(1);
    await q.get();
    q.addAfter('later', 10);
    const waiting = q.get();
    q.shutDown();
    expect(await waiting).toBeUndefined();
    await vi.advanceTimersByTimeAsync(20);
    expect(q.len()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    q.add('x');
    expect(await q.get()).toBeUndefined();
  });
});
