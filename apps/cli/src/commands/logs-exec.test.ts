/**
 * logs and exec through the real api-server's pods/log and pods/exec proxy to the
 * api-server's fake agent (it echoes the path it was asked for, ticks with follow, and ends
 * exec with exit code 7 once stdin closes).
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestClient } from '@skiff/client';
import { startTestServer, type TestServer } from '@skiff/testing';
import { startFakeAgent, type FakeAgent } from '@skiff/api-server/routes/subresources/fake-agent';
import { KUBELET_CERT_ANNOTATION } from '@skiff/api-server/routes/subresources/pod-backend';
import { baseEnv, cli, until } from '../test/harness.ts';

let server: TestServer;
let agent: FakeAgent;
const k = (args: string[], o = {}) => cli(server.kubeconfigPath, args, o);
const PODS = { group: '', version: 'v1', plural: 'pods', namespaced: true };

async function runningPod(c: RestClient, name: string, containers: string[], labels: Record<string, string> = {}): Promise<void> {
  await c.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { nodeName: 'n1', containers: containers.map((n) => ({ name: n, image: 'busybox' })) } }, { namespace: 'default' });
  const containerStatuses = containers.map((n) => ({ name: n, ready: true, restartCount: 0, image: 'busybox', imageID: '', state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }));
  await c.patch(PODS, name, 'merge', { status: { phase: 'Running', containerStatuses } }, { namespace: 'default', subresource: 'status' });
}

beforeAll(async () => {
  server = await startTestServer({ tls: true });
  agent = await startFakeAgent();
  const c = new RestClient({ server: server.url, token: server.token, ca: server.caPem });
  await c.create({ group: '', version: 'v1', plural: 'nodes', namespaced: false }, {
    apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', annotations: { [KUBELET_CERT_ANNOTATION]: agent.fingerprint } },
    status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: agent.port } } },
  } as never);
  await runningPod(c, 'web', ['main'], { app: 'web' });
  await runningPod(c, 'two', ['a', 'b'], { app: 'web' });
});
afterAll(async () => {
  await agent.close();
  await server.close();
});

describe('skiff logs', () => {
  it('passes container, tail, timestamps and previous as kubectl does', async () => {
    const r = await k(['logs', 'web', '--tail', '10', '--timestamps', '--previous']);
    expect(r).toEqual({ code: 0, stderr: '', stdout: '/containerLogs/default/web/main?previous=true&timestamps=true&tailLines=10\nline 2\n' });
  });

  it('defaults to the first container with kubectl\'s notice; -c picks one', async () => {
    const r = await k(['logs', 'pod/two']);
    expect(r.stderr).toBe('Defaulted container "a" out of: a, b\n');
    expect(r.stdout).toMatch(/^\/containerLogs\/default\/two\/a\n/);
    expect((await k(['logs', 'two', '-c', 'b'])).stdout).toMatch(/^\/containerLogs\/default\/two\/b\n/);
  });

  it('-f streams until interrupted', async () => {
    const ac = new AbortController();
    let seen = '';
    const p = k(['logs', '-f', 'web'], { signal: ac.signal, onStdout: (s: string) => (seen = s) });
    await until(() => (seen.match(/tick/g) ?? []).length >= 3);
    ac.abort();
    const r = await p;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\/containerLogs\/default\/web\/main\?follow=true\ntick 0\ntick 1\n/);
  });

  it('-l reads every matching pod', async () => {
    const r = await k(['logs', '-l', 'app=web', '--prefix']);
    expect(r.stdout).toContain('[pod/web/main] /containerLogs/default/web/main\n[pod/web/main] line 2\n');
    expect(r.stdout).toContain('[pod/two/a] /containerLogs/default/two/a\n');
  });

  it('missing pod and no cluster: one kubectl line, exit 1', async () => {
    expect(await k(['logs', 'nope'])).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    const r = await cli(undefined, ['logs', 'x'], { env: { HOME: '/nonexistent' } });
    expect(r.stderr).toMatch(/^The connection to the server localhost:8080 was refused/);
  });
});

describe('skiff exec', () => {
  it('relays stdout/stderr, sends stdin and its end, exits with the command\'s code', async () => {
    const io = { env: baseEnv(server.kubeconfigPath) };
    let stdout = '';
    let stderr = '';
    const { run } = await import('../main.ts');
    const code = await run(['exec', '-i', 'web', '--', 'cat'], {
      ...io,
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      stdinStream: () => Readable.from([Buffer.from('hello\n')]),
    });
    expect(code).toBe(7);
    expect(stdout).toBe('outhello\n');
    expect(stderr.endsWith('command terminated with exit code 7\n')).toBe(true);
    const seen = agent.seen.at(-1)!;
    expect(seen.url).toBe('/exec/default/web/main?command=cat&stdin=true&stdout=true&stderr=true');
    expect(seen.protocol).toBe('v5.channel.k8s.io');
  });
});
