/**
 * scripts/homelab/install-node-agent.sh with a token and hash from `skiff token create`, written
 * under a temporary --root (no systemd here): the CA it keeps is the cluster's, checked against
 * the hash; the env file holds the token (0600); the unit runs the env launcher.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@skiff/testing';
import { agentArgs } from '../../../../scripts/homelab/node-agent-from-env.ts';
import { cli, spawnRun, tempDir } from '../test/harness.ts';

const SCRIPT = fileURLToPath(new URL('../../../../scripts/homelab/install-node-agent.sh', import.meta.url));
const REPO = fileURLToPath(new URL('../../../../', import.meta.url)).replace(/\/$/, '');
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ tls: true });
});
afterAll(async () => server.close());

async function created(): Promise<{ server: string; token: string; hash: string }> {
  const r = await cli(server.kubeconfigPath, ['token', 'create', '--advertise-address', '127.0.0.1']);
  const m = /--server (\S+) --token (\S+) --ca-cert-hash (\S+)/.exec(r.stdout)!;
  return { server: m[1]!, token: m[2]!, hash: m[3]! };
}

const install = (args: string[]) => spawnRun('bash', [SCRIPT, '--skip-checks', ...args], { PATH: process.env['PATH'], HOME: tempDir('skiff-home-') });

describe('install-node-agent.sh', () => {
  it('keeps the CA matching the hash and writes the env file and the unit', async () => {
    const c = await created();
    const root = tempDir('skiff-root-');
    const r = await install(['--root', root, '--server', c.server, '--token', c.token, '--ca-cert-hash', c.hash, '--node-name', 'gpu-box-1', '--agent-args', '--service-proxy off']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(root, 'etc/skiff/ca.crt'), 'utf8')).toBe(server.caPem);
    const envFile = join(root, 'etc/skiff/node-agent.env');
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    const env = Object.fromEntries(readFileSync(envFile, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(env).toEqual({ SKIFF_SERVER: c.server, SKIFF_TOKEN: c.token, SKIFF_CA: '/etc/skiff/ca.crt', SKIFF_NODE_NAME: 'gpu-box-1', SKIFF_AGENT_DATA_DIR: '/var/lib/skiff/node-agent', SKIFF_AGENT_ARGS: '--service-proxy off' });
    const unit = readFileSync(join(root, 'etc/systemd/system/skiff-node-agent.service'), 'utf8');
    expect(unit).toContain('EnvironmentFile=/etc/skiff/node-agent.env\n');
    expect(unit).toContain(`ExecStart=${process.execPath} ${REPO}/scripts/homelab/node-agent-from-env.ts\n`);
    expect(unit).not.toContain('@');
    // What the launcher hands the agent: the same flags as the printed join command.
    expect(agentArgs(env)).toEqual(['--server', c.server, '--token', c.token, '--certificate-authority', '/etc/skiff/ca.crt', '--node-name', 'gpu-box-1', '--data-dir', '/var/lib/skiff/node-agent', '--service-proxy', 'off']);
  });

  it('refuses a server whose CA does not match, and writes no token', async () => {
    const c = await created();
    const root = tempDir('skiff-root-');
    const r = await install(['--root', root, '--server', c.server, '--token', c.token, '--ca-cert-hash', `sha256:${'1'.repeat(64)}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refusing to trust this server');
    expect(r.stderr).toContain('install-node-agent: could not get a CA matching');
    expect(existsSync(join(root, 'etc/skiff/node-agent.env'))).toBe(false);
    expect(existsSync(join(root, 'etc/skiff/ca.crt'))).toBe(false);
  });

  it('checks its flags before touching anything', async () => {
    expect((await install(['--server', 'http://x:6443', '--token', 'abcdef.0123456789abcdef', '--ca-cert-hash', 'sha256:00'])).stderr).toContain('--server must be https://');
    expect((await install(['--server', 'https://x:6443', '--token', 'nope', '--ca-cert-hash', 'sha256:00'])).stderr).toContain('--token must look like');
    expect((await install(['--server', 'https://x:6443', '--token', 'abcdef.0123456789abcdef'])).stderr).toContain('give --ca-cert-hash');
    expect(() => agentArgs({ SKIFF_SERVER: 'https://x' })).toThrow('SKIFF_TOKEN is not set');
  });
});
