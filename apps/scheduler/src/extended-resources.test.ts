/**
 * DeviceClass extendedResourceName through the whole scheduler (Harness): a plain
 * `nvidia.com/gpu` limit on a node that does not list nvidia.com/gpu in allocatable but
 * publishes GPUs in a ResourceSlice is served by a generated ResourceClaim, as upstream
 * (KEP-5004); a node that lists it keeps the classic path; no GPU is promised twice.
 */
import type { DeviceClass, ResourceClaim } from '@skiff/api';
import { describe, expect, it } from 'vitest';
import { EXTENDED_RESOURCE_CLAIM_ANNOTATION } from './dra/index.ts';
import * as R from './refs.ts';
import { gpuClass, gpuSlice, makeNode, makePod } from './testing/fixtures.ts';
import { Harness } from './testing/harness.ts';

const mappedClass = (): DeviceClass => {
  const c = gpuClass();
  c.spec.extendedResourceName = 'nvidia.com/gpu';
  return c;
};

/** Node `d`: GPUs only as slice devices (no device plugin), unless `advertised`. */
function cluster(gpus: number, o: { advertised?: boolean; mapped?: boolean } = {}): Harness {
  const h = new Harness();
  h.add(R.DEVICE_CLASSES, o.mapped === false ? gpuClass() : mappedClass());
  h.add(R.NODES, makeNode('d', o.advertised ? { gpus } : {}));
  h.add(R.RESOURCE_SLICES, gpuSlice('d', gpus));
  return h;
}

const extendedClaims = (h: Harness): ResourceClaim[] => h.api.lister<ResourceClaim>(R.RESOURCE_CLAIMS).list().filter((c) => c.metadata.annotations?.[EXTENDED_RESOURCE_CLAIM_ANNOTATION] === 'true');
const settleTwice = async (h: Harness): Promise<void> => {
  await h.settle();
  await new Promise((r) => setTimeout(r, 20));
  await h.settle();
};

describe('extended resources served by DRA (DeviceClass extendedResourceName)', () => {
  it('binds a nvidia.com/gpu pod to a node without the resource, through a generated claim recorded on the pod', async () => {
    const h = cluster(2);
    h.add(R.PODS, makePod('p', { gpu: 1 }));
    await h.settle();
    expect(h.nodeOf('p')).toBe('d');
    const pod = h.pod('p')!;
    const [claim, ...more] = extendedClaims(h);
    expect(more).toEqual([]);
    expect(claim!.metadata.name).toMatch(/^p-extended-resources-.{5}$/);
    expect(claim!.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: pod.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(claim!.metadata.finalizers).toContain('resource.kubernetes.io/delete-protection');
    expect(claim!.spec.devices?.requests).toEqual([{ name: 'container-0-request-0', exactly: { deviceClassName: 'gpu.nvidia.com', allocationMode: 'ExactCount', count: 1 } }]);
    expect(claim!.status?.allocation?.devices?.results).toEqual([{ request: 'container-0-request-0', driver: 'gpu.nvidia.com', pool: 'd', device: 'gpu-0' }]);
    expect(claim!.status?.reservedFor).toEqual([{ resource: 'pods', name: 'p', uid: pod.metadata.uid }]);
    expect(pod.status?.extendedResourceClaimStatus).toEqual({
      resourceClaimName: claim!.metadata.name,
      requestMappings: [{ containerName: 'c', resourceName: 'nvidia.com/gpu', requestName: 'container-0-request-0' }],
    });
  });

  it('asks for as many devices as the limit, one request per container', async () => {
    const h = cluster(4);
    const pod = makePod('two', { gpu: 2 });
    pod.spec!.containers.push({ name: 'side', image: 'busybox', resources: { limits: { 'nvidia.com/gpu': '1' } } });
    h.add(R.PODS, pod);
    await h.settle();
    expect(h.nodeOf('two')).toBe('d');
    const [claim] = extendedClaims(h);
    const results = claim!.status?.allocation?.devices?.results ?? [];
    expect(results.map((r) => [r.request, r.device])).toEqual([
      ['container-0-request-0', 'gpu-0'],
      ['container-0-request-0', 'gpu-1'],
      ['container-1-request-0', 'gpu-2'],
    ]);
    expect(h.pod('two')!.status?.extendedResourceClaimStatus?.requestMappings).toEqual([
      { containerName: 'c', resourceName: 'nvidia.com/gpu', requestName: 'container-0-request-0' },
      { containerName: 'side', resourceName: 'nvidia.com/gpu', requestName: 'container-1-request-0' },
    ]);
  });

  it('a node that lists nvidia.com/gpu in allocatable keeps the classic path: no claim, no mapping', async () => {
    const h = cluster(2, { advertised: true });
    h.add(R.PODS, makePod('p', { gpu: 1 }));
    await h.settle();
    expect(h.nodeOf('p')).toBe('d');
    expect(extendedClaims(h)).toEqual([]);
    expect(h.pod('p')!.status?.extendedResourceClaimStatus).toBeUndefined();
  });

  it('without a class mapping the name, a node without the resource is still Insufficient', async () => {
    const h = cluster(2, { mapped: false });
    h.add(R.PODS, makePod('p', { gpu: 1 }));
    await h.settle();
    expect(h.nodeOf('p')).toBeUndefined();
    expect(h.lastFailure('p')).toMatch(/^0\/1 nodes are available: 1 Insufficient nvidia\.com\/gpu\./);
  });

  it('two pods, one GPU: one binds, the other waits and gets the GPU once the first pod is gone', async () => {
    const h = cluster(1);
    h.add(R.PODS, makePod('a', { gpu: 1, priority: 1 }), makePod('b', { gpu: 1 }));
    await h.settle();
    expect(h.nodeOf('a')).toBe('d');
    expect(h.nodeOf('b')).toBeUndefined();
    expect(h.lastFailure('b')).toMatch(/cannot allocate all claims/);
    expect(extendedClaims(h)).toHaveLength(1);
    h.remove(R.PODS, 'default', 'a');
    await settleTwice(h);
    expect(h.nodeOf('b')).toBe('d');
    // a's claim was released and deleted with it; b has its own, holding the same GPU.
    const claims = extendedClaims(h);
    expect(claims.map((c) => c.metadata.ownerReferences?.[0]?.name)).toEqual(['b']);
    expect(claims[0]!.status?.allocation?.devices?.results?.map((r) => r.device)).toEqual(['gpu-0']);
  });

  it('shares the GPU ledger with regular claims: a claim pod and an extended-resource pod never get the same GPU', async () => {
    const h = cluster(1);
    h.add(R.RESOURCE_CLAIMS, {
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceClaim',
      metadata: { name: 'x-gpu', namespace: 'default' },
      spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.nvidia.com' } }] } },
    } satisfies ResourceClaim);
    h.add(R.PODS, makePod('x', { claims: [{ name: 'gpu', claim: 'x-gpu' }], priority: 1 }), makePod('y', { gpu: 1 }));
    await h.settle();
    expect(h.nodeOf('x')).toBe('d');
    expect(h.nodeOf('y')).toBeUndefined();
    expect(extendedClaims(h)).toEqual([]);
  });

  it('a failed Bind deletes the generated claim; the retry makes a new one and binds', async () => {
    const h = cluster(1);
    let failures = 1;
    h.api.failHook = (verb) => (verb === 'binding' && failures-- > 0 ? new Error('injected bind failure') : undefined);
    h.add(R.PODS, makePod('p', { gpu: 1 }));
    await settleTwice(h);
    expect(failures).toBe(-1);
    expect(h.nodeOf('p')).toBe('d');
    const claims = extendedClaims(h);
    expect(claims).toHaveLength(1);
    expect(h.pod('p')!.status?.extendedResourceClaimStatus?.resourceClaimName).toBe(claims[0]!.metadata.name);
    expect(claims[0]!.status?.reservedFor?.map((r) => r.name)).toEqual(['p']);
  });
});
