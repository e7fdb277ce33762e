/** `get -o jsonpath|custom-columns` (and --no-headers): the same objects through skiff and kubectl 1.32. */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@skiff/testing';
import { baseEnv, cli, KUBECTL, pod, spawnRun, tempDir, writeFile } from '../test/harness.ts';

let server: TestServer;
let env: Record<string, string | undefined>;
const dir = tempDir();
const k = (args: string[]) => cli(server.kubeconfigPath, args);
const kubectl = (args: string[]) => spawnRun(KUBECTL, ['--kubeconfig', server.kubeconfigPath, ...args], env);

const TWO_CONTAINERS = `apiVersion: v1
kind: Pod
metadata:
  name: sidecar
  labels: {app: b, tier: back}
spec:
  containers:
  - {name: main, image: nginx:1.27}
  - {name: log, image: busybox}
`;

beforeAll(async () => {
  server = await startTestServer({ tls: true });
  env = { ...baseEnv(server.kubeconfigPath), KUBECACHEDIR: `${tempDir()}/cache` };
  await cli(server.kubeconfigPath, ['apply', '-f', '-'], { stdin: [pod('alpha', { app: 'a' }), TWO_CONTAINERS].join('---\n') });
  writeFile(dir, 'cols.txt', 'NAME   IMAGES\n.metadata.name   {.spec.containers[*].image}\n');
  writeFile(dir, 'names.jsonpath', '{range .items[*]}{.metadata.name}{"\\n"}{end}');
});
afterAll(() => server.close());

describe.skipIf(!existsSync(KUBECTL))('get -o jsonpath / custom-columns match kubectl 1.32', () => {
  it.each([
    ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'],
    ['get', 'pod', 'sidecar', '-o', 'jsonpath={.spec.containers[*].image}'],
    ['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.metadata.labels}{"\\n"}{end}'],
    ['get', 'pods', '-o', 'jsonpath={.items[?(@.metadata.labels.app=="b")].spec.containers[1].name}'],
    ['get', 'pods', '-o', 'jsonpath={.kind} {.apiVersion} {.metadata}'],
    ['get', 'pods', '-o', 'jsonpath-as-json={.items[*].metadata.name}'],
    ['get', 'pods', '-o', `jsonpath-file=${dir}/names.jsonpath`],
    ['get', 'pods', 'alpha', 'nope', '-o', 'jsonpath={.metadata.name}'],
    ['get', 'pods', '-n', 'kube-system', '-o', 'jsonpath={.items}'],
    ['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,APP:.metadata.labels.app,IMAGES:.spec.containers[*].image,LABELS:.metadata.labels,IP:.status.podIP'],
    ['get', 'pod', 'alpha', '-o', 'custom-columns=NAME:metadata.name,KIND:{.kind}'],
    ['get', 'pods', '--no-headers', '-o', 'custom-columns=NAME:.metadata.name,PORTS:.spec.containers[*].ports'],
    ['get', 'pods', '-n', 'kube-system', '-o', 'custom-columns=NAME:.metadata.name'],
    ['get', 'pods', '-o', `custom-columns-file=${dir}/cols.txt`],
    ['get', 'pods', '--no-headers'],
    ['get', 'pods', '-o', 'custom-columns=NAME'],
    ['get', 'pods', '-o', 'custom-columns'],
    ['get', 'pods', '-o', 'jsonpath={.items[}'],
  ])('%s %s %s %s %s', async (...args: string[]) => {
    const [ours, theirs] = await Promise.all([k(args), kubectl(args)]);
    expect(ours.stdout.replace(/\b\d+s\b/g, 'Ns')).toBe(theirs.stdout.replace(/\b\d+s\b/g, 'Ns'));
    expect(ours.stderr).toBe(theirs.stderr.replace(/go-template,go-template-file,/, '').replace(/,template,templatefile,/, ','));
    expect(ours.code).toBe(theirs.code);
  });
});

describe('get -o jsonpath / custom-columns (own expectations)', () => {
  it('prints values from the List, and custom columns with <none> and comma-joined lists', async () => {
    expect(await k(['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'])).toEqual({ code: 0, stdout: 'alpha sidecar', stderr: '' });
    const r = await k(['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,IMAGES:.spec.containers[*].image,IP:.status.podIP']);
    expect(r.stdout).toBe(
      ['NAME      IMAGES               IP', 'alpha     busybox              <none>', 'sidecar   nginx:1.27,busybox   <none>', ''].join('\n'),
    );
  });

  it('a malformed template fails before anything is fetched', async () => {
    const r = await cli(undefined, ['get', 'pods', '-o', 'jsonpath={.items[}', '-s', 'http://127.0.0.1:1']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: error parsing jsonpath {.items[}, unterminated array\n' });
  });
});
