import { describe, expect, it } from 'vitest';
import type { Event } from '@skiff/api';
import { ApiError, failureStatus } from '@skiff/client';
import { EventBroadcaster, type EventWriter } from './broadcaster.ts';

/** Keeps events by name and applies merge patches to them, like the api-server. */
function store() {
  const events = new Map<string, Event>();
  const calls: string[] = [];
  let failCreates = 0;
  const client = {
    async create(_ref: unknown, ev: Event) {
      calls.push(`create ${ev.reason}`);
      if (failCreates-- > 0) throw new ApiError(failureStatus(500, 'InternalError', 'boom'));
      events.set(ev.metadata.name!, structuredClone(ev));
      return ev;
    },
    async patch(_ref: unknown, name: string, _t: string, body: Partial<Event>) {
      calls.push(`patch ${name}`);
      const ev = events.get(name);
      if (!ev) throw new ApiError(failureStatus(404, 'NotFound', 'gone'));
      Object.assign(ev, body);
      return ev;
    },
  } as unknown as EventWriter;
  return { client, events, calls, failNextCreates: (n: number) => (failCreates = n) };
}

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-a', namespace: 'prod', uid: 'p1', resourceVersion: '7' } };
const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'n1' } };
const T = Date.parse('2026-01-01T00:00:00Z');

describe('EventBroadcaster', () => {
  it('writes a v1 Event as upstream controllers do, and counts repeats on it', async () => {
    const s = store();
    let now = T;
    const b = new EventBroadcaster(s.client, { now: () => now });
    const rec = b.newRecorder('taint-eviction-controller');
    rec.event(pod, 'Normal', 'TaintManagerEviction', 'Marking for deletion Pod prod/web-a');
    now += 1000;
    rec.event(pod, 'Normal', 'TaintManagerEviction', 'Marking for deletion Pod prod/web-a');
    await b.flush();
    expect(s.calls).toEqual(['create TaintManagerEviction', expect.stringMatching(/^patch web-a\.[0-9a-f]+$/)]);
    const [ev] = [...s.events.values()];
    expect(ev).toMatchObject({
      metadata: { namespace: 'prod' },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web-a', namespace: 'prod', uid: 'p1', resourceVersion: '7' },
      type: 'Normal',
      reason: 'TaintManagerEviction',
      count: 2,
      source: { component: 'taint-eviction-controller' },
      reportingComponent: 'taint-eviction-controller',
      firstTimestamp: '2026-01-01T00:00:00Z',
      lastTimestamp: '2026-01-01T00:00:01Z',
    });
  });

  it('cluster-scoped objects get their events in default, without an involved namespace', async () => {
    const s = store();
    const b = new EventBroadcaster(s.client, { now: () => T });
    b.newRecorder('node-controller').event(node, 'Normal', 'NodeNotReady', 'Node n1 status is now: NodeNotReady');
    await b.flush();
    const [ev] = [...s.events.values()];
    expect(ev!.metadata.namespace).toBe('default');
    expect(ev!.involvedObject).not.toHaveProperty('namespace');
  });

  it('a hot loop of 10,000 identical warnings costs at most 25 writes', async () => {
    const s = store();
    const b = new EventBroadcaster(s.client, { now: () => T });
    const rec = b.newRecorder('replicaset-controller');
    for (let i = 0; i < 10_000; i++) rec.event(pod, 'Warning', 'FailedCreate', 'Error creating: quota');
    await b.flush();
    expect(s.calls.length).toBe(25);
    expect([...s.events.values()]).toHaveLength(1);
    expect([...s.events.values()][0]!.count).toBe(25);
  });

  it('a failed write is reported and dropped; an event deleted from the store is created again with its count', async () => {
    const s = store();
    const errors: string[] = [];
    const b = new EventBroadcaster(s.client, { now: () => T, onError: (_e, ev) => errors.push(ev.reason) });
    const rec = b.newRecorder('job-controller');
    s.failNextCreates(1);
    rec.event(pod, 'Normal', 'Completed', 'Job completed');
    await b.flush();
    expect(errors).toEqual(['Completed']);
    rec.event(pod, 'Normal', 'Completed', 'Job completed');
    rec.event(pod, 'Normal', 'Completed', 'Job completed');
    await b.flush();
    s.events.clear();
    rec.event(pod, 'Normal', 'Completed', 'Job completed');
    await b.flush();
    expect([...s.events.values()].map((e) => e.count)).toEqual([3]);
  });

  it('sends the new Events of one turn in one batch request when the writer can post JSON, with the action asked for', async () => {
    const s = store();
    const posts: { path: string; items: Event[] }[] = [];
    const client = Object.assign(Object.create(s.client) as EventWriter, {
      requestJson: async <T,>(path: string, req: { body: unknown }) => {
        const items = (req.body as { items: Event[] }).items;
        posts.push({ path, items });
        for (const ev of items) s.events.set(ev.metadata.name!, structuredClone(ev));
        return { items: items.map(() => ({ status: 'Success', code: 201 })) } as T;
      },
    });
    const b = new EventBroadcaster(client, { now: () => T, action: (r) => (r === 'Scheduled' ? 'Binding' : 'Scheduling') });
    const rec = b.newRecorder('default-scheduler');
    for (const name of ['a', 'b', 'c']) rec.event({ ...pod, metadata: { ...pod.metadata, name, uid: name } }, 'Normal', 'Scheduled', `Successfully assigned prod/${name} to n1`);
    await b.flush();
    expect(posts.map((p) => [p.path, p.items.length])).toEqual([['/apis/skiff.dev/v1/events', 3]]);
    expect(posts[0]!.items.map((e) => [e.involvedObject.name, e.action])).toEqual([['a', 'Binding'], ['b', 'Binding'], ['c', 'Binding']]);
    expect(s.calls).toEqual([]); // nothing went one by one
    // A repeat is a count update on the batched Event.
    rec.event({ ...pod, metadata: { ...pod.metadata, name: 'a', uid: 'a' } }, 'Normal', 'Scheduled', 'Successfully assigned prod/a to n1');
    await b.flush();
    expect(s.calls.length).toBe(1);
    expect(s.calls[0]).toMatch(/^patch a\./);
    expect([...s.events.values()].find((e) => e.involvedObject.name === 'a')?.count).toBe(2);
  });
});

