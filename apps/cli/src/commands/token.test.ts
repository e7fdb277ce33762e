/**
 * `skiff token` against the real api-server (TLS, listening on every interface as a homelab
 * control plane does), and the whole join: a token made by the CLI, the CA fetched and checked
 * with the printed hash, and a node agent (fake runtime) started from --server/--token/
 * --certificate-authority that registers its Node and runs a pod, until the token is deleted.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, clientFromFlags, RestClient } from '@skiff/client';
import { silentLogger } from '@skiff/logging';
import { startTestServer, type TestServer } from '@skiff/testing';
import { primaryAddress } from '@skiff/api-server/auth/bootstrap-addresses';
import { caCertHash } from '@skiff/api-server/auth/bootstrap-format';
import { startNodeAgent } from '../../../node-agent/src/agent.ts';
import { FakeRuntime } from '../../../node-agent/src/runtime/fake.ts';
import { eventually, FixedFacts } from '../../../node-agent/src/test-support.ts';
import { cli } from '../test/harness.ts';
import { shortHumanDuration, tokenTable } from './token.ts';

let server: TestServer;
let admin: RestClient;
const k = (args: string[]) => cli(server.kubeconfigPath, args);
const SECRETS = { group: '', version: 'v1', plural: 'secrets', namespaced: true, kind: 'Secret' };
const NODES = { group: '', version: 'v1', plural: 'nodes', namespaced: false, kind: 'Node' };
const PODS = { group: '', version: 'v1', plural: 'pods', namespaced: true, kind: 'Pod' };
// A machine without a network address still runs the test, through loopback.
const ADVERTISE = primaryAddress() ? [] : ['--advertise-address', '127.0.0.1'];

beforeAll(async () => {
  server = await startTestServer({ tls: true, host: '0.0.0.0' });
  admin = new RestClient({ server: server.url, token: server.token, ca: server.caPem });
});
afterAll(async () => server.close());

function parseCreated(stdout: string): { token: string; id: string; server: string; hash: string } {
  const m = /--server (\S+) --token (([a-z0-9]{6})\.[a-z0-9]{16}) --ca-cert-hash (sha256:[0-9a-f]{64})/.exec(stdout);
  if (!m) throw new Error(`no install line in:\n${stdout}`);
  return { server: m[1]!, token: m[2]!, id: m[3]!, hash: m[4]! };
}

describe('skiff token create / list / delete', () => {
  it('create writes a bootstrap token Secret and prints the join commands with the CA hash and what the token may do', async () => {
    const r = await k(['token', 'create', '--ttl', '2h', '--description', 'gpu box', ...ADVERTISE]);
    expect(r.code, r.stderr).toBe(0);
    const c = parseCreated(r.stdout);
    const port = new URL(server.url).port;
    expect(c.server).toBe(`https://${primaryAddress() ?? '127.0.0.1'}:${port}`);
    expect(c.hash).toBe(caCertHash(server.caPem!));
    expect(r.stdout).toContain(`Join token ${c.token} created (expires `);
    expect(r.stdout).toContain(`  skiff node-agent --server ${c.server} --token ${c.token} --certificate-authority /etc/skiff/ca.crt\n`);
    expect(r.stdout).toContain('Any other request gets 403.');
    const s = (await admin.get(SECRETS, `bootstrap-token-${c.id}`, { namespace: 'kube-system' })) as unknown as { type: string; data: Record<string, string> };
    expect(s.type).toBe('bootstrap.kubernetes.io/token');
    const data = Object.fromEntries(Object.entries(s.data).map(([key, v]) => [key, Buffer.from(v, 'base64').toString()]));
    expect(data).toMatchObject({ 'token-id': c.id, 'token-secret': c.token.split('.')[1], 'usage-bootstrap-authentication': 'true', description: 'gpu box', 'auth-extra-groups': 'system:bootstrappers:skiff:node-agent' });
    const left = Date.parse(data['expiration']!) - Date.now();
    expect(left).toBeGreaterThan(2 * 3600_000 - 60_000);
    expect(left).toBeLessThanOrEqual(2 * 3600_000);
  });

  it('--print-join-command prints the one line; --ttl 0 (the default) never expires', async () => {
    const r = await k(['token', 'create', '--print-join-command', ...ADVERTISE]);
    expect(r.stdout).toMatch(/^skiff node-agent --server https:\/\/\S+ --token [a-z0-9]{6}\.[a-z0-9]{16} --certificate-authority \/etc\/skiff\/ca\.crt\n$/);
    const forever = await k(['token', 'create', ...ADVERTISE]);
    expect(forever.stdout).toContain('never expires');
  });

  it('list shows ids, TTL, usages, description and groups, never the secret', async () => {
    const created = parseCreated((await k(['token', 'create', '--ttl', '30m', '--description', 'listed', ...ADVERTISE])).stdout);
    const r = await k(['token', 'list']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+TTL\s+EXPIRES\s+USAGES\s+DESCRIPTION\s+EXTRA GROUPS$/);
    const row = lines.find((l) => l.startsWith(created.id))!;
    expect(row.split(/\s{2,}/)).toEqual([created.id, expect.stringMatching(/^(29|30)m$/), expect.stringMatching(/Z$/), 'authentication', 'listed', 'system:bootstrappers:skiff:node-agent']);
    expect(r.stdout).not.toContain(created.token);
    expect(lines.some((l) => /<forever>\s+<never>/.test(l))).toBe(true);
  });

  it('delete takes an id or a whole token; unknown and malformed ones fail with kubeadm\'s lines', async () => {
    const a = parseCreated((await k(['token', 'create', ...ADVERTISE])).stdout);
    const b = parseCreated((await k(['token', 'create', ...ADVERTISE])).stdout);
    expect(await k(['token', 'delete', a.id, b.token])).toEqual({ code: 0, stdout: `bootstrap token "${a.id}" deleted\nbootstrap token "${b.id}" deleted\n`, stderr: '' });
    expect((await k(['token', 'list'])).stdout).not.toContain(a.id);
    expect(await k(['token', 'delete', a.id, 'NOPE'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: bootstrap token "${a.id}" not found\nerror: given token didn't match pattern "[a-z0-9]{6}" or "[a-z0-9]{6}\\.[a-z0-9]{16}"\n`,
    });
  });

  it('a wrong --ttl is one line', async () => {
    const r = await k(['token', 'create', '--ttl', 'soon']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: invalid argument "soon" for "--ttl" flag: time: invalid duration "soon"\n' });
  });
});

describe('TTL column', () => {
  it('reads as kubeadm\'s (ShortHumanDuration), <invalid> once expired', () => {
    expect([59_000, 61_000, 3 * 3600_000 + 5, 50 * 3600_000, 800 * 24 * 3600_000].map(shortHumanDuration)).toEqual(['59s', '1m', '3h', '2d', '2y']);
    const s = (id: string, exp: string) => ({ metadata: { name: `bootstrap-token-${id}` }, type: 'bootstrap.kubernetes.io/token', data: { 'token-id': Buffer.from(id).toString('base64'), expiration: Buffer.from(exp).toString('base64') } });
    expect(tokenTable([s('old000', '2020-01-01T00:00:00Z')], Date.now())).toMatch(/old000\s+<invalid>\s+2020-01-01T00:00:00Z\s+<none>/);
  });
});

describe('joining a machine with a token from the CLI', () => {
  it('fetch-ca keeps the CA only when its key matches the hash', async () => {
    const created = parseCreated((await k(['token', 'create', ...ADVERTISE])).stdout);
    const dir = mkdtempSync(join(tmpdir(), 'skiff-join-'));
    const ok = await cli(undefined, ['token', 'fetch-ca', '--server', created.server, '--ca-cert-hash', created.hash, '-o', join(dir, 'ca.crt')]);
    expect(ok).toEqual({ code: 0, stdout: `CA of ${created.server} matches ${created.hash}: written to ${join(dir, 'ca.crt')}\n`, stderr: '' });
    const wrong = `sha256:${'0'.repeat(64)}`;
    const bad = await cli(undefined, ['token', 'fetch-ca', '--server', created.server, '--ca-cert-hash', wrong]);
    expect(bad).toEqual({ code: 1, stdout: '', stderr: `error: the CA served by ${created.server} has the public key hash ${created.hash}, not ${wrong}: refusing to trust this server\n` });
  });

  it('a node agent started with --server/--token/--certificate-authority registers its Node and runs a pod, until the token is deleted', async () => {
    const created = parseCreated((await k(['token', 'create', '--description', 'e2e', ...ADVERTISE])).stdout);
    const dir = mkdtempSync(join(tmpdir(), 'skiff-join-'));
    const caFile = join(dir, 'ca.crt');
    expect((await cli(undefined, ['token', 'fetch-ca', '--server', created.server, '--ca-cert-hash', created.hash, '-o', caFile])).code).toBe(0);
    // Exactly the flags the printed join command gives the agent (main.ts parses them the same way).
    const client = clientFromFlags({ server: created.server, token: created.token, 'certificate-authority': caFile }, 'skiff-node-agent/test');
    const runtime = new FakeRuntime();
    runtime.addImage('app:1');
    const agent = await startNodeAgent({ client, runtime, nodeName: 'joined-node', dataDir: join(dir, 'agent'), log: silentLogger(), facts: new FixedFacts(), resyncMs: 100 });
    try {
      const node = await eventually(async () => {
        const n = (await admin.get(NODES, 'joined-node')) as { status?: { conditions?: Array<{ type: string; status: string }> } };
        return n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? n : undefined;
      }, 15_000, 'joined-node Ready');
      expect(node).toBeDefined();
      await admin.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'on-joined', namespace: 'default' }, spec: { nodeName: 'joined-node', containers: [{ name: 'app', image: 'app:1' }] } } as never, { namespace: 'default' });
      await eventually(async () => ((await admin.get(PODS, 'on-joined', { namespace: 'default' })) as { status?: { phase?: string } }).status?.phase === 'Running', 15_000, 'pod Running');

      expect((await k(['token', 'delete', created.id])).code).toBe(0);
      const err = await client.get(NODES, 'joined-node').then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe(401);
      expect((err as ApiError).message).toContain(`join token "${created.id}" is not valid (deleted, or wrong secret)`);
    } finally {
      await agent.stop();
    }
  });
});
