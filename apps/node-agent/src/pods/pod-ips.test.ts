import { describe, expect, it } from 'vitest';
import { PodIpAllocator } from './pod-ips.ts';

/** labelValues from a list the test edits; counts the engine round trips. */
function engine(initial: string[] = []) {
  const e = { held: [...initial], calls: 0, fail: undefined as Error | undefined };
  return {
    e,
    runtime: {
      labelValues: async () => {
        e.calls++;
        if (e.fail) throw e.fail;
        return [...e.held];
      },
    },
  };
}

describe('PodIpAllocator', () => {
  it('skips what the engine lists and what it handed out itself; the broadcast address is never used', async () => {
    const { runtime } = engine(['10.0.0.0']);
    const a = new PodIpAllocator(runtime, '10.0.0.0/30', { random: () => 0 });
    expect(await a.allocate()).toBe('10.0.0.1');
    expect(await a.allocate()).toBe('10.0.0.2');
    expect(await a.allocate()).toBeUndefined(); // 10.0.0.3 is the subnet's broadcast
  });

  it('starts at a random place (agents sharing an engine rarely pick alike)', async () => {
    const { runtime } = engine();
    const a = new PodIpAllocator(runtime, '10.0.128.0/17', { random: () => 0.5 });
    expect(await a.allocate()).toBe('10.0.191.255');
  });

  it('lists once, then refreshes in the background when the list is old; its own addresses stay out until released', async () => {
    let now = 1_000_000;
    const { e, runtime } = engine();
    const a = new PodIpAllocator(runtime, '10.0.0.0/29', { random: () => 0, now: () => now });
    expect(await a.allocate()).toBe('10.0.0.0');
    expect(await a.allocate()).toBe('10.0.0.1');
    expect(e.calls).toBe(1);
    // Another agent took .2; ours (.0, .1) have no container yet (their images are still pulling).
    e.held = ['10.0.0.2'];
    now += 6_000;
    expect(await a.allocate()).toBe('10.0.0.2'); // the refresh runs behind this answer…
    await a.refresh();
    expect(e.calls).toBe(3);
    expect(await a.allocate()).toBe('10.0.0.3'); // …and now shows .2 taken; .0 and .1 are still ours
    a.release('10.0.0.0');
    expect(await a.allocate()).toBe('10.0.0.0');
  });

  it('taken() keeps an address out until a listing says otherwise; an engine error reaches the caller', async () => {
    const { e, runtime } = engine();
    const a = new PodIpAllocator(runtime, '10.0.0.0/30', { random: () => 0 });
    await a.refresh();
    a.taken('10.0.0.0');
    expect(await a.allocate()).toBe('10.0.0.1');
    await a.refresh(); // the engine lists nobody on .0 any more
    expect(await a.allocate()).toBe('10.0.0.0');
    e.fail = new Error('Cannot connect to the Docker daemon');
    const b = new PodIpAllocator(runtime, '10.0.0.0/30');
    await expect(b.allocate()).rejects.toThrow('Cannot connect to the Docker daemon');
    expect(() => new PodIpAllocator(runtime, '10.0.0.0')).toThrow('invalid pod address range "10.0.0.0"');
  });
});
