import { afterEach, expect, it } from 'vitest';
import type { Pod, ResourceClaim, ResourceClaimTemplate } from '@skiff/api';
import { fixture, type Fixture } from '../../testing/fixture.ts';
import { pod } from '../../testing/objects.ts';
import { ResourceClaimTemplateReconciler } from './reconcile.ts';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.stop();
  f = undefined;
});

const template: ResourceClaimTemplate = {
  apiVersion: 'resource.k8s.io/v1',
  kind: 'ResourceClaimTemplate',
  metadata: { name: 'single-gpu', namespace: 'default' },
  spec: { metadata: { labels: { team: 'ml' } }, spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.nvidia.com' } }] } } },
} as ResourceClaimTemplate;

function gpuPod(): Pod {
  const p = pod('trainer');
  p.spec!.resourceClaims = [{ name: 'gpu', resourceClaimTemplateName: 'single-gpu' }];
  return p;
}

it('creates <pod>-<claim> owned by the pod and records it in resourceClaimStatuses', async () => {
  f = await fixture({ pods: [gpuPod()], resourceclaimtemplates: [template] });
  await f.reconcile(new ResourceClaimTemplateReconciler(f.deps), 'default', 'trainer');
  const claim = f.client.of('create', 'resourceclaims')[0]!.body as ResourceClaim;
  expect(claim.metadata).toMatchObject({
    name: 'trainer-gpu',
    labels: { team: 'ml' },
    annotations: { 'resource.kubernetes.io/pod-claim-name': 'gpu' },
    ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'trainer', uid: 'uid-trainer', controller: true, blockOwnerDeletion: true }],
  });
  expect(claim.spec).toEqual(template.spec!.spec);
  const status = f.client.of('patch', 'pods')[0]!;
  expect(status.subresource).toBe('status');
  expect(status.body).toEqual({ status: { resourceClaimStatuses: [{ name: 'gpu', resourceClaimName: 'trainer-gpu' }] } });
});

it('tolerates a claim the scheduler already made for the same pod', async () => {
  const existing = { apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaim', metadata: { name: 'trainer-gpu', namespace: 'default', ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'trainer', uid: 'uid-trainer', controller: true }] }, spec: {} };
  f = await fixture({ pods: [gpuPod()], resourceclaimtemplates: [template] });
  f.client.seed({ group: 'resource.k8s.io', version: 'v1', plural: 'resourceclaims', namespaced: true }, [existing]);
  await f.reconcile(new ResourceClaimTemplateReconciler(f.deps), 'default', 'trainer');
  expect(f.client.of('create', 'resourceclaims')).toHaveLength(1); // AlreadyExists
  expect(f.client.of('patch', 'pods')).toHaveLength(1);
});
