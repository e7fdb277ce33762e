/**
 * One GPU ledger through the whole scheduler (Harness): a node publishes its GPUs both as
 * allocatable nvidia.com/gpu and as ResourceSlice devices, and no GPU may be promised twice,
 * whichever way pods ask and however closely they follow each other.
 */
import type { Pod, ResourceClaim } from '@skiff/api';
import { describe, expect, it } from 'vitest';
import { GPUS_ANNOTATION } from '@skiff/api';
import * as R from './refs.ts';
import { claimTemplate, gpuClass, gpuSlice, gpuUuid, makeNode, makePod } from './testing/fixtures.ts';
import { Harness } from './testing/harness.ts';

function gpuNode(gpus: number): Harness {
  const h = new Harness();
  h.add(R.DEVICE_CLASSES, gpuClass());
  h.add(R.RESOURCE_CLAIM_TEMPLATES, claimTemplate('one-gpu'), claimTemplate('two-gpus', { count: 2 }));
  h.add(R.NODES, makeNode('g', { gpus }));
  h.add(R.RESOURCE_SLICES, gpuSlice('g', gpus));
  return h;
}

const draPod = (name: string, template = 'one-gpu'): Pod => makePod(name, { claims: [{ name: 'gpu', template }] });
const classicPod = (name: string): Pod => makePod(name, { gpu: 1 });
const oneGpuClaim = (name: string): ResourceClaim => ({
  apiVersion: 'resource.k8s.io/v1',
  kind: 'ResourceClaim',
  metadata: { name, namespace: 'default' },
  spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.nvidia.com' } }] } },
});
const devicesOf = (h: Harness, claim: string): string[] => (h.claim(claim)?.status?.allocation?.devices?.results ?? []).map((r) => r.device).sort();

describe('classic nvidia.com/gpu limits and DRA claims share one GPU ledger', () => {
  it('a classic pod does not get a GPU claims hold, and gets it once the claim is released', async () => {
    const h = gpuNode(2);
    h.add(R.PODS, draPod('a'), draPod('b'));
    await h.settle();
    expect([h.nodeOf('a'), h.nodeOf('b')]).toEqual(['g', 'g']);
    h.add(R.PODS, classicPod('c'));
    await h.settle();
    expect(h.nodeOf('c')).toBeUndefined();
    expect(h.lastFailure('c')).toMatch(/^0\/1 nodes are available: 1 Insufficient nvidia\.com\/gpu\./);
    h.remove(R.PODS, 'default', 'a');
    await h.settle();
    await new Promise((r) => setTimeout(r, 20));
    await h.settle();
    expect(h.nodeOf('c')).toBe('g');
  });

  for (const first of ['classic', 'dra'] as const) {
    it(`back to back (${first} pod first): the last GPU goes to one pod only`, async () => {
      const h = gpuNode(1);
      // The first pod is the one the queue pops first: a higher priority decides that for
      // certain (equal priorities fall back to enqueue time, which differs by a millisecond or
      // not at all). The claim exists already, so the DRA pod does not wait for it.
      const [dra, classic] = ['x-dra', 'x-classic'];
      const prio = (kind: 'dra' | 'classic'): number => (kind === first ? 1 : 0);
      h.add(R.RESOURCE_CLAIMS, oneGpuClaim(`${dra}-gpu`));
      h.add(R.PODS, makePod(dra, { claims: [{ name: 'gpu', claim: `${dra}-gpu` }], priority: prio('dra') }), makePod(classic, { gpu: 1, priority: prio('classic') }));
      await h.settle();
      const [winner, loser] = first === 'dra' ? [dra, classic] : [classic, dra];
      expect(h.nodeOf(winner)).toBe('g');
      expect(h.nodeOf(loser)).toBeUndefined();
      expect(h.lastFailure(loser)).toMatch(first === 'classic' ? /cannot allocate all claims/ : /Insufficient nvidia\.com\/gpu/);
    });
  }

  it('DRA leaves classic GPUs alone: recorded UUIDs exactly, unrecorded ones where the agent will pick', async () => {
    const h = gpuNode(4);
    const recorded = makePod('recorded', { gpu: 1, spec: { nodeName: 'g' } });
    recorded.metadata.annotations = { [GPUS_ANNOTATION]: JSON.stringify({ c: [gpuUuid('g', 1)] }) };
    // Bound, but the agent has not picked yet: it will take the lowest free index, gpu-0.
    const unrecorded = makePod('unrecorded', { gpu: 1, spec: { nodeName: 'g' } });
    h.add(R.PODS, recorded, unrecorded);
    h.add(R.PODS, draPod('d', 'two-gpus'));
    await h.settle();
    expect(h.nodeOf('d')).toBe('g');
    expect(devicesOf(h, 'd-gpu')).toEqual(['gpu-2', 'gpu-3']);
  });

  it('a classic pod that finishes gives its GPU to a waiting DRA pod', async () => {
    const h = gpuNode(1);
    const running = makePod('classic', { gpu: 1, spec: { nodeName: 'g' } });
    h.add(R.PODS, running, draPod('d'));
    await h.settle();
    expect(h.nodeOf('d')).toBeUndefined();
    h.add(R.PODS, { ...running, status: { phase: 'Succeeded' } });
    await h.settle();
    expect(h.nodeOf('d')).toBe('g');
    expect(devicesOf(h, 'd-gpu')).toEqual(['gpu-0']);
  });
});
