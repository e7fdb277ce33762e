import { describe, expect, it } from 'vitest';
import { BucketRateLimiter, ItemExponentialFailureRateLimiter, MaxOfRateLimiter, defaultControllerRateLimiter } from './rate-limiter.ts';

describe('rate limiters', () => {
  it('per-key exponential: 5 ms doubling, capped at 1000 s, forget resets, keys independent', () => {
    const rl = new ItemExponentialFailureRateLimiter();
    expect([1, 2, 3, 4].map(() => rl.when('a'))).toEqual([5, 10, 20, 40]);
    expect(rl.when('b')).toBe(5);
    expect(rl.numRequeues('a')).toBe(4);
    for (let i = 0; i < 100; i++) rl.when('a');
    expect(rl.when('a')).toBe(1000_000);
    rl.forget('a');
    expect([rl.numRequeues('a'), rl.when('a')]).toEqual([0, 5]);
  });

  it('bucket: burst is free, then 1/qps apart, refills with time', () => {
    let now = 0;
    const rl = new BucketRateLimiter(10, 3, () => now);
    expect([rl.when('x'), rl.when('y'), rl.when('z')]).toEqual([0, 0, 0]);
    expect([rl.when('x'), rl.when('x')]).toEqual([100, 200]);
    now += 1000;
    expect(rl.when('x')).toBe(0);
  });

  it('default = max of both', () => {
    let now = 0;
    const rl = defaultControllerRateLimiter(() => now);
    expect(rl.when('a')).toBe(5);
    expect(rl.when('a')).toBe(10);
    const max = new MaxOfRateLimiter(new ItemExponentialFailureRateLimiter(1, 10), new BucketRateLimiter(1, 1, () => now));
    expect([max.when('k'), max.when('k')]).toEqual([1, 1000]);
  });
});
