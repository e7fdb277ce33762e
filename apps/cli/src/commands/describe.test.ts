/** describe against the real api-server, byte for byte with kubectl 1.32 on the same objects. */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@skiff/testing';
import { baseEnv, cli, KUBECTL, spawnRun } from '../test/harness.ts';

let server: TestServer;
let env: Record<string, string | undefined>;
const k = (args: string[], o = {}) => cli(server.kubeconfigPath, args, o);
const kubectl = (args: string[]) => spawnRun(KUBECTL, ['--kubeconfig', server.kubeconfigPath, ...args], env);

function event(uid: string, name: string, reason: string, count: number, type = 'Warning') {
  const now = Date.now();
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Event', metadata: { name: `web-1.${name}`, namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', uid, apiVersion: 'v1' },
    reason, type, message: `${reason} happened `, source: { component: 'default-scheduler' }, count,
    firstTimestamp: new Date(now - 3_000_000).toISOString(), lastTimestamp: new Date(now - (count > 1 ? 1_200_000 : 3_000_000)).toISOString(),
  });
}

beforeAll(async () => {
  server = await startTestServer({ tls: true });
  env = { ...baseEnv(server.kubeconfigPath), KUBECACHEDIR: `${baseEnv(undefined)['HOME']}/cache` };
  const docs = readFileSync(new URL('../test/fixtures/describe-objects.yaml', import.meta.url), 'utf8');
  expect((await k(['apply', '-f', '-'], { stdin: docs })).code).toBe(0);
  const uid = JSON.parse((await k(['get', 'pod', 'web-1', '-o', 'json'])).stdout).metadata.uid;
  const status = {
    phase: 'Running', podIP: '10.1.0.5', podIPs: [{ ip: '10.1.0.5' }], hostIP: '10.0.0.1', startTime: '2026-01-01T00:00:00Z',
    conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False' }],
    containerStatuses: [{ name: 'main', ready: false, restartCount: 3, image: 'busybox', imageID: 'docker-pullable://busybox@sha256:ab', containerID: 'docker://abc', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 2, reason: 'Error', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:01:00Z' } } }],
  };
  const { RestClient } = await import('@skiff/client');
  const c = new RestClient({ server: server.url, token: server.token, ca: server.caPem });
  await c.patch({ group: '', version: 'v1', plural: 'pods', namespaced: true }, 'web-1', 'merge', { status }, { namespace: 'default', subresource: 'status' });
  await k(['apply', '-f', '-'], { stdin: event(uid, 'a', 'FailedScheduling', 3) });
  await k(['apply', '-f', '-'], { stdin: event(uid, 'b', 'BackOff', 1, 'Normal') });
});
afterAll(() => server.close());

describe('skiff describe', () => {
  it('prints the Events table like kubectl', async () => {
    const r = await k(['describe', 'pod', 'web-1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nEvents:\n  Type +Reason +Age +From +Message\n  ----  +------ +---- +---- +-------\n  Normal +BackOff +50m +default-scheduler +BackOff happened\n  Warning +FailedScheduling +20m \(x3 over 50m\) +default-scheduler +FailedScheduling happened\n/);
    expect(r.stdout).toMatch(/^Name: +web-1\nNamespace: +default\n/);
  });

  it('missing object and unknown type: kubectl wording, exit 1', async () => {
    expect(await k(['describe', 'pod', 'nope'])).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    expect((await k(['describe', 'foos', 'x'])).stderr).toBe('error: the server doesn\'t have a resource type "foos"\n');
  });

  it('no cluster: the connection line', async () => {
    const r = await cli(undefined, ['describe', 'pod', 'x'], { env: { HOME: '/nonexistent', KUBECONFIG: undefined } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('The connection to the server localhost:8080 was refused - did you specify the right host or port?\n');
  });
});

describe.skipIf(!existsSync(KUBECTL))('describe matches kubectl 1.32', () => {
  it.each([
    ['describe', 'pod', 'web-1'],
    ['describe', 'pods'],
    ['describe', 'pod/web-1', 'pod/on-node'],
    ['describe', 'node', 'n1'],
    ['describe', 'deploy', 'demo'],
    ['describe', 'ns', 'default'],
    ['describe', 'pod', 'nope'],
    ['describe', 'pods', '-l', 'app=nothing'],
  ])('%s %s %s', async (...args: string[]) => {
    const [ours, theirs] = await Promise.all([k(args), kubectl(args)]);
    // Ages under a minute (objects made in beforeAll) can differ by the second the two commands
    // straddle (kubectl starts slower): those compare as <age>; minute ages stay exact.
    const ages = (t: string): string => t.replace(/(?<=\s)\d{1,2}s(?=\s|$)/gm, '<age>');
    expect(ages(ours.stdout)).toBe(ages(theirs.stdout));
    expect(ours.stderr).toBe(theirs.stderr);
    expect(ours.code).toBe(theirs.code);
  });
});
