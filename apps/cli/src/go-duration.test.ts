import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './go-duration.ts';

describe('parseGoDuration (Go time.ParseDuration)', () => {
  it.each([
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    ['0', 0],
    ['-1s', -1000],
  ])('%s', (text, ms) => expect(parseGoDuration(text)).toBe(ms));

  it.each(['5', 'abc', '1x', '', 's'])('rejects %j', (text) => expect(parseGoDuration(text)).toBeUndefined());
});
