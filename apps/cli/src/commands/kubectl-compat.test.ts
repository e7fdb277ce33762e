/** The same objects, the same server: skiff's output must read like real kubectl 1.32's. */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@skiff/testing';
import { baseEnv, cli, KUBECTL, pod, spawnRun } from '../test/harness.ts';

let server: TestServer;
let env: Record<string, string | undefined>;
const k = (args: string[], o = {}) => cli(server.kubeconfigPath, args, o);
const kubectl = (args: string[]) => spawnRun(KUBECTL, ['--kubeconfig', server.kubeconfigPath, ...args], env);

/** AGE may differ by a second between the two runs. */
const normaliseAge = (s: string) => s.replace(/\b\d+s\b/g, 'Ns');

beforeAll(async () => {
  // TLS: kubectl sends its bearer token only over https.
  server = await startTestServer({ tls: true });
  env = { ...baseEnv(server.kubeconfigPath), KUBECACHEDIR: `${baseEnv(undefined)['HOME']}/cache` };
  await k(['apply', '-f', '-'], { stdin: [pod('alpha', { app: 'a' }), pod('a-much-longer-pod-name', { app: 'b' })].join('---\n') });
  await k(['create', 'namespace', 'team']);
  await k(['apply', '-n', 'team', '-f', '-'], { stdin: pod('gamma') });
});
afterAll(async () => {
  await server.close();
});

describe.skipIf(!existsSync(KUBECTL))('output matches kubectl 1.32', () => {
  const cases: string[][] = [
    ['get', 'pods'],
    ['get', 'pods', '-o', 'wide'],
    ['get', 'pods', '-A'],
    ['get', 'pods', '--show-labels'],
    ['get', 'pod', 'alpha'],
    ['get', 'pods,namespaces'],
    ['get', 'namespaces'],
    ['get', 'pods', '-o', 'name'],
    ['get', 'pods', '-n', 'kube-system'],
    ['get', 'pods', 'alpha', 'nope'],
    ['get', 'pod', 'alpha', '-o', 'yaml'],
    ['get', 'pods', '-o', 'json'],
    ['api-resources'],
  ];
  it('kubectl authenticates with the written kubeconfig directly', async () => {
    const r = await spawnRun(KUBECTL, ['--kubeconfig', server.kubeconfigPath, 'get', 'ns'], env);
    expect(r.code).toBe(0);
  });

  it.each(cases)('%s %s %s %s', async (...args: string[]) => {
    const [ours, theirs] = await Promise.all([k(args), kubectl(args)]);
    expect(normaliseAge(ours.stdout)).toBe(normaliseAge(theirs.stdout));
    expect(ours.stderr).toBe(theirs.stderr);
    expect(ours.code).toBe(theirs.code);
  });
});
