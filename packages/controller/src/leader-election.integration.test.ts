/** Leader election on a real Lease served by the api-server. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RestClient } from '@skiff/client';
import { startTestServer, type TestServer } from '@skiff/testing';
import { LeaderElector, leasesRef } from './leader-election.ts';

let server: TestServer;
let client: RestClient;
beforeAll(async () => {
  server = await startTestServer();
  client = new RestClient({ server: server.url, token: server.token });
});
afterAll(async () => {
  await server?.close();
});

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
};

it('leader election on a real Lease: one leads, the other takes over after it stops', async () => {
  const log: string[] = [];
  const elector = (identity: string) =>
    new LeaderElector({
      client,
      namespace: 'default',
      name: 'skiff-test',
      identity,
      leaseDurationMs: 2000,
      renewDeadlineMs: 1500,
      retryPeriodMs: 50,
      onStartedLeading: () => void log.push(`start ${identity}`),
      onStoppedLeading: () => void log.push(`stop ${identity}`),
    });
  const a = elector('a');
  const b = elector('b');
  void a.run();
  await until(() => a.isLeader());
  void b.run();
  await new Promise((r) => setTimeout(r, 300));
  expect(b.isLeader()).toBe(false);
  const lease = await client.get(leasesRef, 'skiff-test', { namespace: 'default' });
  expect(lease.spec).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 2 });
  await a.stop();
  await until(() => b.isLeader());
  const after = await client.get(leasesRef, 'skiff-test', { namespace: 'default' });
  expect(after.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
  await b.stop();
  expect(log).toEqual(['start a', 'stop a', 'start b', 'stop b']);
});
