import { describe, expect, it } from 'vitest';
import { pod, storeConformance } from '../store.conformance.ts';
import { createMemoryStore } from './memory-store.ts';

storeConformance('memory', () => createMemoryStore());
storeConformance('memory, one commit per write', () => createMemoryStore({ groupCommit: false }));

describe('memory store', () => {
  it('treats events that left the watch cache as compacted', async () => {
    const s = createMemoryStore({ watchCacheSize: 3 });
    for (let i = 0; i < 5; i++) await s.create(`/core/pods/default/p${i}`, pod(`p${i}`));
    expect(s.compactedRevision).toBe(2);
    expect(() => s.watch('/', 1, () => {})).toThrow(expect.objectContaining({ code: 'Expired' }));
    const got: number[] = [];
    s.watch('/', 2, (e) => void got.push(e.revision));
    expect(got).toEqual([3, 4, 5]);
  });
});
