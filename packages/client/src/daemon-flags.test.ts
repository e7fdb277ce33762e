import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startTestServer } from '@skiff/testing';
import { describe, expect, it } from 'vitest';
import { clientFromFlags, connectionFlags } from './daemon-flags.ts';

const parse = (args: string[]) => parseArgs({ args, options: { ...connectionFlags }, strict: true }).values;

describe('daemon connection flags', () => {
  it('--server needs --token', () => {
    expect(() => clientFromFlags(parse(['--server', 'https://x:6443']), 'ua')).toThrow('--server needs --token');
  });

  it('joins a TLS api-server with --certificate-authority, or through its kubeconfig', async () => {
    const s = await startTestServer({ tls: true });
    try {
      const byFlags = clientFromFlags(parse(['--server', s.url, '--token', s.token, '--certificate-authority', join(s.dataDir, 'ca.crt')]), 'ua');
      const byConfig = clientFromFlags(parse(['--kubeconfig', s.kubeconfigPath]), 'ua');
      for (const c of [byFlags, byConfig]) {
        const ns = await c.list({ group: '', version: 'v1', plural: 'namespaces', namespaced: false }, {});
        expect(ns.items.map((n) => n.metadata.name)).toContain('kube-system');
      }
    } finally {
      await s.close();
    }
  });
});
