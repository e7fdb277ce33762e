/**
 * The hook in app.ts, over plain HTTP: protobuf bodies on create, update and delete reach the
 * JSON handlers decoded (typed clients send DeleteOptions in protobuf too).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@skiff/testing';
import { MAGIC } from './envelope.ts';

let srv: TestServer;

const varint = (n: number): number[] => {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n);
  return out;
};
const ld = (field: number, b: number[] | string): number[] => {
  const bytes = typeof b === 'string' ? [...Buffer.from(b)] : b;
  return [...varint((field << 3) | 2), ...varint(bytes.length), ...bytes];
};
const envelope = (apiVersion: string, kind: string, raw: number[]) => Buffer.from([...MAGIC, ...ld(1, [...ld(1, apiVersion), ...ld(2, kind)]), ...ld(2, raw)]);

async function send(method: string, path: string, body: Buffer): Promise<{ status: number; json: Record<string, any> }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await fetch(srv.url + path, {
    method,
    headers: { authorization: `Bearer ${srv.token}`, 'content-type': 'application/vnd.kubernetes.protobuf', accept: 'application/vnd.kubernetes.protobuf, application/json' },
    body,
  });
  return { status: r.status, json: (await r.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const configMap = (name: string, extraMeta: number[], data: [string, string][]) =>
  envelope('v1', 'ConfigMap', [...ld(1, [...ld(1, name), ...extraMeta]), ...data.flatMap(([k, v]) => ld(2, [...ld(1, k), ...ld(2, v)]))]);

beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

describe('protobuf request bodies through the api-server', () => {
  it('create answers JSON with the decoded object', async () => {
    const r = await send('POST', '/api/v1/namespaces/default/configmaps', configMap('pb', ld(11, [...ld(1, 'app'), ...ld(2, 'x')]), [['k', 'v']]));
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'pb', namespace: 'default', labels: { app: 'x' } }, data: { k: 'v' } });
  });

  it('update (PUT) with a resourceVersion', async () => {
    const cur = await (await fetch(`${srv.url}/api/v1/namespaces/default/configmaps/pb`, { headers: { authorization: `Bearer ${srv.token}` } })).json();
    const rv = (cur as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    const r = await send('PUT', '/api/v1/namespaces/default/configmaps/pb', configMap('pb', ld(6, rv), [['k', 'v2']]));
    expect(r.status).toBe(200);
    expect(r.json['data']).toEqual({ k: 'v2' });
  });

  it('the kind in the body must match the URL, as for JSON', async () => {
    const r = await send('POST', '/api/v1/namespaces/default/secrets', configMap('wrong', [], []));
    expect(r.status).toBe(400);
    expect(r.json['message']).toContain('does not match the expected kind (Secret)');
  });

  it('delete honours protobuf DeleteOptions (a failed precondition is a 409)', async () => {
    const opts = envelope('v1', 'DeleteOptions', ld(2, ld(1, 'not-the-uid')));
    const r = await send('DELETE', '/api/v1/namespaces/default/configmaps/pb', opts);
    expect(r.status).toBe(409);
    const ok = await send('DELETE', '/api/v1/namespaces/default/configmaps/pb', envelope('v1', 'DeleteOptions', []));
    expect(ok.status).toBe(200);
  });
});
