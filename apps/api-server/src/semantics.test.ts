/** Object lifecycle semantics: generation, status split, deletion, binding, scale, dry run. */
import { startTestServer, type TestServer } from '@skiff/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, pod, type ApiClient } from './test/http.ts';

let srv: TestServer;
let api: ApiClient;
const PODS = '/api/v1/namespaces/default/pods';
const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';

beforeAll(async () => {
  srv = await startTestServer();
  api = apiClient(srv.url, srv.token);
});
afterAll(async () => srv.close());

const deploy = (name: string, replicas = 2) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'img:1' }] } } },
});

describe('generation and status', () => {
  it('bumps generation on spec changes only and keeps status out of main-resource writes', async () => {
    const c = await api.post(DEPLOYS, deploy('gen'));
    expect(c.body.metadata.generation).toBe(1);
    expect(c.body.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    const st = await api.put(`${DEPLOYS}/gen/status`, { ...c.body, status: { replicas: 2, observedGeneration: 1 }, spec: { ...c.body.spec, replicas: 9 } });
    expect(st.status, st.text).toBe(200);
    expect(st.body.status.replicas).toBe(2);
    expect(st.body.spec.replicas).toBe(2); // /status ignores spec
    expect(st.body.metadata.generation).toBe(1);
    const sp = await api.patch(`${DEPLOYS}/gen`, { spec: { replicas: 5 }, status: { replicas: 100 } }, 'application/merge-patch+json');
    expect(sp.body.metadata.generation).toBe(2);
    expect(sp.body.status.replicas).toBe(2); // main resource ignores status
    const lp = await api.patch(`${DEPLOYS}/gen`, { metadata: { labels: { x: 'y' } } }, 'application/merge-patch+json');
    expect(lp.body.metadata.generation).toBe(2);
  });

  it('generateName appends five characters', async () => {
    const r = await api.post(PODS, { ...pod(''), metadata: { generateName: 'web-' } });
    expect(r.status, r.text).toBe(201);
    expect(r.body.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
  });

  it('pods start Pending with a QoS class and upstream defaults', async () => {
    const r = await api.post(PODS, pod('defaults'));
    expect(r.body.status.phase).toBe('Pending');
    expect(r.body.status.qosClass).toBe('BestEffort');
    expect(r.body.spec.restartPolicy).toBe('Always');
    expect(r.body.spec.terminationGracePeriodSeconds).toBe(30);
  });

  it('rejects a client-set resourceVersion on create and a namespace mismatch', async () => {
    const r = await api.post(PODS, { ...pod('rv'), metadata: { name: 'rv', resourceVersion: '5' } });
    expect(r.status).toBe(400);
    const n = await api.post(PODS, { ...pod('ns'), metadata: { name: 'ns', namespace: 'other' } });
    expect(n.status).toBe(400);
    expect(n.body.message).toContain('does not match the namespace');
  });

  it('refuses objects in a missing namespace', async () => {
    const r = await api.post('/api/v1/namespaces/nope/pods', pod('x'));
    expect(r.status).toBe(404);
    expect(r.body.message).toBe('namespaces "nope" not found');
  });
});

describe('deletion', () => {
  it('finalizers keep an object marked until they are removed', async () => {
    await api.post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'fin', finalizers: ['example.com/hold'] }, data: {} });
    const d = await api.del('/api/v1/namespaces/default/configmaps/fin');
    expect(d.status).toBe(200);
    expect(d.body.metadata.deletionTimestamp).toBeDefined();
    const still = await api.get('/api/v1/namespaces/default/configmaps/fin');
    expect(still.status).toBe(200);
    const add = await api.patch('/api/v1/namespaces/default/configmaps/fin', { metadata: { finalizers: ['example.com/hold', 'another'] } }, 'application/merge-patch+json');
    expect(add.status).toBe(422);
    const rm = await api.patch('/api/v1/namespaces/default/configmaps/fin', { metadata: { finalizers: null } }, 'application/merge-patch+json');
    expect(rm.status).toBe(200);
    expect((await api.get('/api/v1/namespaces/default/configmaps/fin')).status).toBe(404);
  });

  it('records the propagation policy as upstream finalizers', async () => {
    await api.post(DEPLOYS, deploy('fg'));
    const d = await api.del(`${DEPLOYS}/fg`, { propagationPolicy: 'Foreground' });
    expect(d.body.metadata.finalizers).toContain('foregroundDeletion');
    await api.post(DEPLOYS, deploy('orph'));
    const o = await api.del(`${DEPLOYS}/orph?propagationPolicy=Orphan`);
    expect(o.body.metadata.finalizers).toContain('orphan');
    await api.post(DEPLOYS, deploy('bg'));
    const b = await api.del(`${DEPLOYS}/bg`, { propagationPolicy: 'Background' });
    expect(b.status).toBe(200);
    expect((await api.get(`${DEPLOYS}/bg`)).status).toBe(404);
  });

  it('bound pods terminate gracefully; a delete with grace 0 finishes it', async () => {
    await api.post(PODS, pod('graceful'));
    // What the scheduler leaves on a pod it could not place yet; the binding must replace it.
    const unsched = await api.patch(`${PODS}/graceful/status`, { status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'waiting' }] } }, 'application/merge-patch+json');
    expect(unsched.status, unsched.text).toBe(200);
    const bind = await api.post(`${PODS}/graceful/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'graceful' }, target: { kind: 'Node', name: 'n1' } });
    expect(bind.status, bind.text).toBe(201);
    const bound = (await api.get(`${PODS}/graceful`)).body;
    expect(bound.spec.nodeName).toBe('n1');
    expect(bound.status.conditions.filter((c: { type: string }) => c.type === 'PodScheduled')).toEqual([{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: expect.any(String) }]);
    const rebind = await api.post(`${PODS}/graceful/binding`, { target: { kind: 'Node', name: 'n2' } });
    expect(rebind.status).toBe(409);
    const d = await api.del(`${PODS}/graceful`);
    expect(d.body.metadata.deletionGracePeriodSeconds).toBe(30);
    expect((await api.get(`${PODS}/graceful`)).status).toBe(200);
    const d0 = await api.del(`${PODS}/graceful`, { gracePeriodSeconds: 0 });
    expect(d0.status).toBe(200);
    expect((await api.get(`${PODS}/graceful`)).status).toBe(404);
  });

  it('POST to the bindings collection binds the pod named in the body (and stores no Binding)', async () => {
    await api.post(PODS, pod('legacy-bind'));
    const r = await api.post('/api/v1/namespaces/default/bindings', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'legacy-bind' }, target: { kind: 'Node', name: 'n9' } });
    expect(r.status, r.text).toBe(201);
    expect((await api.get(`${PODS}/legacy-bind`)).body.spec.nodeName).toBe('n9');
    expect((await api.get('/api/v1/namespaces/default/bindings/legacy-bind')).status).toBe(405);
  });

  it('unbound pods go at once', async () => {
    await api.post(PODS, pod('unbound'));
    await api.del(`${PODS}/unbound`);
    expect((await api.get(`${PODS}/unbound`)).status).toBe(404);
  });

  it('deleting a namespace removes its contents, then the namespace', async () => {
    await api.post('/api/v1/namespaces', { metadata: { name: 'doomed' } });
    await api.post('/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'c' }, data: {} });
    const d = await api.del('/api/v1/namespaces/doomed');
    expect(d.body.status.phase).toBe('Terminating');
    const denied = await api.post('/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'late' } });
    expect([403, 404]).toContain(denied.status);
    for (let i = 0; i < 50 && (await api.get('/api/v1/namespaces/doomed')).status === 200; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await api.get('/api/v1/namespaces/doomed')).status).toBe(404);
    expect((await api.get('/api/v1/namespaces/doomed/configmaps/c')).status).toBe(404);
  });

  it('deletecollection removes what the selector matches only', async () => {
    for (const n of ['dc1', 'dc2']) await api.post(PODS, pod(n, { metadata: { labels: { batch: 'x' } } }));
    await api.post(PODS, pod('dc3', { metadata: { labels: { batch: 'y' } } }));
    const r = await api.del(`${PODS}?labelSelector=batch%3Dx`);
    expect(r.status).toBe(200);
    expect((await api.get(`${PODS}/dc1`)).status).toBe(404);
    expect((await api.get(`${PODS}/dc3`)).status).toBe(200);
  });
});

describe('scale and dry run', () => {
  it('serves autoscaling/v1 Scale and applies a merge patch to it', async () => {
    await api.post(DEPLOYS, deploy('sc', 2));
    const s = await api.get(`${DEPLOYS}/sc/scale`);
    expect(s.body).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 2 }, status: { selector: 'app=sc' } });
    const p = await api.patch(`${DEPLOYS}/sc/scale`, { spec: { replicas: 3 } }, 'application/merge-patch+json');
    expect(p.status, p.text).toBe(200);
    expect(p.body.spec.replicas).toBe(3);
    expect((await api.get(`${DEPLOYS}/sc`)).body.spec.replicas).toBe(3);
  });

  it('dryRun=All validates without storing', async () => {
    const r = await api.post(`${PODS}?dryRun=All`, pod('dry'));
    expect(r.status).toBe(201);
    expect((await api.get(`${PODS}/dry`)).status).toBe(404);
  });
});
