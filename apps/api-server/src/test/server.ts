/** One real api-server (temp SQLite) per test file, with a token-carrying client: the hooks registered here. */
import { startTestServer, type TestServer } from '@skiff/testing';
import { afterAll, beforeAll } from 'vitest';
import { apiClient, type ApiClient } from './http.ts';

export interface ServedApi {
  readonly srv: TestServer;
  readonly api: ApiClient;
}

export function withTestServer(): ServedApi {
  const t = {} as { srv: TestServer; api: ApiClient };
  beforeAll(async () => {
    t.srv = await startTestServer();
    t.api = apiClient(t.srv.url, t.srv.token);
  });
  afterAll(async () => t.srv?.close());
  return t;
}
