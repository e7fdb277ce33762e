/** Token checks on the kubelet port: own tokens directly, others through the api-server. */
import { startTestServer, type TestServer } from '@skiff/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RestClient } from '@skiff/client';
import { tokenAuth } from './auth.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const target = { namespace: 'default', pod: 'web' };

it('accepts its own tokens in constant time, nothing without Bearer', async () => {
  const auth = tokenAuth({ tokens: ['own-token-123456'] });
  expect(await auth('Bearer own-token-123456', target)).toBe(true);
  expect(await auth('Bearer own-token-12345', target)).toBe(false);
  expect(await auth('own-token-123456', target)).toBe(false);
  expect(await auth(undefined, target)).toBe(false);
});

it('asks the api-server about other tokens (a missing pod still proves the token); an unreachable one denies without caching', async () => {
  const review = new RestClient({ server: server.url, token: 'agent-join-token-not-known-here' });
  const auth = tokenAuth({ tokens: [], review, ttlMs: 60_000 });
  expect(await auth(`Bearer ${server.token}`, target)).toBe(true);
  expect(await auth('Bearer forged-token-0000000000', target)).toBe(false);
  let calls = 0;
  const cached = tokenAuth({ tokens: [], review });
  const origFetch = globalThis.fetch;
  globalThis.fetch = ((...a: Parameters<typeof fetch>) => (calls++, origFetch(...a))) as typeof fetch;
  try {
    expect(await cached(`Bearer ${server.token}`, target)).toBe(true);
    expect(await cached(`Bearer ${server.token}`, target)).toBe(true);
  } finally {
    globalThis.fetch = origFetch;
  }
  expect(calls).toBe(1);
  const down = tokenAuth({ tokens: [], review: new RestClient({ server: 'http://127.0.0.1:1', token: 'x' }) });
  expect(await down(`Bearer ${server.token}`, target)).toBe(false);
});

it('a node-wide target (resource stats) is checked by reading the Node', async () => {
  const review = new RestClient({ server: server.url, token: 'agent-join-token-not-known-here' });
  const auth = tokenAuth({ tokens: [], review });
  const asked: string[] = [];
  const origFetch = globalThis.fetch;
  globalThis.fetch = ((...a: Parameters<typeof fetch>) => (asked.push(new URL(String(a[0] instanceof Request ? a[0].url : a[0])).pathname), origFetch(...a))) as typeof fetch;
  try {
    expect(await auth(`Bearer ${server.token}`, { node: 'n1' })).toBe(true);
    expect(await auth('Bearer forged-token-0000000000', { node: 'n1' })).toBe(false);
  } finally {
    globalThis.fetch = origFetch;
  }
  expect(asked).toEqual(['/api/v1/nodes/n1', '/api/v1/nodes/n1']);
});
