/**
 * TLS for the API. kubectl never sends a bearer token to a plain-http server, so the api-server
 * serves HTTPS with its own CA, created at first start in the data directory (ca.crt/ca.key,
 * server.crt/server.key, keys mode 0600) and reused afterwards; the server certificate is
 * re-issued when the names it must cover change. Keys come from node:crypto; node-forge only
 * assembles and signs the X.509 structures, which node:crypto cannot create.
 */
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import forge from 'node-forge';

export interface TlsMaterial {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

function newKey(): { pem: string; forgeKey: forge.pki.rsa.PrivateKey; forgePub: forge.pki.rsa.PublicKey } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem);
  return { pem, forgeKey, forgePub: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

function baseCert(pub: forge.pki.rsa.PublicKey, cn: string, years: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = '01' + randomBytes(15).toString('hex'); // positive, unique
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + years * YEAR_MS);
  cert.setSubject([{ name: 'commonName', value: cn }]);
  return cert;
}

function ensureCa(dataDir: string): { certPem: string; key: forge.pki.rsa.PrivateKey; cert: forge.pki.Certificate } {
  const certFile = join(dataDir, 'ca.crt');
  const keyFile = join(dataDir, 'ca.key');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const certPem = readFileSync(certFile, 'utf8');
    return { certPem, key: forge.pki.privateKeyFromPem(readFileSync(keyFile, 'utf8')), cert: forge.pki.certificateFromPem(certPem) };
  }
  const k = newKey();
  const cert = baseCert(k.forgePub, 'skiff-ca', 10);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(k.forgeKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  writeFileSync(keyFile, k.pem, { mode: 0o600 });
  writeFileSync(certFile, certPem);
  return { certPem, key: k.forgeKey, cert };
}

/** Names the server certificate covers: loopback, this host, and whatever the operator adds. */
export function defaultSans(extra: string[] = []): string[] {
  return [...new Set(['localhost', '127.0.0.1', '::1', hostname(), ...extra].filter(Boolean))];
}

function certCovers(pem: string, sans: string[]): boolean {
  try {
    const c = new X509Certificate(pem);
    if (new Date(c.validTo).getTime() < Date.now() + 30 * 24 * 3600 * 1000) return false;
    const have = (c.subjectAltName ?? '').split(', ').map((s) => s.replace(/^(DNS|IP Address):/, ''));
    return sans.every((s) => have.includes(s));
  } catch {
    return false;
  }
}

export function ensureTls(dataDir: string, sans: string[]): TlsMaterial {
  const ca = ensureCa(dataDir);
  const certFile = join(dataDir, 'server.crt');
  const keyFile = join(dataDir, 'server.key');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const certPem = readFileSync(certFile, 'utf8');
    if (certCovers(certPem, sans)) return { caPem: ca.certPem, certPem, keyPem: readFileSync(keyFile, 'utf8') };
  }
  const k = newKey();
  const cert = baseCert(k.forgePub, 'skiff-api-server', 2);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: sans.map((s) => (isIP(s) ? { type: 7, ip: s } : { type: 2, value: s })) },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  writeFileSync(keyFile, k.pem, { mode: 0o600 });
  writeFileSync(certFile, certPem);
  return { caPem: ca.certPem, certPem, keyPem: k.pem };
}
