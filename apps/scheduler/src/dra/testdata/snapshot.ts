/** Snapshot builders for allocator tests and the B7 benchmark. */
import type { DeviceClass, ResourceSlice } from '@skiff/api';
import type { DraSnapshot } from '../types.ts';
import { GPU_CLASS, MIG_CLASS } from './h100.ts';

export function snapshot(slices: ResourceSlice[], opts: { classes?: DeviceClass[]; allocated?: string[] } = {}): DraSnapshot {
  const slicesByNode = new Map<string, ResourceSlice[]>();
  const sharedSlices: ResourceSlice[] = [];
  for (const s of slices) {
    if (s.spec.nodeName) {
      const list = slicesByNode.get(s.spec.nodeName) ?? [];
      list.push(s);
      slicesByNode.set(s.spec.nodeName, list);
    } else sharedSlices.push(s);
  }
  const classes = new Map((opts.classes ?? [GPU_CLASS, MIG_CLASS]).map((c) => [c.metadata.name ?? '', c]));
  return { classes, slicesByNode, sharedSlices, allocated: new Set(opts.allocated ?? []) };
}
