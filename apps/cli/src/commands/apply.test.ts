import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RestClient } from '@skiff/client';
import { startTestServer, type TestServer } from '@skiff/testing';
import { cli, pod, tempDir, writeFile } from '../test/harness.ts';

let server: TestServer;
let dir: string;
const k = (args: string[], o = {}) => cli(server.kubeconfigPath, args, { cwd: dir, ...o });

beforeAll(async () => {
  server = await startTestServer();
  dir = tempDir();
});
afterAll(() => server.close());

const configMap = (name: string, value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  key: "${value}"\n`;

describe('skiff apply', () => {
  it('created, then unchanged, then configured', async () => {
    writeFile(dir, 'cm.yaml', configMap('settings', 'a'));
    expect(await k(['apply', '-f', 'cm.yaml'])).toEqual({ code: 0, stdout: 'configmap/settings created\n', stderr: '' });
    expect((await k(['apply', '-f', 'cm.yaml'])).stdout).toBe('configmap/settings unchanged\n');
    writeFile(dir, 'cm.yaml', configMap('settings', 'b'));
    expect((await k(['apply', '-f', 'cm.yaml'])).stdout).toBe('configmap/settings configured\n');
    expect((await k(['get', 'cm', 'settings', '-o', 'json'])).stdout).toContain('"key": "b"');
  });

  it('--server-side reports serverside-applied, like kubectl', async () => {
    writeFile(dir, 'ss.yaml', configMap('ss', 'a'));
    expect((await k(['apply', '--server-side', '-f', 'ss.yaml'])).stdout).toBe('configmap/ss serverside-applied\n');
  });

  it('multi-document files, JSON and stdin', async () => {
    writeFile(dir, 'multi.yaml', `${configMap('m1', '1')}---\n${configMap('m2', '2')}`);
    expect((await k(['apply', '-f', 'multi.yaml'])).stdout).toBe('configmap/m1 created\nconfigmap/m2 created\n');
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'j1' }, data: { a: 'b' } });
    expect((await k(['apply', '-f', '-'], { stdin: json })).stdout).toBe('configmap/j1 created\n');
  });

  it('directories, recursively with -R', async () => {
    const d = join(dir, 'tree');
    mkdirSync(join(d, 'sub'), { recursive: true });
    writeFile(d, 'a.yaml', configMap('dir-a', '1'));
    writeFile(d, 'notes.txt', 'not a manifest');
    writeFile(join(d, 'sub'), 'b.yml', configMap('dir-b', '1'));
    expect((await k(['apply', '-f', 'tree'])).stdout).toBe('configmap/dir-a created\n');
    expect((await k(['apply', '-R', '-f', 'tree'])).stdout).toBe('configmap/dir-a unchanged\nconfigmap/dir-b created\n');
  });

  it('--dry-run creates nothing', async () => {
    writeFile(dir, 'dry.yaml', configMap('dry', '1'));
    expect((await k(['apply', '--dry-run=client', '-f', 'dry.yaml'])).stdout).toBe('configmap/dry created (dry run)\n');
    expect((await k(['apply', '--dry-run=server', '-f', 'dry.yaml'])).stdout).toBe('configmap/dry created (server dry run)\n');
    expect((await k(['get', 'cm', 'dry'])).code).toBe(1);
  });
});

describe('skiff create', () => {
  it('creates, then fails with kubectl AlreadyExists wording', async () => {
    writeFile(dir, 'p.yaml', pod('created-pod'));
    expect(await k(['create', '-f', 'p.yaml'])).toEqual({ code: 0, stdout: 'pod/created-pod created\n', stderr: '' });
    expect(await k(['create', '-f', 'p.yaml'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (AlreadyExists): error when creating "p.yaml": pods "created-pod" already exists\n',
    });
  });
});

describe('skiff delete', () => {
  it('deletes by name and waits until gone', async () => {
    await k(['apply', '-f', '-'], { stdin: pod('doomed') });
    expect(await k(['delete', 'pod', 'doomed'])).toEqual({ code: 0, stdout: 'pod "doomed" deleted\n', stderr: '' });
    expect((await k(['get', 'pod', 'doomed'])).stderr).toBe('Error from server (NotFound): pods "doomed" not found\n');
  });

  it('reports a missing object and goes on', async () => {
    await k(['apply', '-f', '-'], { stdin: pod('d2') });
    const r = await k(['delete', 'pods', 'missing', 'd2', '--grace-period=0', '--force']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('pod "d2" force deleted\n');
    expect(r.stderr).toContain('Error from server (NotFound): pods "missing" not found\n');
  });

  it('--wait holds until a finalizer is removed', async () => {
    const held = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  finalizers: [example.com/hold]\n';
    await k(['apply', '-f', '-'], { stdin: held });
    let done = false;
    const deleting = k(['delete', 'cm', 'held']).then((r) => ((done = true), r));
    await new Promise((r) => setTimeout(r, 500));
    expect(done).toBe(false);
    const client = new RestClient({ server: server.url, token: server.token });
    const ref = { group: '', version: 'v1', plural: 'configmaps', namespaced: true };
    await client.patch(ref, 'held', 'merge', { metadata: { finalizers: null } }, { namespace: 'default' });
    expect(await deleting).toEqual({ code: 0, stdout: 'configmap "held" deleted\n', stderr: '' });
  });

  it('-f, -l and --all', async () => {
    writeFile(dir, 'del.yaml', configMap('del-me', '1'));
    await k(['apply', '-f', 'del.yaml']);
    expect((await k(['delete', '-f', 'del.yaml'])).stdout).toBe('configmap "del-me" deleted\n');
    await k(['apply', '-f', '-'], { stdin: [pod('l1', { group: 'g' }), pod('l2', { group: 'g' })].join('---\n') });
    expect((await k(['delete', 'pods', '-l', 'group=g', '--wait=false'])).stdout).toBe('pod "l1" deleted\npod "l2" deleted\n');
    const all = await k(['delete', 'configmaps', '--all', '-n', 'kube-public', '--cascade=foreground']);
    expect(all.code).toBe(0);
  });
});
