import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@skiff/testing';
import { cli, pod, until } from '../test/harness.ts';

let server: TestServer;
const k = (args: string[], o = {}) => cli(server.kubeconfigPath, args, o);

beforeAll(async () => {
  server = await startTestServer();
  const docs = [pod('web-1', { app: 'web' }), pod('web-2', { app: 'web', tier: 'front' })].join('---\n');
  expect((await k(['apply', '-f', '-'], { stdin: docs })).code).toBe(0);
  expect((await k(['create', 'namespace', 'other'])).code).toBe(0);
  expect((await k(['apply', '-n', 'other', '-f', '-'], { stdin: pod('db-1', { app: 'db' }) })).code).toBe(0);
});
afterAll(() => server.close());

describe('skiff get (table)', () => {
  it('prints the server Table with kubectl headers and alignment', async () => {
    const r = await k(['get', 'pods']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME {4}READY {3}STATUS {4}RESTARTS {3}AGE$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['web-1', 'web-2']);
  });

  it('adds priority>0 columns only with -o wide', async () => {
    const r = await k(['get', 'po', '-o', 'wide']);
    expect(r.stdout.split('\n')[0]).toContain('NOMINATED NODE');
    expect((await k(['get', 'po'])).stdout).not.toContain('NOMINATED NODE');
  });

  it('-A puts NAMESPACE first', async () => {
    const r = await k(['get', 'pods', '-A']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]!.startsWith('NAMESPACE   NAME')).toBe(true);
    expect(lines.some((l) => /^other\s+db-1\s/.test(l))).toBe(true);
  });

  it('--show-labels, -l and --field-selector', async () => {
    const r = await k(['get', 'pods', '--show-labels', '-l', 'tier=front']);
    expect(r.stdout.split('\n')[0]).toMatch(/LABELS$/);
    expect(r.stdout).toContain('app=web,tier=front');
    expect(r.stdout).not.toContain('web-1');
    const f = await k(['get', 'pods', '--field-selector', 'metadata.name=web-1', '-o', 'name']);
    expect(f.stdout).toBe('pod/web-1\n');
  });

  it('says No resources found on stderr when empty', async () => {
    const r = await k(['get', 'pods', '-n', 'kube-system']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'No resources found in kube-system namespace.\n' });
  });

  it('prefixes names with the kind for several types, a blank line between tables', async () => {
    const r = await k(['get', 'pods,ns']);
    expect(r.stdout).toMatch(/^NAME +READY[^\n]*\npod\/web-1 [\s\S]*\n\nNAME +STATUS +AGE\nnamespace\/default +Active/);
  });
});

describe('skiff get -o yaml|json|name', () => {
  it('prints one object as itself and several as a List', async () => {
    const one = await k(['get', 'pod', 'web-1', '-o', 'yaml']);
    expect(one.stdout).toMatch(/^apiVersion: v1\nkind: Pod\nmetadata:\n/);
    expect(one.stdout).toMatch(/creationTimestamp: "\d{4}-/);
    const many = await k(['get', 'pods', '-o', 'yaml']);
    expect(many.stdout).toMatch(/^apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n/);
    expect(many.stdout).toMatch(/\nkind: List\nmetadata:\n  resourceVersion: ""\n$/);
  });

  it('-o json is 4-space indented with sorted keys', async () => {
    const r = await k(['get', 'pod/web-2', '-o', 'json']);
    expect(r.stdout.startsWith('{\n    "apiVersion": "v1",\n    "kind": "Pod",\n')).toBe(true);
    expect(JSON.parse(r.stdout).metadata.name).toBe('web-2');
  });

  it('-o name', async () => {
    expect((await k(['get', 'pods', '-o', 'name'])).stdout).toBe('pod/web-1\npod/web-2\n');
    expect((await k(['get', 'namespaces', 'other', '-o', 'name'])).stdout).toBe('namespace/other\n');
  });
});

describe('skiff get errors', () => {
  it('a missing object: kubectl NotFound text, the others still print', async () => {
    const r = await k(['get', 'pods', 'web-1', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('web-1');
    expect(r.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
  });

  it('an unknown type', async () => {
    expect(await k(['get', 'foos'])).toEqual({ code: 1, stdout: '', stderr: 'error: the server doesn\'t have a resource type "foos"\n' });
  });
});

describe('skiff get -w', () => {
  it('prints the table, then a row per change', async () => {
    const ac = new AbortController();
    let seen = '';
    const watching = k(['get', 'pods', '-w'], { signal: ac.signal, onStdout: (s: string) => (seen = s) });
    await until(() => seen.includes('web-2'));
    await k(['apply', '-f', '-'], { stdin: pod('web-3') });
    await until(() => seen.includes('web-3'));
    ac.abort();
    const r = await watching;
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME/);
    expect(lines.filter((l) => l.startsWith('NAME'))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^web-3 +0\/1 +Pending/);
  });
});
