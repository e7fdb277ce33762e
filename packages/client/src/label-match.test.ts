import { expect, it } from 'vitest';
import { matchesLabels } from './label-match.ts';

it.each([
  [{ app: 'a' }, { app: 'a', x: 'y' }, true],
  [{ app: 'a' }, { app: 'b' }, false],
  [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'db'] }] }, { tier: 'db' }, true],
  [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] }, {}, true],
  [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, {}, false],
  [{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, {}, true],
  [{ matchLabels: { a: '1' }, matchExpressions: [{ key: 'b', operator: 'Exists' }] }, { a: '1', b: '' }, true],
  [{}, { anything: 'x' }, true],
] as const)('%o matches %o: %s', (sel, labels, want) => {
  expect(matchesLabels(sel as never, labels)).toBe(want);
});
