import { X509Certificate } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureTls } from './certs.ts';

describe('ensureTls', () => {
  it('creates a CA and a server certificate it signed, covering the names asked for', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skiff-tls-'));
    const t = ensureTls(dir, ['localhost', '127.0.0.1', 'node-7.lan']);
    const ca = new X509Certificate(t.caPem);
    const cert = new X509Certificate(t.certPem);
    expect(ca.ca).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.subjectAltName).toContain('DNS:node-7.lan');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(statSync(join(dir, 'server.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'ca.key')).mode & 0o777).toBe(0o600);
  });

  it('reuses material across starts, and re-issues the server certificate when names change', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skiff-tls-'));
    const a = ensureTls(dir, ['localhost']);
    const b = ensureTls(dir, ['localhost']);
    expect(b).toEqual(a);
    const c = ensureTls(dir, ['localhost', '10.0.0.5']);
    expect(c.caPem).toBe(a.caPem);
    expect(c.certPem).not.toBe(a.certPem);
    expect(new X509Certificate(c.certPem).checkIssued(new X509Certificate(c.caPem))).toBe(true);
  });
});
