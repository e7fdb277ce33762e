/** `skiff wait` against the real api-server; the static cases are compared with kubectl 1.32. */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestClient } from '@skiff/client';
import { startTestServer, type TestServer } from '@skiff/testing';
import { baseEnv, cli, KUBECTL, pod, spawnRun, tempDir, until } from '../test/harness.ts';

let server: TestServer;
let client: RestClient;
let env: Record<string, string | undefined>;
const PODS = { group: '', version: 'v1', plural: 'pods', namespaced: true, kind: 'Pod' };
const k = (args: string[], o = {}) => cli(server.kubeconfigPath, args, o);
const kubectl = (args: string[]) => spawnRun(KUBECTL, ['--kubeconfig', server.kubeconfigPath, ...args], env);

async function setReady(name: string, status: 'True' | 'False'): Promise<void> {
  const p = await client.get(PODS, name, { namespace: 'default' });
  const conditions = [{ type: 'Ready', status, lastTransitionTime: '2025-01-01T00:00:00Z' }];
  await client.updateStatus(PODS, { ...p, status: { ...(p as { status?: object }).status, conditions } } as never, { namespace: 'default' });
}

beforeAll(async () => {
  server = await startTestServer({ tls: true });
  client = new RestClient({ server: server.url, token: server.token, ca: server.caPem });
  env = { ...baseEnv(server.kubeconfigPath), KUBECACHEDIR: `${tempDir()}/cache` };
  await k(['apply', '-f', '-'], { stdin: [pod('ready', { app: 'w' }), pod('slow', { app: 'w' }), pod('other')].join('---\n') });
  await setReady('ready', 'True');
  await setReady('slow', 'False');
});
afterAll(() => server.close());

describe.skipIf(!existsSync(KUBECTL))('skiff wait matches kubectl 1.32', () => {
  it.each([
    ['wait', 'pod/ready', '--for=condition=Ready'],
    ['wait', 'pod/ready', '--for=condition=ready=TRUE'],
    ['wait', 'pod/slow', '--for=condition=Ready=False'],
    ['wait', 'pod/slow', '--for=condition=Ready', '--timeout=1s'],
    ['wait', 'pods', '-l', 'app=w', '--for=condition=Ready', '--timeout=1s'],
    ['wait', 'pods', '--all', '--for=jsonpath={.metadata.labels.app}=w', '--timeout=1s'],
    ['wait', 'pod/ready', 'pod/other', '--for=jsonpath={.spec.containers[0].image}', '--timeout=0'],
    ['wait', 'pod/ready', '--for=jsonpath={.spec.containers[*].name}=main', '--timeout=1s'],
    ['wait', 'pod/nope', '--for=delete'],
    ['wait', 'pod/nope', '--for=condition=Ready'],
    ['wait', 'pods', '-l', 'app=none', '--for=condition=Ready'],
    ['wait', 'pods', '--for=condition=Ready'],
    ['wait', 'pod/ready'],
    ['wait', 'pod/ready', '--for=bogus'],
    ['wait', 'pod/ready', '--for=jsonpath={.status'],
    ['wait', '--for=delete'],
  ])('%s %s %s %s %s', async (...args: string[]) => {
    const [ours, theirs] = await Promise.all([k(args), kubectl(args)]);
    expect(ours.stdout).toBe(theirs.stdout);
    // client-go warns about short watches on stderr; it is noise, not kubectl's answer.
    expect(ours.stderr).toBe(theirs.stderr.replace(/^W\d{4} .*\n/gm, ''));
    expect(ours.code).toBe(theirs.code);
  });
});

describe('skiff wait follows changes', () => {
  it('returns once the condition becomes true', async () => {
    await k(['apply', '-f', '-'], { stdin: pod('later') });
    let seen = '';
    const waiting = k(['wait', 'pod/later', '--for=condition=Ready', '--timeout=20s'], { onStdout: (s: string) => (seen = s) });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toBe('');
    await setReady('later', 'True');
    expect(await waiting).toEqual({ code: 0, stdout: 'pod/later condition met\n', stderr: '' });
  });

  it('--for=delete returns once the object is gone', async () => {
    await k(['apply', '-f', '-'], { stdin: pod('doomed') });
    const waiting = k(['wait', 'pod/doomed', '--for=delete', '--timeout=20s']);
    await new Promise((r) => setTimeout(r, 300));
    await client.delete(PODS, 'doomed', { namespace: 'default' });
    expect(await waiting).toEqual({ code: 0, stdout: 'pod/doomed condition met\n', stderr: '' });
  });

  it('--for=create waits for the object to appear', async () => {
    let out = '';
    const waiting = k(['wait', 'pod/newborn', '--for=create', '--timeout=20s'], { onStdout: (s: string) => (out = s) });
    await new Promise((r) => setTimeout(r, 300));
    expect(out).toBe('');
    await k(['apply', '-f', '-'], { stdin: pod('newborn') });
    await until(() => out.length > 0);
    expect((await waiting).stdout).toBe('pod/newborn condition met\n');
  });

  it('a bad --timeout is one error line', async () => {
    const r = await k(['wait', 'pod/ready', '--for=delete', '--timeout=abc']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: invalid argument "abc" for "--timeout" flag: time: invalid duration "abc"\n' });
  });
});
