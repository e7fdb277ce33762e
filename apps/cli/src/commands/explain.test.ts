/** `explain`: the same bytes as kubectl 1.32's explain against the same Skiff api-server. */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@skiff/testing';
import { baseEnv, cli, KUBECTL, spawnRun, tempDir } from '../test/harness.ts';

let server: TestServer;
let env: Record<string, string | undefined>;
const k = (args: string[]) => cli(server.kubeconfigPath, args);
const kubectl = (args: string[]) => spawnRun(KUBECTL, ['--kubeconfig', server.kubeconfigPath, ...args], env);

beforeAll(async () => {
  server = await startTestServer({ tls: true });
  env = { ...baseEnv(server.kubeconfigPath), KUBECACHEDIR: `${tempDir()}/cache` };
});
afterAll(() => server.close());

describe.skipIf(!existsSync(KUBECTL))('explain matches kubectl 1.32', () => {
  it.each([
    ['explain', 'pods'],
    ['explain', 'po.spec.containers'],
    ['explain', 'pods.spec.restartPolicy'],
    ['explain', 'pods.spec.containers.resources.limits'],
    ['explain', 'pods.metadata.managedFields.fieldsV1'],
    ['explain', 'pods', '--recursive'],
    ['explain', 'services.spec'],
    ['explain', 'services', '--recursive'],
    ['explain', 'deploy'],
    ['explain', 'deployments.spec.strategy.rollingUpdate.maxSurge'],
    ['explain', 'jobs.spec.template', '--api-version=batch/v1'],
    ['explain', 'pods.spec.containers.name.x'],
    ['explain', 'pods.nope'],
    ['explain', 'nope'],
    ['explain', 'deploy', '--api-version=apps/v2'],
    ['explain'],
    ['explain', 'pods', 'nodes'],
  ].map((args) => [args.join(' '), args] as const))('%s', async (_name, args) => {
    const [ours, theirs] = await Promise.all([k(args), kubectl(args)]);
    expect(ours).toEqual(theirs);
  });
});

describe('explain (own expectations)', () => {
  it('prints the field, every description on the way to its type, and its fields', async () => {
    const r = await k(['explain', 'pods.spec.containers']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^KIND: {7}Pod\nVERSION: {4}v1\n\nFIELD: containers <\[\]Container>\n\n\nDESCRIPTION:\n {4}List of containers/);
    expect(r.stdout).toContain('    A single application container that you want to run within a pod.\n');
    expect(r.stdout).toContain('  name\t<string> -required-\n');
    expect(r.stdout).toContain('  imagePullPolicy\t<string>\n  enum: Always, Never, IfNotPresent\n');
  });

  it('names the group for a non-core kind and nests names only with --recursive', async () => {
    const r = await k(['explain', 'deployments', '--recursive']);
    expect(r.stdout.startsWith('GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\n')).toBe(true);
    expect(r.stdout).toContain('  spec\t<DeploymentSpec>\n    minReadySeconds\t<integer>\n');
    expect(r.stdout).not.toContain('    DeploymentSpec is the specification');
  });

  it('prints the header, then fails on an unknown field; an unknown type has no error: prefix', async () => {
    expect(await k(['explain', 'pods.spec.nope'])).toEqual({ code: 1, stdout: 'KIND:       Pod\nVERSION:    v1\n\n', stderr: 'error: field "nope" does not exist\n' });
    expect(await k(['explain', 'nope'])).toEqual({ code: 1, stdout: '', stderr: 'the server doesn\'t have a resource type "nope"\n' });
  });
});
