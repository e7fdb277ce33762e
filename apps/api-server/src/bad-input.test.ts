/**
 * Bad input of every kind gets a Kubernetes Status with the right reason and code and changes
 * nothing; then a fuzz-style barrage of malformed requests, after which the server still serves
 * and every stored object is byte-for-byte what it was.
 */
import { startTestServer, type TestServer } from '@skiff/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, pod, type ApiClient } from './test/http.ts';

let srv: TestServer;
let api: ApiClient;
const PODS = '/api/v1/namespaces/default/pods';

beforeAll(async () => {
  srv = await startTestServer();
  api = apiClient(srv.url, srv.token);
  await api.post(PODS, pod('keep'));
  await api.post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'keep' }, data: { a: '1' } });
});
afterAll(async () => srv.close());

function expectStatus(r: { status: number; body: any }, code: number, reason: string): void {
  expect(r.status).toBe(code);
  expect(r.body).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
  expect(typeof r.body.message).toBe('string');
  expect(r.body.message.length).toBeGreaterThan(0);
}

describe('bad input', () => {
  it('malformed JSON and YAML', async () => {
    expectStatus(await api.post(PODS, '{"metadata": {'), 400, 'BadRequest');
    expectStatus(await api.post(PODS, '[1,2,3]'), 400, 'BadRequest');
    expectStatus(await api.patch(`${PODS}/keep?fieldManager=x`, 'a: [unclosed', 'application/apply-patch+yaml'), 400, 'BadRequest');
  });

  it('wrong types with field paths', async () => {
    const r = await api.post(PODS, { metadata: { name: 'types' }, spec: { containers: 'not-a-list' } });
    expectStatus(r, 422, 'Invalid');
    expect(r.body.details.causes[0].field).toBe('spec.containers');
    const p = await api.post(PODS, { metadata: { name: 'ports' }, spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 'eighty' }] }] } });
    expectStatus(p, 422, 'Invalid');
    expect(p.body.details.causes.map((c: any) => c.field)).toContain('spec.containers[0].ports[0].containerPort');
  });

  it('invalid names and missing required fields', async () => {
    const r = await api.post(PODS, pod('Not_A_Name'));
    expectStatus(r, 422, 'Invalid');
    expect(r.body.message).toContain('metadata.name');
    const noContainers = await api.post(PODS, { metadata: { name: 'empty' }, spec: {} });
    expectStatus(noContainers, 422, 'Invalid');
    expect(noContainers.body.message).toContain('spec.containers: Required value');
  });

  it('unknown fields under each fieldValidation mode', async () => {
    const body = { ...pod('unknown'), spec: { containers: [{ name: 'c', image: 'i' }], bogus: 1 } };
    const strict = await api.post(`${PODS}?fieldValidation=Strict`, body);
    expectStatus(strict, 400, 'BadRequest');
    expect(strict.body.message).toBe('strict decoding error: unknown field "spec.bogus"');
    const warn = await api.post(`${PODS}?fieldValidation=Warn`, body);
    expect(warn.status).toBe(201);
    expect(warn.headers.get('warning')).toContain('unknown field \\"spec.bogus\\"');
    expect(warn.body.spec.bogus).toBeUndefined();
    const ignore = await api.post(`${PODS}?fieldValidation=Ignore`, { ...body, metadata: { name: 'unknown2' } });
    expect(ignore.status).toBe(201);
    expect(ignore.headers.get('warning')).toBeNull();
    expectStatus(await api.post(`${PODS}?fieldValidation=Sometimes`, body), 400, 'BadRequest');
  });

  it('bodies over 3 MiB', async () => {
    const big = { metadata: { name: 'big' }, data: { blob: 'x'.repeat(3.5 * 1024 * 1024) } };
    expectStatus(await api.post('/api/v1/namespaces/default/configmaps', big), 413, 'RequestEntityTooLarge');
  });

  it('unknown kinds, versions and paths', async () => {
    expectStatus(await api.get('/api/v1/namespaces/default/foos'), 404, 'NotFound');
    expectStatus(await api.get('/apis/apps/v9/deployments'), 404, 'NotFound');
    expectStatus(await api.get('/apis/nope.example.com/v1/things'), 404, 'NotFound');
    expectStatus(await api.get('/nothing-here'), 404, 'NotFound');
    expectStatus(await api.post(PODS, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } }), 400, 'BadRequest');
  });

  it('unsupported patch types, stale versions, bad verbs', async () => {
    expectStatus(await api.patch(`${PODS}/keep`, '{}', 'application/xml'), 415, 'UnsupportedMediaType');
    const cur = await api.get(`${PODS}/keep`);
    const stale = { ...cur.body, metadata: { ...cur.body.metadata, resourceVersion: '1' } };
    expectStatus(await api.put(`${PODS}/keep`, stale), 409, 'Conflict');
    expectStatus(await api.call('PUT', PODS, pod('x')), 405, 'MethodNotAllowed');
    expectStatus(await api.get(`${PODS}/missing`), 404, 'NotFound');
    expect((await api.get(`${PODS}/missing`)).body.message).toBe('pods "missing" not found');
  });
});

/** Never valid JSON: starts with "{{" or "[[{", then arbitrary pieces. */
function garbage(i: number): string {
  const pieces = ['{', '}', '[', ']', '"', ':', ',', 'null', 'true', '1e999', '"metadata"', '"name"', '"spec"', '\u0000', '\\', 'ü', ' '];
  let s = i % 2 === 0 ? '{{' : '[[{';
  for (let k = 0; k < 5 + (i % 40); k++) s += pieces[(i * 7 + k * 13) % pieces.length];
  return s;
}

/** Shapes that are invalid for every target below, whatever the verb and patch type. */
const INVALID_SHAPES: unknown[] = [
  null, 42, 'str', { metadata: null, spec: 'x' }, { metadata: { name: 5 } }, { metadata: { labels: { 'bad key!': 'v' } } },
  { metadata: { finalizers: 'x' } }, { metadata: { name: 'keep', resourceVersion: '1' }, data: { a: 2 } },
  [{ op: 'bogus', path: '/x' }], [{ op: 'remove', path: '/metadata' }], [{ op: 'test', path: '/metadata/name', value: 'other' }],
];

async function snapshot(): Promise<string> {
  const parts: string[] = [];
  for (const p of ['/api/v1/pods', '/api/v1/configmaps', '/api/v1/namespaces', '/apis/apps/v1/deployments']) {
    const r = await api.get(p);
    parts.push(JSON.stringify(r.body.items));
  }
  return parts.join('\n');
}

describe('fuzz', () => {
  it('survives hundreds of malformed requests with nothing lost or corrupted', async () => {
    const before = await snapshot();
    const targets = [PODS, `${PODS}/keep`, '/api/v1/namespaces/default/configmaps/keep', '/apis/apps/v1/namespaces/default/deployments', '/api/v1/namespaces/nope/pods', '/api/v1/nodes', '/api/v1/namespaces/default'];
    const types = ['application/json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json', 'application/apply-patch+yaml', 'text/plain'];
    const reasons = new Map<string, number>();
    for (let i = 0; i < 500; i++) {
      const method = ['POST', 'PUT', 'PATCH', 'DELETE', 'GET'][i % 5]!;
      const query = ['', '?labelSelector=%28%28', '?limit=-5', '?watch=true&resourceVersion=abc', '?fieldSelector=x%3D%3D%3D', '?dryRun=Maybe', '?fieldValidation=Loose'][i % 7]!;
      const getQueries = ['?labelSelector=%28%28', '?limit=-5', '?watch=true&resourceVersion=abc', '?fieldSelector=x%3D%3D%3D', '?fieldSelector=bogus.field%3D1'];
      const target = method === 'GET' ? [PODS, '/api/v1/nodes', '/apis/apps/v1/namespaces/default/deployments'][i % 3]! : targets[i % targets.length]!;
      const path = target + (method === 'GET' ? getQueries[i % getQueries.length]! : method === 'DELETE' ? query || '?fieldSelector=bogus.field%3D1' : query);
      let body: string | undefined;
      if (method === 'DELETE') body = i % 2 ? garbage(i) : '{"gracePeriodSeconds":"soon"}';
      else if (method !== 'GET') body = i % 3 === 0 ? garbage(i) : JSON.stringify(INVALID_SHAPES[i % INVALID_SHAPES.length]);
      const r = await api.call(method, path, body, { 'content-type': types[i % types.length]! });
      expect(r.status, `${method} ${path} ${body?.slice(0, 80)} → ${r.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `${method} ${path} → ${r.text.slice(0, 200)}`).toBeLessThan(500);
      expect(r.body?.kind, r.text).toBe('Status');
      reasons.set(r.body.reason, (reasons.get(r.body.reason) ?? 0) + 1);
    }
    expect([...reasons.keys()].length).toBeGreaterThanOrEqual(4);
    expect(await snapshot()).toBe(before);
    expect((await api.get('/healthz')).status).toBe(200);
    expect((await api.post(PODS, pod('after-fuzz'))).status).toBe(201);
  });
});
