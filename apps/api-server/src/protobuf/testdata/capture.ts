/**
 * Regenerates the fixtures next to this file: runs real kubectl through a recording proxy
 * (kubectl over http, no token → this proxy → the in-process test server over TLS with the
 * token) and saves each protobuf request body as NAME.bin, plus what
 * `kubectl ... --dry-run=client -o json` prints for the same command as NAME.json (the oracle
 * for the decoder's output). Run from apps/api-server:
 *   node src/protobuf/testdata/capture.ts src/protobuf/testdata "$(cat src/protobuf/testdata/commands.json)"
 */
import { createServer } from 'node:http';
import { request } from 'node:https';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { startTestServer } from '@skiff/testing';

const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';
const out = process.argv[2]!;
const tmp = mkdtempSync(join(tmpdir(), 'skiff-capture-'));
const s = await startTestServer({ tls: true });
const target = new URL(s.url);
let current = 'x';
const proxy = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    if ((req.headers['content-type'] ?? '').includes('protobuf')) {
      writeFileSync(`${out}/${current}.bin`, body);
      console.log('saved', current, req.method, req.url, body.length);
    }
    const up = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, ca: s.caPem, headers: { ...req.headers, host: target.host, authorization: `Bearer ${s.token}` } }, (r) => {
      res.writeHead(r.statusCode ?? 500, r.headers);
      r.pipe(res);
    });
    up.end(body);
  });
});
await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
const port = (proxy.address() as { port: number }).port;
const kubeconfig = `${tmp}/kubeconfig`;
writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}"}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: c, context: {cluster: c, user: u, namespace: default}}]\ncurrent-context: c\n`);
const run = (args: string[]) => new Promise<string>((resolve) => execFile(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', `${tmp}/cache`, ...args], (e, so, se) => resolve(so + se)));
const cmds: Record<string, string[]> = JSON.parse(process.argv[3]!);
for (const [name, args] of Object.entries(cmds)) {
  current = name;
  console.log(name, (await run(args)).trim().slice(0, 300));
  const dash = args.indexOf('--');
  const dry = ['--dry-run=client', '-o', 'json'];
  const dryArgs = dash < 0 ? [...args, ...dry] : [...args.slice(0, dash), ...dry, ...args.slice(dash)];
  writeFileSync(`${out}/${name}.json`, await run(dryArgs));
}
proxy.close();
await s.close();
process.exit(0);
