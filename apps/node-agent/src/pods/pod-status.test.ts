import type { Pod } from '@skiff/api';
import { describe, expect, it } from 'vitest';
import { computePodStatus } from './pod-status.ts';

describe('computePodStatus keeps the fields other components own', () => {
  const pod = (status: Pod['status']): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'u' }, spec: { containers: [{ name: 'c', image: 'x' }] }, status });
  const input = (p: Pod) => ({ pod: p, containers: [], waiting: new Map(), ready: () => false, started: () => false, hostIP: '10.0.0.1', now: Date.UTC(2026, 0, 1) });

  it('resourceClaimStatuses, extendedResourceClaimStatus and nominatedNodeName survive (the status writer nulls missing keys)', () => {
    const extendedResourceClaimStatus = { resourceClaimName: 'p-extended-resources-abcde', requestMappings: [{ containerName: 'c', resourceName: 'nvidia.com/gpu', requestName: 'container-0-request-0' }] };
    const resourceClaimStatuses = [{ name: 'gpu', resourceClaimName: 'p-gpu' }];
    const s = computePodStatus(input(pod({ phase: 'Pending', extendedResourceClaimStatus, resourceClaimStatuses, nominatedNodeName: 'n2' })));
    expect(s.extendedResourceClaimStatus).toEqual(extendedResourceClaimStatus);
    expect(s.resourceClaimStatuses).toEqual(resourceClaimStatuses);
    expect(s.nominatedNodeName).toBe('n2');
  });

  it('absent stays absent', () => {
    const s = computePodStatus(input(pod({ phase: 'Pending' })));
    expect('extendedResourceClaimStatus' in s || 'resourceClaimStatuses' in s || 'nominatedNodeName' in s).toBe(false);
  });
});
