import { ApiError } from './errors.ts';
import { describe, expect, it } from 'vitest';
import { ItemBatcher, MAX_BATCH, type PostJson } from './item-batcher.ts';

const ok = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
interface Item {
  name: string;
}
const item = (name: string): Item => ({ name });
const PATH = '/apis/skiff.dev/v1/things';
/** A batcher of Things: each encoded as an object with metadata.name, as the endpoints take. */
const batcher = (post: PostJson, single: (x: Item) => Promise<void>) => new ItemBatcher<Item>({ post, path: PATH, kind: 'Thing', encode: (x) => ({ metadata: { name: x.name } }), single });
const status = (code: number, reason: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message: reason });

function recorder(answer: (items: { metadata: { name: string } }[]) => unknown) {
  const calls: { path: string; names: string[] }[] = [];
  const post: PostJson = async <T,>(path: string, req: { method: string; body: unknown }) => {
    const items = (req.body as { items: { metadata: { name: string } }[] }).items;
    calls.push({ path, names: items.map((i) => i.metadata.name) });
    const a = answer(items);
    if (a instanceof Error) throw a;
    return a as T;
  };
  return { post, calls };
}

describe('ItemBatcher', () => {
  it('sends the bindings of one turn in one request and settles each with its own answer', async () => {
    const { post, calls } = recorder((items) => ({ items: items.map((i) => (i.metadata.name === 'b' ? status(409, 'Conflict') : ok)) }));
    const singles: string[] = [];
    const b = batcher(post, async (x) => void singles.push(x.name));
    const results = await Promise.allSettled(['a', 'b', 'c'].map((n) => b.submit(item(n))));
    expect(calls).toEqual([{ path: PATH, names: ['a', 'b', 'c'] }]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const err = (results[1] as PromiseRejectedResult).reason;
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(409);
    expect(singles).toEqual([]);
  });

  it('splits a burst at MAX_BATCH', async () => {
    const { post, calls } = recorder((items) => ({ items: items.map(() => ok) }));
    const b = batcher(post, async () => {});
    await Promise.all(Array.from({ length: MAX_BATCH + 3 }, (_, i) => b.submit(item(`p${i}`))));
    expect(calls.map((c) => c.names.length)).toEqual([MAX_BATCH, 3]);
  });

  it('falls back for good when the client may not use the endpoint (403)', async () => {
    const { post, calls } = recorder(() => new ApiError(status(403, 'Forbidden') as never));
    const singles: string[] = [];
    const b = batcher(post, async (x) => void singles.push(x.name));
    await b.submit(item('a'));
    await b.submit(item('b'));
    expect(calls.length).toBe(1);
    expect(singles).toEqual(['a', 'b']);
  });

  it('falls back to one request per binding for good when the server lacks the endpoint', async () => {
    const { post, calls } = recorder(() => new ApiError(status(404, 'NotFound') as never));
    const singles: string[] = [];
    const b = batcher(post, async (x) => void singles.push(x.name));
    await Promise.all([b.submit(item('a')), b.submit(item('b'))]);
    await b.submit(item('c'));
    expect(calls.length).toBe(1);
    expect(singles).toEqual(['a', 'b', 'c']);
  });

  it('fails every binding of a batch that failed as a whole, and keeps batching', async () => {
    let fail = true;
    const { post, calls } = recorder((items) => (fail ? new ApiError(status(503, 'ServiceUnavailable') as never) : { items: items.map(() => ok) }));
    const b = batcher(post, async () => {});
    const r = await Promise.allSettled([b.submit(item('a')), b.submit(item('b'))]);
    expect(r.map((x) => x.status)).toEqual(['rejected', 'rejected']);
    expect(((r[0] as PromiseRejectedResult).reason as ApiError).code).toBe(503);
    fail = false;
    await b.submit(item('c'));
    expect(calls.length).toBe(2);
  });

  it('rejects a binding the answer has no result for', async () => {
    const { post } = recorder(() => ({ items: [] }));
    const b = batcher(post, async () => {});
    await expect(b.submit(item('a'))).rejects.toMatchObject({ code: 500 });
  });
});
