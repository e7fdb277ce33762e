/**
 * Entry point of the compose services other than the api-server: writes a kubeconfig for the
 * api-server's in-network URL (https://api-server:6443, a SAN of its certificate) from the
 * admin token and CA in its data volume (mounted read-only), then runs `skiff <daemon> ARGS
 * --kubeconfig FILE` in this process. The kubeconfig the api-server itself writes names the
 * host-reachable URL (127.0.0.1), which means nothing inside a container.
 *   SKIFF_API_URL   (default https://api-server:6443; node-1, in the host's network namespace where
 *                   `api-server` does not resolve, uses the published https://127.0.0.1:PORT)
 *   SKIFF_API_DATA  the api-server's data directory (default /api-data)
 * Follow-up: node agents should join with a join token, not the admin token (docs/compose.md).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../apps/cli/src/main.ts';

const server = process.env['SKIFF_API_URL'] ?? 'https://api-server:6443';
const data = process.env['SKIFF_API_DATA'] ?? '/api-data';
const token = readFileSync(join(data, 'admin.token'), 'utf8').trim();
const ca = readFileSync(join(data, 'ca.crt'));
// JSON is YAML, so every kubeconfig reader takes it.
const kubeconfig = {
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [{ name: 'skiff', cluster: { server, 'certificate-authority-data': ca.toString('base64') } }],
  users: [{ name: 'skiff-admin', user: { token } }],
  contexts: [{ name: 'skiff', context: { cluster: 'skiff', user: 'skiff-admin' } }],
  'current-context': 'skiff',
};
const path = join(mkdtempSync(join(tmpdir(), 'skiff-')), 'kubeconfig');
writeFileSync(path, JSON.stringify(kubeconfig), { mode: 0o600 });
process.env['KUBECONFIG'] = path;

const [daemon = '', ...rest] = process.argv.slice(2);
run([daemon, ...rest, `--kubeconfig=${path}`]).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
