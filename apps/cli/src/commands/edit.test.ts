/**
 * `edit`: EDITOR is a small script that rewrites the file with sed (one sed per editor run, so
 * the reopen-on-error loop can be driven), against the real api-server; kubectl 1.32 edits a
 * twin object with the same script and must print the same lines.
 */
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@skiff/testing';
import { baseEnv, cli, KUBECTL, pod, spawnRun, tempDir, writeFile } from '../test/harness.ts';

let server: TestServer;
const dir = tempDir();

/** An editor that applies the Nth sed script on its Nth run and keeps a copy of what it was shown. */
function editor(name: string, seds: string[]): string {
  const log = join(dir, name);
  const script = writeFile(
    dir,
    `${name}.sh`,
    `#!/bin/sh
n=$(ls ${log}.seen.* 2>/dev/null | wc -l); n=$((n + 1))
cp "$1" ${log}.seen.$n
case $n in
${seds.map((s, i) => `  ${i + 1}) sed -i '${s}' "$1" ;;`).join('\n')}
esac
`,
  );
  chmodSync(script, 0o755);
  return script;
}
const seen = (name: string, n: number): string => readFileSync(join(dir, `${name}.seen.${n}`), 'utf8');

const skiff = (args: string[], ed: string) => cli(server.kubeconfigPath, args, { env: { ...baseEnv(server.kubeconfigPath), EDITOR: ed } });
const kubectl = (args: string[], ed: string) =>
  spawnRun(KUBECTL, ['--kubeconfig', server.kubeconfigPath, ...args], { ...baseEnv(server.kubeconfigPath), KUBE_EDITOR: ed, KUBECACHEDIR: `${dir}/cache` });
const label = async (name: string) => (await cli(server.kubeconfigPath, ['get', 'pod', name, '-o', 'jsonpath={.metadata.labels.app}'])).stdout;

beforeAll(async () => {
  server = await startTestServer({ tls: true });
  const pods = ['s1', 'k1', 's2', 'k2', 's3', 'k3', 's4', 's5', 'k5'].map((n) => pod(n, { app: 'orig' }));
  expect((await cli(server.kubeconfigPath, ['apply', '-f', '-'], { stdin: pods.join('---\n') })).code).toBe(0);
});
afterAll(() => server.close());

describe('edit', () => {
  it('opens the object as YAML under kubectl\'s header and sends what changed', async () => {
    const r = await skiff(['edit', 'pod/s1'], editor('label', ['s/app: orig/app: edited/']));
    expect(r).toEqual({ code: 0, stdout: 'pod/s1 edited\n', stderr: '' });
    expect(seen('label', 1)).toMatch(/^# Please edit the object below\. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit\. If an error occurs while saving this file will be\n# reopened with the relevant failures\.\n#\napiVersion: v1\nkind: Pod\n/);
    expect(await label('s1')).toBe('edited');
  });

  it('edits JSON with -o json', async () => {
    const r = await skiff(['edit', 'pods', 's4', '-o', 'json'], editor('json', ['s/"app": "orig"/"app": "json"/']));
    expect(r).toEqual({ code: 0, stdout: 'pod/s4 edited\n', stderr: '' });
    expect(seen('json', 1)).toContain('#\n{\n    "apiVersion": "v1",');
    expect(await label('s4')).toBe('json');
  });

  it('reopens a file with a syntax error, the reason as a comment, and saves the fixed one', async () => {
    const r = await skiff(['edit', 'pod/s5'], editor('syntax', ['s/^kind: Pod$/kind: [Pod/', 's/^kind: \\[Pod$/kind: Pod/; s/app: orig/app: fixed/']));
    expect(r).toEqual({ code: 0, stdout: 'pod/s5 edited\n', stderr: '' });
    expect(seen('syntax', 2)).toMatch(/\n# pods "s5" was not valid:\n# \* <nil>: Invalid value: "The edited file failed validation": .+\n#\napiVersion: v1\nkind: \[Pod\n/);
    expect(await label('s5')).toBe('fixed');
  });
});

describe('edit (own expectations)', () => {
  // kubectl 1.32 against Skiff sends a patch for an emptied file (and fails); skiff keeps the
  // promise its header makes: an empty file aborts the edit.
  it('an emptied file aborts the edit', async () => {
    expect(await skiff(['edit', 'pod/s3'], 'truncate -s 0')).toEqual({ code: 0, stdout: '', stderr: 'Edit cancelled, saved file was empty.\n' });
    expect(await label('s3')).toBe('orig');
  });

  it('names kubectl\'s errors for a missing object and a failing editor', async () => {
    expect((await skiff(['edit', 'pod/nope'], 'true')).stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(await skiff(['edit', 'pod/s3'], 'false')).toEqual({ code: 1, stdout: '', stderr: 'error: there was a problem with the editor "false"\n' });
  });
});

describe.skipIf(!existsSync(KUBECTL))('edit matches kubectl 1.32', () => {
  it('a change: same output; both objects changed', async () => {
    const sed = 's/app: orig/app: twin/';
    const ours = await skiff(['edit', 'pod/s2'], editor('same-s', [sed]));
    const theirs = await kubectl(['edit', 'pod/k2'], editor('same-k', [sed]));
    expect(ours).toEqual({ ...theirs, stdout: theirs.stdout.replace('k2', 's2') });
    expect([await label('s2'), await label('k2')]).toEqual(['twin', 'twin']);
  });

  it('no change: cancelled, as kubectl words it', async () => {
    const [ours, theirs] = [await skiff(['edit', 'pod/s3'], 'true'), await kubectl(['edit', 'pod/k3'], 'true')];
    expect(ours).toEqual(theirs);
    expect(ours.stderr).toBe('Edit cancelled, no changes made.\n');
  });

  it('an invalid object saved twice: the server\'s reasons in the reopened file, then a kept copy and exit 1', async () => {
    const sed = 's/image: busybox/image: ""/';
    const ours = await skiff(['edit', 'pod/s3'], editor('invalid-s', [sed, sed]));
    const theirs = await kubectl(['edit', 'pod/k3'], editor('invalid-k', [sed, sed]));
    const copy = /stored to "[^"]+"/g;
    expect({ ...ours, stderr: ours.stderr.replace(copy, 'stored to F') }).toEqual({
      ...theirs,
      stderr: theirs.stderr.replace('k3', 's3').replace(copy, 'stored to F'),
    });
    expect(ours.code).toBe(1);
    const head = (s: string) => s.slice(0, s.indexOf('apiVersion:'));
    expect(head(seen('invalid-s', 2))).toBe(head(seen('invalid-k', 2)).replace('k3', 's3'));
    expect(seen('invalid-s', 2)).toContain('# * spec.containers[0].image: Required value\n');
  });
});
