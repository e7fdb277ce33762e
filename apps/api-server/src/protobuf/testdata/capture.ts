// Proxy: kubectl (http, no token) -> here -> real test server (https + token). Saves protobuf bodies.
import { createServer, request as httpReq } from 'node:http';
import { request } from 'node:https';
import { writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { startTestServer } from '@skiff/testing';

const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';
const out = process.argv[2]!;
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
writeFileSync(`${out}/kubeconfig`, `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}"}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: c, context: {cluster: c, user: u, namespace: default}}]\ncurrent-context: c\n`);
const run = (args: string[]) => new Promise<string>((resolve) => execFile(KUBECTL, ['--kubeconfig', `${out}/kubeconfig`, '--cache-dir', `${out}/cache`, ...args], (e, so, se) => resolve(so + se)));
const cmds: Record<string, string[]> = JSON.parse(process.argv[3]!);
for (const [name, args] of Object.entries(cmds)) {
  current = name;
  console.log(name, (await run(args)).trim().slice(0, 300));
  writeFileSync(`${out}/${name}.client.json`, await run([...args, '--dry-run=client', '-o', 'json']));
}
proxy.close();
await s.close();
process.exit(0);
