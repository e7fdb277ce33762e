import { expect, it } from 'vitest';
import { ControllerExpectations } from './expectations.ts';

it('is satisfied when unset, when observed, or after the 5 minute TTL', () => {
  let now = 0;
  const e = new ControllerExpectations({ now: () => now });
  expect(e.satisfied('ns/rs')).toBe(true);
  e.expectCreations('ns/rs', 2);
  expect(e.satisfied('ns/rs')).toBe(false);
  e.creationObserved('ns/rs');
  expect(e.satisfied('ns/rs')).toBe(false);
  e.creationObserved('ns/rs');
  expect(e.satisfied('ns/rs')).toBe(true);

  e.expectDeletions('ns/rs', 1);
  expect(e.satisfied('ns/rs')).toBe(false);
  now += 5 * 60 * 1000;
  expect(e.satisfied('ns/rs')).toBe(false);
  now += 1;
  expect(e.satisfied('ns/rs')).toBe(true);

  e.raiseExpectations('x', 1, 1);
  e.raiseExpectations('x', 1, 0);
  expect(e.get('x')).toEqual({ add: 2, del: 1 });
  e.deletionObserved('x');
  e.lowerExpectations('x', 2, 0);
  expect(e.satisfied('x')).toBe(true);
  e.deleteExpectations('x');
  expect(e.get('x')).toBeUndefined();
});
