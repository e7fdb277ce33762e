import { expect, it } from 'vitest';
import { deployment } from '../../testing/objects.ts';
import { equalIgnoreHash, maxSurge, maxUnavailable, resolveFenceposts } from './util.ts';

it('resolves maxSurge up and maxUnavailable down; both 0 gives unavailable 1', () => {
  expect(resolveFenceposts('25%', '25%', 10)).toEqual({ surge: 3, unavailable: 2 });
  expect(resolveFenceposts('10%', '10%', 5)).toEqual({ surge: 1, unavailable: 0 });
  expect(resolveFenceposts(0, 0, 5)).toEqual({ surge: 0, unavailable: 1 });
  expect(resolveFenceposts('0%', '0%', 3)).toEqual({ surge: 0, unavailable: 1 });
  const recreate = deployment('r', 4, 'a', { strategy: { type: 'Recreate' } });
  expect([maxSurge(recreate), maxUnavailable(recreate)]).toEqual([0, 0]);
  expect(maxUnavailable(deployment('d', 2, 'a', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 5 } } }))).toBe(2);
});

it('compares templates ignoring pod-template-hash', () => {
  const a = { metadata: { labels: { app: 'x', 'pod-template-hash': 'abc' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };
  const b = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };
  expect(equalIgnoreHash(a, b)).toBe(true);
  expect(equalIgnoreHash(a, { ...b, spec: { containers: [{ name: 'c', image: 'j' }] } })).toBe(false);
});
