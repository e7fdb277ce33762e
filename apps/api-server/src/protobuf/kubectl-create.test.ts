/**
 * Real kubectl 1.32 `create` subcommands against the real api-server: their typed clients send
 * protobuf bodies. Each object must be stored with every field `kubectl ... --dry-run=client -o
 * json` prints for the same command (the JSON kubectl would otherwise have sent), and kubectl
 * must print its usual `<kind>/<name> created`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@skiff/testing';
import { MAGIC } from './envelope.ts';

const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';

let srv: TestServer;
let dir: string;

function kubectl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = ['--kubeconfig', srv.kubeconfigPath, '--cache-dir', join(dir, 'cache')];
  return new Promise((resolve) => {
    execFile(KUBECTL, [...base, ...args], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir }, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** What kubectl would have sent as JSON, less what only the server may set. */
async function oracle(args: string[]): Promise<Record<string, unknown>> {
  const dash = args.indexOf('--');
  const dry = ['--dry-run=client', '-o', 'json'];
  const r = await kubectl(dash < 0 ? [...args, ...dry] : [...args.slice(0, dash), ...dry, ...args.slice(dash)]);
  expect(r.stderr).toBe('');
  return stripNulls(JSON.parse(r.stdout)) as Record<string, unknown>;
}

/** creationTimestamp: null (and other nulls) mean "unset"; the server fills them in. */
function stripNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, stripNulls(x)]));
  return v;
}

const CASES: { args: string[]; get: string[]; stdout: string }[] = [
  { args: ['create', 'namespace', 'foo'], get: ['namespace', 'foo'], stdout: 'namespace/foo created\n' },
  { args: ['create', 'configmap', 'x', '--from-literal=a=b', '--from-literal=c=d'], get: ['configmap', 'x'], stdout: 'configmap/x created\n' },
  { args: ['create', 'configmap', 'bin', `--from-file=blob=BLOB`], get: ['configmap', 'bin'], stdout: 'configmap/bin created\n' },
  { args: ['create', 'secret', 'generic', 's', '--from-literal=user=admin', '--from-literal=pw=s3cr3t'], get: ['secret', 's'], stdout: 'secret/s created\n' },
  { args: ['create', 'secret', 'docker-registry', 'reg', '--docker-username=u', '--docker-password=p'], get: ['secret', 'reg'], stdout: 'secret/reg created\n' },
  { args: ['create', 'deployment', 'web', '--image=nginx', '--replicas=2'], get: ['deployment', 'web'], stdout: 'deployment.apps/web created\n' },
  { args: ['create', 'deployment', 'web2', '--image=busybox', '--port=8080', '--', 'sleep', '3600'], get: ['deployment', 'web2'], stdout: 'deployment.apps/web2 created\n' },
  { args: ['create', 'service', 'clusterip', 'svc', '--tcp=80:8080'], get: ['service', 'svc'], stdout: 'service/svc created\n' },
  { args: ['create', 'service', 'nodeport', 'np', '--tcp=80:http', '--node-port=30080'], get: ['service', 'np'], stdout: 'service/np created\n' },
  { args: ['create', 'job', 'j', '--image=busybox'], get: ['job', 'j'], stdout: 'job.batch/j created\n' },
  { args: ['create', 'job', 'j2', '--image=busybox', '--', 'echo', 'hi'], get: ['job', 'j2'], stdout: 'job.batch/j2 created\n' },
  { args: ['create', 'priorityclass', 'high', '--value=1000', '--description=important'], get: ['priorityclass', 'high'], stdout: 'priorityclass.scheduling.k8s.io/high created\n' },
  { args: ['create', 'poddisruptionbudget', 'pdb', '--selector=app=web', '--min-available=1'], get: ['pdb', 'pdb'], stdout: 'poddisruptionbudget.policy/pdb created\n' },
  { args: ['create', 'pdb', 'pdb2', '--selector=app=x', '--max-unavailable=50%'], get: ['pdb', 'pdb2'], stdout: 'poddisruptionbudget.policy/pdb2 created\n' },
];

/** Controllers may run in-process; status is theirs to change. */
const ignoreStatus = (o: Record<string, unknown>) => {
  const { status: _status, ...rest } = o;
  return rest;
};

describe.skipIf(!existsSync(KUBECTL))('kubectl create sends protobuf; the server decodes it', () => {
  beforeAll(async () => {
    srv = await startTestServer({ tls: true });
    dir = mkdtempSync(join(tmpdir(), 'skiff-pb-'));
    const blob = join(dir, 'blob.dat');
    writeFileSync(blob, Uint8Array.of(0x61, 0x00, 0xff, 0xfe, 0x62)); // not UTF-8: lands in binaryData
    for (const c of CASES) c.args = c.args.map((a) => a.replace('BLOB', blob));
  });
  afterAll(async () => {
    await srv?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(c.args.slice(1).join(' '), async () => {
      const want = await oracle(c.args);
      const r = await kubectl(c.args);
      expect(r).toEqual({ code: 0, stdout: c.stdout, stderr: '' });
      const got = await kubectl(['get', ...c.get, '-o', 'json']);
      expect(got.stderr).toBe('');
      const stored = JSON.parse(got.stdout) as Record<string, unknown>;
      expect(ignoreStatus(stored)).toMatchObject(ignoreStatus(want));
      expect((stored['metadata'] as { uid?: string }).uid).toMatch(/^[0-9a-f-]{36}$/);
    });
  }

  it('--dry-run=server goes through the same decoding and stores nothing', async () => {
    const r = await kubectl(['create', 'configmap', 'dry', '--from-literal=k=v', '--dry-run=server', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'dry', namespace: 'default' }, data: { k: 'v' } });
    expect((await kubectl(['get', 'configmap', 'dry'])).stderr).toBe('Error from server (NotFound): configmaps "dry" not found\n');
  });

  it('an existing name is a 409 kubectl reports as usual', async () => {
    const r = await kubectl(['create', 'namespace', 'foo']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'Error from server (AlreadyExists): namespaces "foo" already exists\n' });
  });

  it('a kind without a decoding table: 415 naming it and pointing at kubectl apply -f', async () => {
    // A Lease (coordination.k8s.io/v1) in the protobuf envelope, as a typed client would send it.
    const ld = (field: number, b: Uint8Array | string) => {
      const bytes = typeof b === 'string' ? Buffer.from(b) : b;
      return Buffer.concat([Uint8Array.of((field << 3) | 2, bytes.length), bytes]);
    };
    const body = Buffer.concat([MAGIC, ld(1, Buffer.concat([ld(1, 'coordination.k8s.io/v1'), ld(2, 'Lease')])), ld(2, ld(1, ld(1, 'l')))]);
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${srv.url}/apis/coordination.k8s.io/v1/namespaces/default/leases`,
        { method: 'POST', ca: srv.caPem, headers: { authorization: `Bearer ${srv.token}`, 'content-type': 'application/vnd.kubernetes.protobuf' } },
        (r) => {
          let text = '';
          r.on('data', (d: Buffer) => (text += d.toString()));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(res.status).toBe(415);
    const status = JSON.parse(res.body) as { kind: string; reason: string; message: string; code: number };
    expect(status).toMatchObject({ kind: 'Status', reason: 'UnsupportedMediaType', code: 415 });
    expect(status.message).toContain('Lease (coordination.k8s.io/v1)');
    expect(status.message).toContain('kubectl apply -f');
  });
});
