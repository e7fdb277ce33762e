import { describe, expect, it } from 'vitest';
import type { Pod } from '@skiff/api';
import { claimsForExtendedResources, extendedResourceClaim, extendedResourceClasses } from './extended-resources.ts';
import { allocateOnNode } from './allocate.ts';
import { snapshot } from './testdata/snapshot.ts';
import { deviceClass, eightGpuSlice, GPU_CLASS, MIG_CLASS, node } from './testdata/h100.ts';

const pod = (containers: { name: string; limits?: Record<string, string>; requests?: Record<string, string> }[]): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'trainer', namespace: 'ml', uid: 'uid-1' },
  spec: { containers: containers.map(({ name, limits, requests }) => ({ name, image: 'x', resources: { ...(limits ? { limits } : {}), ...(requests ? { requests } : {}) } })) },
});
const classes = new Map([GPU_CLASS, MIG_CLASS].map((c) => [c.metadata.name!, c]));

describe('extended resources → claims', () => {
  it('maps nvidia.com/gpu limits through extendedResourceName, one request per container resource, named as upstream (sorted resource index)', () => {
    const r = extendedResourceClaim(pod([{ name: 'a', limits: { cpu: '1', 'nvidia.com/gpu': '2' } }, { name: 'b', requests: { 'nvidia.com/gpu': '1' } }]), classes)!;
    expect(r.claim.metadata).toMatchObject({
      name: 'trainer-extended-resources',
      generateName: 'trainer-extended-resources-',
      namespace: 'ml',
      annotations: { 'resource.kubernetes.io/extended-resource-claim': 'true' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'trainer', uid: 'uid-1', controller: true, blockOwnerDeletion: true }],
    });
    expect(r.claim.spec.devices!.requests).toEqual([
      { name: 'container-0-request-1', exactly: { deviceClassName: 'gpu.nvidia.com', allocationMode: 'ExactCount', count: 2 } },
      { name: 'container-1-request-0', exactly: { deviceClassName: 'gpu.nvidia.com', allocationMode: 'ExactCount', count: 1 } },
    ]);
    expect(r.requestMappings).toEqual([
      { containerName: 'a', resourceName: 'nvidia.com/gpu', requestName: 'container-0-request-1' },
      { containerName: 'b', resourceName: 'nvidia.com/gpu', requestName: 'container-1-request-0' },
    ]);
    const out = allocateOnNode(claimsForExtendedResources(pod([{ name: 'a', limits: { 'nvidia.com/gpu': '3' } }]), classes), node('node-1'), snapshot([eightGpuSlice('node-1')]));
    expect(out.ok && out.results.get('trainer-extended-resources')?.devices?.results?.length).toBe(3);
  });

  describe('init containers (indexed first, as upstream)', () => {
    const withInit = (init: { name: string; gpus: string; sidecar?: boolean }[], apps: { name: string; gpus: string }[]): Pod => {
      const p = pod(apps.map((a) => ({ name: a.name, limits: { 'nvidia.com/gpu': a.gpus } })));
      p.spec!.initContainers = init.map((c) => ({ name: c.name, image: 'x', resources: { limits: { 'nvidia.com/gpu': c.gpus } }, ...(c.sidecar ? { restartPolicy: 'Always' } : {}) }));
      return p;
    };
    const summary = (p: Pod) => {
      const r = extendedResourceClaim(p, classes)!;
      return { requests: r.claim.spec.devices!.requests!.map((q) => `${q.name}=${q.exactly!.count}`), mappings: r.requestMappings.map((m) => `${m.containerName}:${m.requestName}`) };
    };

    it("an app container reuses a finished init container's GPU instead of asking for another", () => {
      expect(summary(withInit([{ name: 'fetch', gpus: '1' }], [{ name: 'train', gpus: '1' }]))).toEqual({ requests: ['container-0-request-0=1'], mappings: ['fetch:container-0-request-0', 'train:container-0-request-0'] });
    });

    it('asks only for the remainder when the app wants more than the init container had', () => {
      expect(summary(withInit([{ name: 'fetch', gpus: '1' }], [{ name: 'train', gpus: '2' }]))).toEqual({ requests: ['container-0-request-0=1', 'container-1-request-0=1'], mappings: ['fetch:container-0-request-0', 'train:container-0-request-0', 'train:container-1-request-0'] });
    });

    it('two app containers never share one device: the second gets its own', () => {
      expect(summary(withInit([{ name: 'fetch', gpus: '1' }], [{ name: 'a', gpus: '1' }, { name: 'b', gpus: '1' }]))).toEqual({ requests: ['container-0-request-0=1', 'container-2-request-0=1'], mappings: ['fetch:container-0-request-0', 'a:container-0-request-0', 'b:container-2-request-0'] });
    });

    it('a sidecar (restartPolicy Always) keeps running, so its GPU is never reused', () => {
      expect(summary(withInit([{ name: 'proxy', gpus: '1', sidecar: true }], [{ name: 'train', gpus: '1' }]))).toEqual({ requests: ['container-0-request-0=1', 'container-1-request-0=1'], mappings: ['proxy:container-0-request-0', 'train:container-1-request-0'] });
    });

    it('successive init containers reuse the same device', () => {
      expect(summary(withInit([{ name: 'i1', gpus: '1' }, { name: 'i2', gpus: '1' }], [{ name: 'cpu-only', gpus: '0' }]))).toEqual({ requests: ['container-0-request-0=1'], mappings: ['i1:container-0-request-0', 'i2:container-0-request-0'] });
    });
  });

  it('implicit deviceclass.resource.kubernetes.io/<class> names work without the field', () => {
    const [c] = claimsForExtendedResources(pod([{ name: 'a', limits: { 'deviceclass.resource.kubernetes.io/mig.nvidia.com': '1' } }]), classes);
    expect(c!.spec.devices!.requests![0]!.exactly!.deviceClassName).toBe('mig.nvidia.com');
  });

  it('no mapped resources → no claim', () => {
    expect(claimsForExtendedResources(pod([{ name: 'a', limits: { cpu: '1', 'example.com/foo': '1' } }]), classes)).toEqual([]);
  });

  it('two classes claiming one name: the newer wins, then the first by name', () => {
    const old = deviceClass('a-old', [], { extendedResourceName: 'nvidia.com/gpu' });
    old.metadata.creationTimestamp = '2026-01-01T00:00:00Z';
    const newer = deviceClass('z-new', [], { extendedResourceName: 'nvidia.com/gpu' });
    newer.metadata.creationTimestamp = '2026-06-01T00:00:00Z';
    const twin = deviceClass('b-new', [], { extendedResourceName: 'nvidia.com/gpu' });
    twin.metadata.creationTimestamp = '2026-06-01T00:00:00Z';
    expect(extendedResourceClasses(new Map([old, newer, twin].map((c) => [c.metadata.name!, c]))).get('nvidia.com/gpu')?.metadata.name).toBe('b-new');
  });
});
