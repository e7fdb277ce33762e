/** A builder-wired controller against the real api-server. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KubeObject } from '@skiff/api';
import { RestClient, SharedInformerFactory } from '@skiff/client';
import { startTestServer, type TestServer } from '@skiff/testing';
import { controller } from './builder.ts';
import { controllerRef } from './owner-refs.ts';
import { TerminalError, type Request } from './reconciler.ts';

const configmaps = { group: '', version: 'v1', plural: 'configmaps', namespaced: true, kind: 'ConfigMap' };
const secrets = { group: '', version: 'v1', plural: 'secrets', namespaced: true, kind: 'Secret' };

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

it('for(ConfigMap).owns(Secret): own events and owned-object events reach the owner key; errors retry, terminal errors do not', async () => {
  const factory = new SharedInformerFactory(client);
  const seen: string[] = [];
  let failOnce = true;
  const c = controller('cm-test')
    .withFactory(factory)
    .for(configmaps)
    .owns(secrets)
    .withWorkers(2)
    .onError(() => {})
    .reconcile({
      async reconcile(_ctx, req: Request) {
        seen.push(`${req.namespace}/${req.name}`);
        if (req.name === 'flaky' && failOnce) {
          failOnce = false;
          throw new Error('transient');
        }
        if (req.name === 'broken') throw new TerminalError('never works');
        return {};
      },
    });
  const running = c.start();
  const parent = await client.create(configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'parent', namespace: 'default' } });
  await until(() => seen.includes('default/parent'));
  seen.length = 0;
  const child: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'child', namespace: 'default', ownerReferences: [controllerRef(parent)] },
  };
  await client.create(secrets, child);
  await until(() => seen.includes('default/parent'));
  expect(seen).not.toContain('default/child');

  await client.create(configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flaky', namespace: 'default' } });
  await until(() => seen.filter((s) => s === 'default/flaky').length === 2); // failed, retried after back-off
  await client.create(configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'broken', namespace: 'default' } });
  await until(() => c.metrics.terminalErrors === 1);
  await new Promise((r) => setTimeout(r, 100));
  expect(seen.filter((s) => s === 'default/broken')).toHaveLength(1);
  expect(c.metrics.errors).toBe(1);
  expect(c.metrics.reconciles).toBeGreaterThanOrEqual(4);
  await c.stop();
  await running;
  await factory.stop();
});
