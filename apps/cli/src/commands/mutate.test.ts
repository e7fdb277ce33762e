/** scale/label/annotate/patch: the same outcome and the same lines as kubectl 1.32. */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@skiff/testing';
import { baseEnv, cli, KUBECTL, pod, spawnRun } from '../test/harness.ts';

let server: TestServer;
let env: Record<string, string | undefined>;
const k = (args: string[], o = {}) => cli(server.kubeconfigPath, args, o);
const kubectl = (args: string[]) => spawnRun(KUBECTL, ['--kubeconfig', server.kubeconfigPath, ...args], env);
const deploy = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: busybox}]}
`;

beforeAll(async () => {
  server = await startTestServer({ tls: true });
  env = { ...baseEnv(server.kubeconfigPath), KUBECACHEDIR: `${baseEnv(undefined)['HOME']}/cache` };
  await k(['apply', '-f', '-'], { stdin: [pod('p-ours', { a: '1' }), pod('p-theirs', { a: '1' }), deploy('d-ours'), deploy('d-theirs')].join('---\n') });
});
afterAll(() => server.close());

const get = async (args: string[]) => JSON.parse((await k([...args, '-o', 'json'])).stdout);

describe('skiff scale/label/annotate/patch', () => {
  it('scale sets spec.replicas through the scale subresource', async () => {
    expect(await k(['scale', 'deploy', 'd-ours', '--replicas', '3'])).toEqual({ code: 0, stdout: 'deployment.apps/d-ours scaled\n', stderr: '' });
    expect((await get(['get', 'deploy', 'd-ours'])).spec.replicas).toBe(3);
  });

  it('label: add, refuse to overwrite, overwrite, remove', async () => {
    expect((await k(['label', 'pod', 'p-ours', 'x=y'])).stdout).toBe('pod/p-ours labeled\n');
    expect(await k(['label', 'pod', 'p-ours', 'x=z'])).toEqual({ code: 1, stdout: '', stderr: "error: 'x' already has a value (y), and --overwrite is false\n" });
    expect((await k(['label', 'pod', 'p-ours', 'x=z', '--overwrite'])).code).toBe(0);
    expect((await k(['label', 'pod/p-ours', 'a-'])).stdout).toBe('pod/p-ours unlabeled\n');
    expect((await get(['get', 'pod', 'p-ours'])).metadata.labels).toEqual({ x: 'z' });
  });

  it('patch merge/json/strategic', async () => {
    expect((await k(['patch', 'pod', 'p-ours', '--type', 'merge', '-p', '{"metadata":{"annotations":{"m":"1"}}}'])).stdout).toBe('pod/p-ours patched\n');
    expect((await k(['patch', 'pod', 'p-ours', '--type', 'merge', '-p', '{"metadata":{"annotations":{"m":"1"}}}'])).stdout).toBe('pod/p-ours patched (no change)\n');
    expect((await k(['patch', 'pod', 'p-ours', '--type', 'json', '-p', '[{"op":"add","path":"/metadata/labels/j","value":"2"}]'])).code).toBe(0);
    expect((await k(['patch', 'deploy', 'd-ours', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"nginx"}]}}}}'])).stdout).toBe('deployment.apps/d-ours patched\n');
    expect((await get(['get', 'deploy', 'd-ours'])).spec.template.spec.containers[0].image).toBe('nginx');
  });

  it('missing object: NotFound line, exit 1', async () => {
    expect(await k(['label', 'pod', 'nope', 'x=y'])).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n' });
  });
});

describe.skipIf(!existsSync(KUBECTL))('same lines as kubectl 1.32', () => {
  it.each([
    [['scale', 'deploy', 'NAME', '--replicas', '2'], 'd'],
    [['label', 'pod', 'NAME', 'q=1'], 'p'],
    [['label', 'pod', 'NAME', 'q=2'], 'p'],
    [['label', 'pod', 'NAME', 'q-'], 'p'],
    [['annotate', 'pod', 'NAME', 'note=hi'], 'p'],
    [['patch', 'pod', 'NAME', '--type', 'merge', '-p', '{"metadata":{"labels":{"r":"1"}}}'], 'p'],
    [['patch', 'pod', 'NAME', '--type', 'merge', '-p', '{"metadata":{"labels":{"r":"1"}}}'], 'p'],
    [['label', 'pod', 'nope-NAME', 'x=y'], 'p'],
  ] as const)('%s', async (args, kind) => {
    const mine = args.map((a) => a.replace('NAME', `${kind}-ours`));
    const theirs = args.map((a) => a.replace('NAME', `${kind}-theirs`));
    const [o, t] = await Promise.all([k(mine), kubectl(theirs)]);
    expect(o.stdout.replaceAll('-ours', '-X')).toBe(t.stdout.replaceAll('-theirs', '-X'));
    expect(o.stderr.replaceAll('-ours', '-X')).toBe(t.stderr.replaceAll('-theirs', '-X'));
    expect(o.code).toBe(t.code);
  });
});
