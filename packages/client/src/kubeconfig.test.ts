import { mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  KubeconfigError,
  clientFromKubeconfig,
  loadKubeconfig,
  mergeKubeconfig,
  resolveKubeconfig,
  skiffKubeconfig,
  writeKubeconfig,
} from './kubeconfig.ts';

const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-test-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const a = file(
  'a.yaml',
  `apiVersion: v1
kind: Config
current-context: a
clusters:
- name: a
  cluster: {server: "https://a:6443", certificate-authority: ca.pem}
- name: shared
  cluster: {server: "https://from-a"}
users:
- name: a
  user: {tokenFile: tok}
contexts:
- name: a
  context: {cluster: a, user: a, namespace: team-a}
- name: s
  context: {cluster: shared}
`,
);
file('ca.pem', 'CA-PEM');
file('tok', 'secret-token\n');
const b = file(
  'b.yaml',
  `current-context: b
clusters:
- name: shared
  cluster: {server: "https://from-b"}
- name: b
  cluster: {server: "http://b:8080", insecure-skip-tls-verify: true}
users:
- name: b
  user: {token: bt, client-certificate-data: ${Buffer.from('CERT').toString('base64')}}
contexts:
- name: b
  context: {cluster: b, user: b}
`,
);

describe('loadKubeconfig + resolveKubeconfig', () => {
  it('resolves the current context, relative files, token files', () => {
    const r = resolveKubeconfig(loadKubeconfig({ path: a }));
    expect(r).toMatchObject({ contextName: 'a', server: 'https://a:6443', namespace: 'team-a', ca: 'CA-PEM', token: 'secret-token' });
  });

  it('merges KUBECONFIG path lists: first file wins, missing files skipped', () => {
    const cfg = loadKubeconfig({ env: { KUBECONFIG: [join(dir, 'missing'), a, b].join(':') } });
    expect(cfg['current-context']).toBe('a');
    expect(cfg.clusters.find((c) => c.name === 'shared')?.cluster.server).toBe('https://from-a');
    expect(cfg.contexts.map((c) => c.name).sort()).toEqual(['a', 'b', 's']);
    const r = resolveKubeconfig(cfg, { context: 'b', namespace: 'x' });
    expect(r).toMatchObject({ server: 'http://b:8080', insecureSkipTlsVerify: true, token: 'bt', cert: 'CERT', namespace: 'x' });
  });

  it('falls back to ~/.kube/config', () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube', 'config'), readFileSync(b));
    expect(loadKubeconfig({ env: {}, home })['current-context']).toBe('b');
  });

  it.each([
    [() => loadKubeconfig({ path: join(dir, 'nope') }), 'FileNotFound', `error: stat ${join(dir, 'nope')}: no such file or directory`],
    [() => resolveKubeconfig(loadKubeconfig({ path: a }), { context: 'x' }), 'UnknownContext', 'error: context "x" does not exist'],
    [() => resolveKubeconfig({ ...loadKubeconfig({ path: a }), 'current-context': undefined }), 'NoCurrentContext', 'error: current-context is not set'],
    [() => resolveKubeconfig(loadKubeconfig({ env: {}, home: dir })), 'NoConfiguration', /no configuration has been provided/],
    [() => loadKubeconfig({ path: file('bad.yaml', 'a: [') }), 'Malformed', /error loading config file/],
  ] as const)('typed error %#', (fn, code, message) => {
    try {
      fn();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KubeconfigError);
      expect((e as KubeconfigError).code).toBe(code);
      expect((e as Error).message).toMatch(message);
    }
  });
});

describe('write/merge', () => {
  it('writes a standard skiff kubeconfig that round-trips to a client', async () => {
    const p = join(dir, 'out', 'config');
    await writeKubeconfig(p, skiffKubeconfig({ server: 'https://127.0.0.1:6443', token: 't', ca: 'PEM' }));
    expect(statSync(p).mode & 0o777).toBe(0o600);
    const text = readFileSync(p, 'utf8');
    expect(text).toContain('current-context: skiff');
    const r = resolveKubeconfig(loadKubeconfig({ path: p }));
    expect(r).toMatchObject({ contextName: 'skiff', server: 'https://127.0.0.1:6443', token: 't', ca: 'PEM', namespace: 'default' });
    const { client, namespace } = clientFromKubeconfig({ path: p });
    expect([client.server, namespace]).toEqual(['https://127.0.0.1:6443', 'default']);
  });

  it('merge replaces same-named entries, keeps others, takes the new current-context', async () => {
    const p = join(dir, 'merge-config');
    writeFileSync(p, readFileSync(a));
    await writeKubeconfig(p, skiffKubeconfig({ server: 'http://s' }), { merge: true });
    const cfg = loadKubeconfig({ path: p });
    expect(cfg['current-context']).toBe('skiff');
    expect(cfg.contexts.map((c) => c.name).sort()).toEqual(['a', 's', 'skiff']);
    const m = mergeKubeconfig(cfg, skiffKubeconfig({ server: 'http://s2' }));
    expect(m.clusters.filter((c) => c.name === 'skiff').map((c) => c.cluster.server)).toEqual(['http://s2']);
  });
});
