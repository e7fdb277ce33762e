/** pods/eviction against a real api-server: every branch of upstream's eviction REST handler. */
import { startTestServer, type TestServer } from '@skiff/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, pod, type ApiClient } from '../../test/http.ts';

let srv: TestServer;
let api: ApiClient;
let ns = 0;

beforeAll(async () => {
  srv = await startTestServer();
  api = apiClient(srv.url, srv.token);
});
afterAll(async () => srv.close());

/** Each test in its own namespace, so budgets of one never match pods of another. */
async function namespace(): Promise<{ pods: string; pdbs: string }> {
  const name = `ev-${++ns}`;
  expect((await api.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } })).status).toBe(201);
  return { pods: `/api/v1/namespaces/${name}/pods`, pdbs: `/apis/policy/v1/namespaces/${name}/poddisruptionbudgets` };
}

/** A pod bound to n1 in the given phase (Ready when Running unless told otherwise): deletion marks it, so its last state stays visible. */
async function runningPod(pods: string, name: string, o: { phase?: string; ready?: boolean; labels?: Record<string, string> } = {}): Promise<void> {
  expect((await api.post(pods, { ...pod(name), metadata: { name, labels: o.labels ?? { app: 'web' } }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'img' }] } })).status).toBe(201);
  const phase = o.phase ?? 'Running';
  const ready = o.ready ?? phase === 'Running';
  const r = await api.patch(`${pods}/${name}/status`, { status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } }, 'application/merge-patch+json');
  expect(r.status, r.text).toBe(200);
}

/** A budget whose status is what the disruption controller would have written. */
async function budget(pdbs: string, name: string, status: Record<string, unknown>, selector: Record<string, unknown> = { matchLabels: { app: 'web' } }): Promise<void> {
  const c = await api.post(pdbs, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { minAvailable: 2, selector } });
  expect(c.status, c.text).toBe(201);
  const s = await api.patch(`${pdbs}/${name}/status`, { status: { observedGeneration: 1, ...status } }, 'application/merge-patch+json');
  expect(s.status, s.text).toBe(200);
}

const evict = (pods: string, name: string, deleteOptions?: Record<string, unknown>, query = '') =>
  api.post(`${pods}/${name}/eviction${query}`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name }, ...(deleteOptions ? { deleteOptions } : {}) });

const SUCCESS = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

describe('POST pods/<name>/eviction', () => {
  it('404 for a pod that does not exist', async () => {
    const { pods } = await namespace();
    const r = await evict(pods, 'ghost');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'pods "ghost" not found' });
  });

  it('400 when the Eviction names another pod', async () => {
    const { pods } = await namespace();
    await runningPod(pods, 'a');
    const r = await api.post(`${pods}/a/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'b' } });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('name in URL does not match name in Eviction object');
  });

  it('without a budget: marks the pod DisruptionTarget and deletes it with the given grace period', async () => {
    const { pods } = await namespace();
    await runningPod(pods, 'free');
    const r = await evict(pods, 'free', { gracePeriodSeconds: 7 });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toEqual(SUCCESS);
    const p = (await api.get(`${pods}/free`)).body;
    expect(p.metadata.deletionGracePeriodSeconds).toBe(7);
    expect(p.status.conditions).toContainEqual({ type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastProbeTime: null, lastTransitionTime: expect.any(String) });
  });

  it('accepts policy/v1beta1 Evictions', async () => {
    const { pods } = await namespace();
    await runningPod(pods, 'old');
    const r = await api.post(`${pods}/old/eviction`, { apiVersion: 'policy/v1beta1', kind: 'Eviction', metadata: { name: 'old' } });
    expect(r.status, r.text).toBe(201);
    expect((await api.get(`${pods}/old`)).body.metadata.deletionTimestamp).toBeDefined();
  });

  it('terminal, Pending and terminating pods are deleted even when their budget allows nothing', async () => {
    const { pods, pdbs } = await namespace();
    await budget(pdbs, 'tight', { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2 });
    await runningPod(pods, 'done', { phase: 'Succeeded', ready: false });
    await runningPod(pods, 'waiting', { phase: 'Pending', ready: false });
    await runningPod(pods, 'leaving');
    expect((await api.del(`${pods}/leaving`)).status).toBe(200);
    for (const name of ['done', 'waiting', 'leaving']) expect((await evict(pods, name)).status, name).toBe(201);
    expect((await api.get(`${pods}/done`)).status).toBe(404); // a terminal pod has no grace period
    expect((await api.get(`${pods}/waiting`)).body.metadata.deletionTimestamp).toBeDefined();
    expect((await api.get(`${pdbs}/tight`)).body.status.disruptionsAllowed).toBe(0);
  });

  it('500 when two budgets match the pod, and nothing is deleted', async () => {
    const { pods, pdbs } = await namespace();
    await budget(pdbs, 'one', { disruptionsAllowed: 1 });
    await budget(pdbs, 'two', { disruptionsAllowed: 1 });
    await runningPod(pods, 'p');
    const r = await evict(pods, 'p');
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', code: 500 });
    expect((await api.get(`${pods}/p`)).body.metadata.deletionTimestamp).toBeUndefined();
  });

  it('429 with the DisruptionBudget cause when no disruption is allowed', async () => {
    const { pods, pdbs } = await namespace();
    await budget(pdbs, 'web', { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 2 });
    await runningPod(pods, 'p');
    const r = await evict(pods, 'p');
    expect(r.status).toBe(429);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: 'TooManyRequests',
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }] },
      code: 429,
    });
    const p = (await api.get(`${pods}/p`)).body;
    expect(p.metadata.deletionTimestamp).toBeUndefined();
    expect(p.status.conditions.map((c: { type: string }) => c.type)).not.toContain('DisruptionTarget');
  });

  it('429 while the controller has not observed the budget\'s generation', async () => {
    const { pods, pdbs } = await namespace();
    await budget(pdbs, 'web', { disruptionsAllowed: 3 });
    expect((await api.patch(`${pdbs}/web`, { spec: { minAvailable: 1 } }, 'application/merge-patch+json')).body.metadata.generation).toBe(2);
    await runningPod(pods, 'p');
    const r = await evict(pods, 'p');
    expect(r.status).toBe(429);
    expect(r.body.details.causes).toEqual([{ reason: 'DisruptionBudget', message: 'The disruption budget web is still being processed by the server.' }]);
  });

  it('takes one disruption: decrements, records the pod, flips the condition at zero, deletes the pod', async () => {
    const { pods, pdbs } = await namespace();
    await budget(pdbs, 'web', { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, conditions: [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 1, lastTransitionTime: '2026-01-01T00:00:00Z' }] });
    await runningPod(pods, 'a');
    await runningPod(pods, 'b');
    await runningPod(pods, 'elsewhere', { labels: { app: 'db' } });
    expect((await evict(pods, 'a')).status).toBe(201);
    const st = (await api.get(`${pdbs}/web`)).body.status;
    expect(st.disruptionsAllowed).toBe(0);
    expect(Object.keys(st.disruptedPods)).toEqual(['a']);
    expect(Date.parse(st.disruptedPods.a)).toBeGreaterThan(Date.now() - 60_000);
    expect(st.conditions).toEqual([{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: 1, lastTransitionTime: expect.not.stringMatching(/^2026-01-01T00:00:00Z$/) }]);
    expect((await api.get(`${pods}/a`)).body.metadata.deletionTimestamp).toBeDefined();
    // The budget is spent: the next one waits for the controller.
    expect((await evict(pods, 'b')).status).toBe(429);
    // A pod the budget does not select is not its business.
    expect((await evict(pods, 'elsewhere')).status).toBe(201);
  });

  it('an unready pod goes without spending a budget that is met', async () => {
    const { pods, pdbs } = await namespace();
    await budget(pdbs, 'web', { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 });
    await runningPod(pods, 'sick', { ready: false });
    expect((await evict(pods, 'sick')).status).toBe(201);
    expect((await api.get(`${pods}/sick`)).body.metadata.deletionTimestamp).toBeDefined();
    const st = (await api.get(`${pdbs}/web`)).body.status;
    expect(st.disruptionsAllowed).toBe(0);
    expect(st.disruptedPods).toBeUndefined();
  });

  it('an unready pod of a budget that is not met needs an allowed disruption like any other', async () => {
    const { pods, pdbs } = await namespace();
    await budget(pdbs, 'web', { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2 });
    await runningPod(pods, 'sick', { ready: false });
    expect((await evict(pods, 'sick')).status).toBe(429);
  });

  it('dryRun (query or deleteOptions) answers as the eviction would and writes nothing', async () => {
    const { pods, pdbs } = await namespace();
    await budget(pdbs, 'web', { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2 });
    await runningPod(pods, 'p');
    const before = { pod: (await api.get(`${pods}/p`)).body, pdb: (await api.get(`${pdbs}/web`)).body };
    expect((await evict(pods, 'p', undefined, '?dryRun=All')).status).toBe(201);
    expect((await evict(pods, 'p', { dryRun: ['All'] })).status).toBe(201);
    expect((await api.get(`${pods}/p`)).body).toEqual(before.pod);
    expect((await api.get(`${pdbs}/web`)).body).toEqual(before.pdb);
    // Dry run still says no when the budget says no.
    await api.patch(`${pdbs}/web/status`, { status: { disruptionsAllowed: 0 } }, 'application/merge-patch+json');
    expect((await evict(pods, 'p', { dryRun: ['All'] })).status).toBe(429);
  });

  it('honours deleteOptions preconditions', async () => {
    const { pods } = await namespace();
    await runningPod(pods, 'p');
    const r = await evict(pods, 'p', { preconditions: { uid: 'not-the-uid' } });
    expect(r.status).toBe(409);
    expect((await api.get(`${pods}/p`)).body.metadata.deletionTimestamp).toBeUndefined();
  });

  it('evictions at once against one budget (kubectl drain evicts the pods of a node together): exactly the allowed number succeed, the rest get 429, none a conflict', async () => {
    const { pods, pdbs } = await namespace();
    // Budget writes in one event-loop turn must see each other (Store.latest), not 409 (seen in CI).
    const names = Array.from({ length: 40 }, (_, i) => `w${i}`);
    for (const n of names) await runningPod(pods, n);
    await budget(pdbs, 'web', { disruptionsAllowed: 10, currentHealthy: 40, desiredHealthy: 30, expectedPods: 40 });
    const answers = await Promise.all(names.map((n) => evict(pods, n)));
    const count = (code: number): number => answers.filter((r) => r.status === code).length;
    expect({ ok: count(201), tooMany: count(429), other: answers.filter((r) => r.status !== 201 && r.status !== 429).map((r) => r.text) }).toEqual({ ok: 10, tooMany: 30, other: [] });
    const st = (await api.get(`${pdbs}/web`)).body.status;
    expect(st.disruptionsAllowed).toBe(0);
    expect(Object.keys(st.disruptedPods).sort()).toEqual(names.filter((_, i) => answers[i]!.status === 201).sort());
  });
});

