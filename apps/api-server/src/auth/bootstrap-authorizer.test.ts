/** The join-token rules as a table: what a node agent calls is allowed, nothing else is. */
import { describe, expect, it } from 'vitest';
import { authorizeRequest } from './bootstrap-authorizer.ts';

const agent = { name: 'system:bootstrap:abc123', groups: ['system:bootstrappers', 'system:bootstrappers:skiff:node-agent'] };
const admin = { name: 'skiff-admin', groups: ['system:masters'] };
const ok = (method: string, url: string) => authorizeRequest(agent, method, url) === undefined;

describe('authorizeRequest', () => {
  it('leaves every other user alone (Skiff has no RBAC: they are administrators)', () => {
    expect(authorizeRequest(admin, 'DELETE', '/api/v1/namespaces/kube-system')).toBeUndefined();
    expect(authorizeRequest({ name: 'csv-user', groups: [] }, 'GET', '/api/v1/secrets')).toBeUndefined();
  });

  it('allows what the node agent calls', () => {
    for (const [m, u] of [
      ['POST', '/api/v1/nodes'],
      ['PATCH', '/api/v1/nodes/n1'],
      ['PATCH', '/api/v1/nodes/n1/status'],
      ['GET', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n1'],
      ['PUT', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n1'],
      ['GET', '/api/v1/pods?fieldSelector=spec.nodeName%3Dn1&watch=true'],
      ['PATCH', '/api/v1/namespaces/default/pods/p/status'],
      ['PATCH', '/api/v1/namespaces/default/pods/p'],
      ['DELETE', '/api/v1/namespaces/default/pods/p'],
      ['POST', '/api/v1/namespaces/default/events'],
      ['GET', '/api/v1/namespaces/default/configmaps/cm'],
      ['GET', '/api/v1/namespaces/default/secrets/s'],
      ['GET', '/apis/discovery.k8s.io/v1/endpointslices?watch=1'],
      ['GET', '/api/v1/services'],
      ['PUT', '/apis/resource.k8s.io/v1/resourceslices/n1-gpu.nvidia.com'],
      ['GET', '/apis/resource.k8s.io/v1/resourceclaims'],
      ['GET', '/api'],
      ['GET', '/apis/resource.k8s.io/v1'],
      ['GET', '/version'],
      ['POST', '/apis/skiff.dev/v1/events'],
    ]) expect(ok(m!, u!), `${m} ${u}`).toBe(true);
  });

  it('refuses the rest, with kubectl-shaped messages', () => {
    for (const [m, u] of [
      ['GET', '/api/v1/secrets'],
      ['GET', '/api/v1/namespaces/default/secrets?watch=1'],
      ['GET', '/api/v1/namespaces/kube-system/secrets/bootstrap-token-zzz999'],
      ['DELETE', '/api/v1/nodes/n1'],
      ['DELETE', '/api/v1/namespaces/default/pods'],
      ['POST', '/api/v1/namespaces/default/pods'],
      ['PUT', '/api/v1/namespaces/default/pods/p'],
      ['GET', '/api/v1/namespaces/default/pods/p/exec'],
      ['POST', '/api/v1/namespaces/default/pods/p/eviction'],
      ['PUT', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/scheduler'],
      ['PATCH', '/apis/resource.k8s.io/v1/namespaces/default/resourceclaims/c/status'],
      ['POST', '/apis/apps/v1/namespaces/default/deployments'],
      ['POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'],
      ['GET', '/metrics'],
      ['POST', '/api'],
    ]) expect(ok(m!, u!), `${m} ${u}`).toBe(false);
    expect(authorizeRequest(agent, 'DELETE', '/api/v1/nodes/n1')).toBe(
      'nodes "n1" is forbidden: User "system:bootstrap:abc123" cannot delete resource "nodes" in API group "" at the cluster scope: join tokens may only do what a node agent needs (docs/homelab.md)',
    );
    expect(authorizeRequest(agent, 'GET', '/api/v1/namespaces/default/pods/p/exec')).toContain('cannot get subresource "exec" of resource "pods"');
  });
});
