import { describe, expect, it } from 'vitest';
import { findStaticBusybox, isStaticElf } from './static-binary.ts';

describe('isStaticElf', () => {
  it('the static busybox is static; node (dynamically linked) and a text file are not', () => {
    expect(isStaticElf(findStaticBusybox()!)).toBe(true);
    expect(isStaticElf(process.execPath)).toBe(false);
    expect(isStaticElf(new URL(import.meta.url).pathname)).toBe(false);
    expect(isStaticElf('/nonexistent/busybox')).toBe(false);
  });
  it('finds nothing among candidates that are missing or dynamic', () => {
    expect(findStaticBusybox(['/nonexistent', process.execPath])).toBeUndefined();
  });
});
