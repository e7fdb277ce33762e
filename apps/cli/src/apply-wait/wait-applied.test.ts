/**
 * `skiff apply --wait` against the real api-server. No controllers run here: the test writes
 * the status a controller or agent would, while the CLI waits, and reads the progress lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestClient } from '@skiff/client';
import { startTestServer, type TestServer } from '@skiff/testing';
import { cli } from '../test/harness.ts';

let server: TestServer;
let client: RestClient;
const JOBS = { group: 'batch', version: 'v1', plural: 'jobs', namespaced: true, kind: 'Job' };
const ns = { namespace: 'default' };

beforeAll(async () => {
  server = await startTestServer({ tls: true });
  client = new RestClient({ server: server.url, token: server.token, ca: server.caPem });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

const job = (name: string) => `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
  completions: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
`;

/** Patch status once the CLI has printed its first progress line. */
async function later(patch: () => Promise<unknown>): Promise<void> {
  await new Promise((r) => setTimeout(r, 700));
  await patch();
}

describe('skiff apply --wait', () => {
  it('waits for a Job to complete, printing progress on stderr and kubectl’s line on stdout', async () => {
    const done = later(async () => {
      await client.patch(JOBS, 'train', 'merge', { status: { succeeded: 1 } }, { ...ns, subresource: 'status' });
      await new Promise((r) => setTimeout(r, 700));
      await client.patch(JOBS, 'train', 'merge', { status: { succeeded: 2, conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }] } }, { ...ns, subresource: 'status' });
    });
    const r = await cli(server.kubeconfigPath, ['apply', '-f', '-', '--wait', '--timeout=20s'], { stdin: job('train') });
    await done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('job.batch/train created\n');
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines[0]).toBe('Waiting for job "train" to complete: 0 of 2 succeeded...');
    expect(lines).toContain('Waiting for job "train" to complete: 1 of 2 succeeded...');
    expect(lines.at(-1)).toBe('job "train" completed');
  });

  it('fails with the reason when the Job fails, and with the last progress line on timeout', async () => {
    const failing = later(() => client.patch(JOBS, 'doomed', 'merge', { status: { failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] } }, { ...ns, subresource: 'status' }));
    const r = await cli(server.kubeconfigPath, ['apply', '-f', '-', '--wait', '--timeout=20s'], { stdin: job('doomed') });
    await failing;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: job "doomed" failed: BackoffLimitExceeded: Job has reached the specified backoff limit\n$/);

    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: stuck}\nspec: {containers: [{name: c, image: busybox}]}\n';
    const t = await cli(server.kubeconfigPath, ['apply', '-f', '-', '--wait', '--timeout=1s'], { stdin: pod });
    expect(t.code).toBe(1);
    expect(t.stdout).toBe('pod/stuck created\n');
    expect(t.stderr).toBe('Waiting for pod "stuck" to be ready: Pending...\nerror: timed out waiting for pod/stuck: Waiting for pod "stuck" to be ready: Pending...\n');
  });

  it('does not wait on a dry run or for kinds without readiness', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: b}\n';
    const r = await cli(server.kubeconfigPath, ['apply', '-f', '-', '--wait', '--timeout=1s'], { stdin: cm });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, 'configmap/cfg created\n', '']);
    const d = await cli(server.kubeconfigPath, ['apply', '-f', '-', '--wait', '--timeout=1s', '--dry-run=server'], { stdin: job('dry') });
    expect([d.code, d.stderr]).toEqual([0, '']);
    await expect(client.get(JOBS, 'dry', ns)).rejects.toMatchObject({ code: 404 }); // nothing was stored to wait for
  });
});
