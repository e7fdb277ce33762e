/** POST /apis/skiff.dev/v1/bindings against a real api-server: per-item answers, bad input, auth. */
import { describe, expect, it } from 'vitest';
import { withTestServer } from '../../test/server.ts';
import { authorizeRequest } from '../../auth/bootstrap-authorizer.ts';
import { apiClient, pod } from '../../test/http.ts';
import { BATCH_BINDINGS_PATH } from './bindings.ts';
import { MAX_BATCH } from './items.ts';

const t = withTestServer();

const PODS = '/api/v1/namespaces/default/pods';
const item = (name: string, node: string, ns = 'default') => ({ apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace: ns }, target: { apiVersion: 'v1', kind: 'Node', name: node } });
const list = (items: unknown[]) => ({ apiVersion: 'skiff.dev/v1', kind: 'BindingList', items });

async function pending(name: string): Promise<void> {
  const r = await t.api.post(PODS, pod(name));
  expect(r.status, r.text).toBe(201);
}

describe('POST /apis/skiff.dev/v1/bindings', () => {
  it('binds each pod and answers one Status per item, in order, failures next to successes', async () => {
    for (const n of ['b1', 'b2', 'b3']) await pending(n);
    expect((await t.api.post(`${PODS}/b3/binding`, item('b3', 'n0'))).status).toBe(201);
    const r = await t.api.post(BATCH_BINDINGS_PATH, list([item('b1', 'n1'), item('b2', 'n2'), item('b3', 'n1'), item('ghost', 'n1'), item('Bad_Name', 'n1'), { metadata: { name: 'b1' } }]));
    expect(r.status, r.text).toBe(200);
    expect(r.body.kind).toBe('BindingResultList');
    const items = r.body.items as { status: string; code: number; reason?: string; message?: string }[];
    expect(items.map((s) => [s.status, s.code, s.reason])).toEqual([
      ['Success', 201, undefined],
      ['Success', 201, undefined],
      ['Failure', 409, 'Conflict'],
      ['Failure', 404, 'NotFound'],
      ['Failure', 422, 'Invalid'],
      ['Failure', 422, 'Invalid'],
    ]);
    expect(items[2]!.message).toBe('Operation cannot be fulfilled on pods "b3": pod b3 is already assigned to node "n0"');
    expect(items[3]!.message).toBe('pods "ghost" not found');
    expect(items[5]!.message).toMatch(/items\[5\]\.metadata\.namespace: Required value/);
    for (const [n, node] of [['b1', 'n1'], ['b2', 'n2'], ['b3', 'n0']]) {
      const p = (await t.api.get(`${PODS}/${n}`)).body;
      expect(p.spec.nodeName).toBe(node);
      expect(p.status.conditions.find((c: { type: string }) => c.type === 'PodScheduled')).toMatchObject({ status: 'True' });
    }
  });

  it('refuses a malformed list as a whole with a Status', async () => {
    for (const body of ['{not json', JSON.stringify({ kind: 'BindingList' }), JSON.stringify({ kind: 'PodList', items: [] }), JSON.stringify(list(Array.from({ length: MAX_BATCH + 1 }, (_, i) => item(`x${i}`, 'n1'))))]) {
      const r = await t.api.post(BATCH_BINDINGS_PATH, body);
      expect(r.status, body.slice(0, 40)).toBe(400);
      expect(r.body).toMatchObject({ kind: 'Status', status: 'Failure', code: 400 });
    }
  });

  it('needs a token, and join tokens (node agents) may not bind', async () => {
    const r = await apiClient(t.srv.url, undefined).post(BATCH_BINDINGS_PATH, list([]));
    expect(r.status).toBe(401);
    const agent = { name: 'system:bootstrap:abc123', groups: ['system:bootstrappers', 'system:bootstrappers:skiff:node-agent'] };
    expect(authorizeRequest(agent, 'POST', BATCH_BINDINGS_PATH)).toBeDefined();
  });
});
