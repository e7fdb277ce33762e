/** Every bad input ends in one kubectl-worded line on stderr and a non-zero exit, never a stack trace. */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@skiff/testing';
import { baseEnv, cli, skiffProcess, tempDir, writeFile } from './test/harness.ts';

let server: TestServer;
let dir: string;
const k = (args: string[], o = {}) => cli(server.kubeconfigPath, args, { cwd: dir, ...o });

beforeAll(async () => {
  server = await startTestServer();
  dir = tempDir();
});
afterAll(() => server.close());

function oneLine(r: { code: number; stderr: string }): string {
  expect(r.code).not.toBe(0);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return r.stderr.trimEnd();
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('bad input', () => {
  it('a missing file', async () => {
    expect(oneLine(await k(['apply', '-f', 'nope.yaml']))).toBe('error: the path "nope.yaml" does not exist');
  });

  it('invalid YAML', async () => {
    writeFile(dir, 'bad.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: [\n');
    expect(oneLine(await k(['apply', '-f', 'bad.yaml']))).toMatch(/^error: error parsing bad\.yaml: /);
  });

  it('an unknown kind', async () => {
    writeFile(dir, 'foo.yaml', 'apiVersion: example.com/v1\nkind: Foo\nmetadata:\n  name: f\n');
    expect(oneLine(await k(['apply', '-f', 'foo.yaml']))).toBe(
      'error: resource mapping not found for name: "f" namespace: "" from "foo.yaml": no matches for kind "Foo" in version "example.com/v1"',
    );
  });

  it('a manifest without kind', async () => {
    writeFile(dir, 'nokind.yaml', 'apiVersion: v1\nmetadata:\n  name: f\n');
    expect(oneLine(await k(['create', '-f', 'nokind.yaml']))).toMatch(/^error: error validating "nokind\.yaml": error validating data: \[kind not set\]/);
  });

  it('an object the server rejects as Invalid, worded as kubectl (no source, no prefix)', async () => {
    writeFile(dir, 'invalid.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers: []\n');
    expect(oneLine(await k(['apply', '-f', 'invalid.yaml']))).toBe('The Pod "bad" is invalid: spec.containers: Required value');
  });

  it('a missing resource and an unknown type', async () => {
    expect(oneLine(await k(['get', 'deploy', 'ghost']))).toBe('Error from server (NotFound): deployments.apps "ghost" not found');
    expect(oneLine(await k(['delete', 'pods']))).toBe('error: resource(s) were provided, but no name was specified');
    expect(oneLine(await k(['get']))).toMatch(/^error: You must specify the type of resource to get/);
  });

  it('a wrong token', async () => {
    const r = await cli(undefined, ['get', 'pods', '-s', server.url, '--token', 'wrong']);
    expect(oneLine(r)).toBe('error: You must be logged in to the server (Unauthorized)');
  });

  it('no cluster running', async () => {
    const port = await freePort();
    const r = await cli(undefined, ['get', 'pods', '-s', `http://127.0.0.1:${port}`]);
    expect(oneLine(r)).toBe(`The connection to the server 127.0.0.1:${port} was refused - did you specify the right host or port?`);
  });

  it('an unknown flag, command or context', async () => {
    expect(oneLine(await k(['get', 'pods', '--bogus']))).toBe('error: unknown flag: --bogus');
    expect(oneLine(await k(['frobnicate']))).toBe('error: unknown command "frobnicate" for "skiff"');
    expect(oneLine(await k(['get', 'pods', '--context', 'nope']))).toBe('Error in configuration: context was not found for specified context: nope');
  });

  it('a daemon flag it does not know', async () => {
    expect(oneLine(await k(['node-agent', '--bogus']))).toMatch(/^error: node-agent: Unknown option '--bogus'/);
  });
});

describe('as a real subprocess', () => {
  it('get, apply from stdin and errors behave the same', async () => {
    const env = baseEnv(server.kubeconfigPath);
    const applied = await skiffProcess(['apply', '-f', '-'], env, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sub\n');
    expect(applied).toEqual({ code: 0, stdout: 'configmap/sub created\n', stderr: '' });
    const got = await skiffProcess(['get', 'configmaps', 'sub', '-o', 'name'], env);
    expect(got).toEqual({ code: 0, stdout: 'configmap/sub\n', stderr: '' });
    const missing = await skiffProcess(['get', 'pod', 'x'], env);
    expect(missing).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "x" not found\n' });
  });
});
