/**
 * The JSONPath engine against kubectl's own, with no server: `config view -o jsonpath=…`
 * runs the same printer in both tools over the same kubeconfig.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baseEnv, cli, KUBECTL, spawnRun, tempDir, writeFile } from '../test/harness.ts';

const KUBECONFIG = writeFile(
  tempDir(),
  'config',
  `apiVersion: v1
kind: Config
clusters:
- name: alpha
  cluster: {server: "https://a:6443", insecure-skip-tls-verify: true}
- name: beta
  cluster: {server: "https://b:6443"}
contexts:
- name: one
  context: {cluster: alpha, user: admin, namespace: team}
- name: two
  context: {cluster: beta, user: e2e}
current-context: one
users:
- name: admin
  user: {token: abc}
- name: e2e
  user: {username: admin, password: "s&cret<1>"}
preferences: {}
`,
);
const env = baseEnv(KUBECONFIG);
const kubectl = (o: string) => spawnRun(KUBECTL, ['config', 'view', '--raw', '-o', o], env);
const skiff = (o: string) => cli(KUBECONFIG, ['config', 'view', '--raw', '-o', o]);

describe.skipIf(!existsSync(KUBECTL))('JSONPath output matches kubectl 1.32 (config view)', () => {
  it.each([
    'jsonpath={.kind}',
    'jsonpath={.clusters[*].name}',
    'jsonpath={.clusters[*].cluster}',
    'jsonpath={.users[1]}',
    "jsonpath={.users[?(@.name=='e2e')].user.password}{\"\\n\"}",
    'jsonpath={.clusters[?(@.cluster.insecure-skip-tls-verify==true)].name}',
    'jsonpath={.clusters[?(@.cluster.insecure-skip-tls-verify)].name}',
    'jsonpath={range .contexts[*]}{.name}{"\\t"}{.context.cluster}{"\\n"}{end}',
    'jsonpath=current: {.current-context}, first two: {.contexts[0:2].name} last: {.contexts[-1].name}',
    "jsonpath={.users[*]['name', 'user.username']}",
    'jsonpath={.preferences}{.missing}[{.contexts[*].context.namespace}]',
    'jsonpath={.contexts[?(@.context.user!="admin")].context}',
    'jsonpath-as-json={.users[*].name}',
    'jsonpath={.users[5]}',
    'jsonpath={.users[?(@.name==1)]}',
    'jsonpath={.users[}',
    'jsonpath={end}',
    'jsonpath',
    'jsonpath-file=/nonexistent/template',
    'wide',
  ])('-o %s', async (o) => {
    const [ours, theirs] = await Promise.all([skiff(o), kubectl(o)]);
    expect(ours.stdout).toBe(theirs.stdout);
    // kubectl lists go-template formats skiff does not have.
    expect(ours.stderr).toBe(theirs.stderr.replace(/go-template,go-template-file,/, '').replace(/,name,template,templatefile,/, ','));
    expect(ours.code).toBe(theirs.code);
  });
});
