import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir, writeFile } from '../test/harness.ts';

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: one
  cluster: {server: 'https://one.example:6443', certificate-authority-data: Zm9v}
- name: two
  cluster: {server: 'http://127.0.0.1:3'}
users:
- name: admin
  user: {token: secret}
contexts:
- name: one
  context: {cluster: one, user: admin, namespace: team}
- name: two
  context: {cluster: two, user: admin}
current-context: one
`;

function setup(): { dir: string; path: string; env: Record<string, string | undefined> } {
  const dir = tempDir();
  const path = writeFile(dir, 'config', kubeconfig);
  return { dir, path, env: { HOME: dir, KUBECONFIG: path } };
}

describe('skiff config', () => {
  it('view redacts secrets unless --raw', async () => {
    const { path, env } = setup();
    const view = await cli(path, ['config', 'view'], { env });
    expect(view.stdout).toContain('token: REDACTED');
    expect(view.stdout).toContain('certificate-authority-data: DATA+OMITTED');
    expect((await cli(path, ['config', 'view', '--raw'], { env })).stdout).toContain('token: secret');
    const min = JSON.parse((await cli(path, ['config', 'view', '--minify', '-o', 'json'], { env })).stdout);
    expect(min.contexts.map((c: { name: string }) => c.name)).toEqual(['one']);
  });

  it('current-context, get-contexts and use-context', async () => {
    const { path, env } = setup();
    expect((await cli(path, ['config', 'current-context'], { env })).stdout).toBe('one\n');
    expect((await cli(path, ['config', 'get-contexts'], { env })).stdout).toBe(
      'CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n*         one    one       admin      team\n          two    two       admin      \n',
    );
    expect((await cli(path, ['config', 'use-context', 'two'], { env })).stdout).toBe('Switched to context "two".\n');
    expect(readFileSync(path, 'utf8')).toContain('current-context: two');
    expect(readFileSync(path, 'utf8')).toContain("server: 'https://one.example:6443'"); // the rest untouched
    expect(await cli(path, ['config', 'use-context', 'nope'], { env })).toEqual({ code: 1, stdout: '', stderr: 'error: no context exists with the name: "nope"\n' });
  });

  it('--kubeconfig wins over KUBECONFIG; --context selects; -s overrides the server', async () => {
    const { dir, path } = setup();
    const env = { HOME: dir, KUBECONFIG: join(dir, 'missing') };
    const r = await cli(undefined, ['--kubeconfig', path, '--context', 'two', 'get', 'pods'], { env });
    expect(r.stderr).toBe('The connection to the server 127.0.0.1:3 was refused - did you specify the right host or port?\n');
    const missing = await cli(undefined, ['get', 'pods', '--kubeconfig', join(dir, 'nope')], { env });
    expect(missing.stderr).toBe(`error: stat ${join(dir, 'nope')}: no such file or directory\n`);
  });
});
