import { describe, expect, it } from 'vitest';
import { printYaml } from './yaml.ts';

// Expected strings are what kubectl 1.32 printed for the same values (go-yaml v2).
describe('printYaml', () => {
  it.each([
    ['2024-01-01T00:00:00Z', '"2024-01-01T00:00:00Z"'],
    ['yes', '"yes"'],
    ['0123', '"0123"'],
    ['0o17', '"0o17"'],
    ['null', '"null"'],
    ['', '""'],
    ['# comment', "'# comment'"],
    ['key: value', "'key: value'"],
    ['*ref', "'*ref'"],
    ['plain words', 'plain words'],
  ])('%s', (value, printed) => {
    expect(printYaml({ v: value })).toBe(`v: ${printed}\n`);
  });

  it('sorts keys, does not indent sequences, folds long strings', () => {
    const long = 'this is a long plain string without special characters that goes past eighty columns for sure';
    expect(printYaml({ b: [{ z: 1, a: 2 }], a: long })).toBe(
      'a: this is a long plain string without special characters that goes past eighty\n  columns for sure\nb:\n- a: 2\n  z: 1\n',
    );
  });
});
