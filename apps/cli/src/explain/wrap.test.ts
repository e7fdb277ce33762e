import { describe, expect, it } from 'vitest';
import { indent, wordWrap } from './wrap.ts';

describe('wordWrap (go-wordwrap)', () => {
  it.each([
    ['breaks at the last space that keeps the line within the limit', 'aaa bbb ccc', 7, 'aaa bbb\nccc'],
    ['keeps a word longer than the limit whole', 'a verylongword b', 5, 'a\nverylongword\nb'],
    ['starts again after an existing newline', 'aaa\nbbb ccc', 7, 'aaa\nbbb ccc'],
    ['drops the space where it breaks', 'aaaa bbbb', 4, 'aaaa\nbbbb'],
  ])('%s', (_name, text, limit, want) => {
    expect(wordWrap(text, limit)).toBe(want);
  });

  it('indent pads every line, the empty last one too', () => {
    expect(indent(2, 'a\nb\n')).toBe('  a\n  b\n  ');
  });
});
