/** The four patch content types, as kubectl and client-node send them. */
import { startTestServer, type TestServer } from '@skiff/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from './test/http.ts';

let srv: TestServer;
let api: ApiClient;
const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';

const deploy = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'main', image: 'img:1', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '0' }] }, { name: 'side', image: 'side:1' }] },
    },
  },
});

beforeAll(async () => {
  srv = await startTestServer();
  api = apiClient(srv.url, srv.token);
});
afterAll(async () => srv.close());

describe('patch', () => {
  it('strategic merge patch merges containers by name (kubectl apply body)', async () => {
    await api.post(DEPLOYS, deploy('smp'));
    const body = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}\n' } },
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'main' }, { name: 'side' }], containers: [{ env: [{ name: 'A', value: '1' }], name: 'main', ports: null }] } } },
    };
    const r = await api.patch(`${DEPLOYS}/smp?fieldManager=kubectl-client-side-apply&fieldValidation=Strict`, body, 'application/strategic-merge-patch+json');
    expect(r.status, r.text).toBe(200);
    const cs = r.body.spec.template.spec.containers;
    expect(cs.map((c: any) => c.name)).toEqual(['main', 'side']);
    expect(cs[0].env).toEqual([{ name: 'A', value: '1' }]);
    expect(cs[0].ports).toBeUndefined();
    expect(cs[0].image).toBe('img:1');
    expect(r.body.metadata.generation).toBe(2);
  });

  it('merge patch replaces lists wholesale', async () => {
    await api.post(DEPLOYS, deploy('mp'));
    const r = await api.patch(`${DEPLOYS}/mp`, { spec: { template: { spec: { containers: [{ name: 'only', image: 'x:1' }] } } } }, 'application/merge-patch+json');
    expect(r.body.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['only']);
  });

  it('JSON patch operations, and a failed test op changes nothing', async () => {
    await api.post(DEPLOYS, deploy('jp'));
    const r = await api.patch(`${DEPLOYS}/jp`, [{ op: 'replace', path: '/spec/replicas', value: 4 }, { op: 'add', path: '/metadata/labels', value: { a: 'b' } }], 'application/json-patch+json');
    expect(r.status, r.text).toBe(200);
    expect(r.body.spec.replicas).toBe(4);
    const bad = await api.patch(`${DEPLOYS}/jp`, [{ op: 'test', path: '/spec/replicas', value: 99 }, { op: 'replace', path: '/spec/replicas', value: 1 }], 'application/json-patch+json');
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect((await api.get(`${DEPLOYS}/jp`)).body.spec.replicas).toBe(4);
  });

  it('server-side apply creates when absent, then updates and drops fields it no longer applies', async () => {
    const applied = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', labels: { a: '1', b: '2' } }, data: { k: 'v' } };
    const url = '/api/v1/namespaces/default/configmaps/ssa?fieldManager=kubectl&fieldValidation=Strict&force=false';
    const c = await api.patch(url, applied, 'application/apply-patch+yaml');
    expect(c.status, c.text).toBe(201);
    expect(c.body.metadata.managedFields[0]).toMatchObject({ manager: 'kubectl', operation: 'Apply' });
    const same = await api.patch(url, applied, 'application/apply-patch+yaml');
    expect(same.body.metadata.resourceVersion).toBe(c.body.metadata.resourceVersion); // no-op: no new revision
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n  labels:\n    a: "1"\ndata:\n  k: v2\n';
    const u = await api.patch(url, yaml, 'application/apply-patch+yaml');
    expect(u.status, u.text).toBe(200);
    expect(u.body.data.k).toBe('v2');
    expect(u.body.metadata.labels).toEqual({ a: '1' });
    const noManager = await api.patch('/api/v1/namespaces/default/configmaps/ssa', yaml, 'application/apply-patch+yaml');
    expect(noManager.status).toBe(422);
  });

  it('a second manager can apply to an object another manager applied (kubectl apply --server-side migration)', async () => {
    const url = (m: string) => `${DEPLOYS}/ssa2?fieldManager=${m}&fieldValidation=Strict&force=false`;
    const c = await api.patch(url('kubectl'), deploy('ssa2'), 'application/apply-patch+yaml');
    expect(c.status, c.text).toBe(201);
    const body = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ssa2', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}\n' } } };
    const r = await api.patch(url('kubectl-last-applied'), body, 'application/apply-patch+yaml');
    expect(r.status, r.text).toBe(200);
    expect(r.body.metadata.managedFields.map((m: any) => m.manager)).toEqual(['kubectl', 'kubectl-last-applied']);
    expect(r.body.spec.template.spec.containers[0].image).toBe('img:1');
  });

  it('server-side apply conflicts with another manager that changed a field, unless forced', async () => {
    const url = '/apis/apps/v1/namespaces/default/deployments/owned';
    const intent = { ...deploy('owned'), spec: { ...deploy('owned').spec, replicas: 2 } };
    expect((await api.patch(`${url}?fieldManager=ci`, intent, 'application/apply-patch+yaml')).status).toBe(201);
    const scaled = await api.patch(`${url}/scale?fieldManager=kubectl-scale`, { spec: { replicas: 5 } }, 'application/merge-patch+json');
    expect(scaled.status, scaled.text).toBe(200);
    const owners = (await api.get(url)).body.metadata.managedFields.map((m: any) => [m.manager, m.operation]);
    expect(owners).toEqual([['ci', 'Apply'], ['kubectl-scale', 'Update']]);
    const again = await api.patch(`${url}?fieldManager=ci`, intent, 'application/apply-patch+yaml');
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe('Conflict');
    expect(again.body.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.replicas');
    expect(again.body.details.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-scale" using apps/v1', field: '.spec.replicas' }]);
    // Agreeing with the other manager is no conflict; forcing takes the field over.
    const agree = await api.patch(`${url}?fieldManager=ci`, { ...intent, spec: { ...intent.spec, replicas: 5 } }, 'application/apply-patch+yaml');
    expect(agree.status, agree.text).toBe(200);
    const forced = await api.patch(`${url}?fieldManager=ci&force=true`, intent, 'application/apply-patch+yaml');
    expect(forced.status, forced.text).toBe(200);
    expect(forced.body.spec.replicas).toBe(2);
    expect(forced.body.metadata.managedFields.map((m: any) => m.manager)).toEqual(['ci']);
  });

  it('a stale resourceVersion in a patch is a conflict; an unknown patch type 415', async () => {
    await api.post(DEPLOYS, deploy('rv'));
    const r = await api.patch(`${DEPLOYS}/rv`, { metadata: { resourceVersion: '1', labels: { x: 'y' } } }, 'application/merge-patch+json');
    expect(r.status).toBe(409);
    const t = await api.patch(`${DEPLOYS}/rv`, { spec: {} }, 'text/plain');
    expect(t.status).toBe(415);
    expect(t.body.reason).toBe('UnsupportedMediaType');
  });
});
