/** POST /apis/skiff.dev/v1/events against a real api-server: each item created as the single endpoint would. */
import { describe, expect, it } from 'vitest';
import { withTestServer } from '../../test/server.ts';
import { BATCH_EVENTS_PATH } from './events.ts';

const t = withTestServer();

const event = (name: string, ns = 'default', extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace: ns },
  involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'p', namespace: ns },
  reason: 'Scheduled',
  message: 'Successfully assigned default/p to n1',
  type: 'Normal',
  count: 1,
  source: { component: 'default-scheduler' },
  ...extra,
});

describe('POST /apis/skiff.dev/v1/events', () => {
  it('creates every valid Event and answers each item with the single endpoint’s Status', async () => {
    expect((await t.api.post('/api/v1/namespaces/default/events', event('dup'))).status).toBe(201);
    const r = await t.api.post(BATCH_EVENTS_PATH, { kind: 'EventList', items: [event('e1'), event('dup'), event('e2', 'missing-ns'), event('e3', 'default', { type: 7 }), event('e4')] });
    expect(r.status, r.text).toBe(200);
    expect(r.body.kind).toBe('EventResultList');
    expect(r.body.items.map((s: { code: number; reason?: string }) => [s.code, s.reason])).toEqual([
      [201, undefined],
      [409, 'AlreadyExists'],
      [404, 'NotFound'],
      [422, 'Invalid'],
      [201, undefined],
    ]);
    // The same answer as the single endpoint for the same object.
    const single = await t.api.post('/api/v1/namespaces/default/events', event('e3', 'default', { type: 7 }));
    expect([single.status, single.body.reason, single.body.message]).toEqual([r.body.items[3].code, r.body.items[3].reason, r.body.items[3].message]);
    for (const n of ['e1', 'e4']) {
      const e = (await t.api.get(`/api/v1/namespaces/default/events/${n}`)).body;
      expect(e).toMatchObject({ kind: 'Event', reason: 'Scheduled', involvedObject: { name: 'p' }, source: { component: 'default-scheduler' } });
    }
  });

  it('refuses a list that is not an EventList', async () => {
    const r = await t.api.post(BATCH_EVENTS_PATH, { kind: 'BindingList', items: [] });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('kind "BindingList" is not EventList');
  });
});
