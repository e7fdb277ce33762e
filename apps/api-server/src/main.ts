/**
 * `skiff api-server` / the api-server image entry point.
 *   --data-dir DIR   SQLite database, admin token and kubeconfig (default ./.skiff)
 *   --port N         (default 6443)   --bind-address ADDR (default 127.0.0.1)
 *   --synchronous NORMAL|FULL        SQLite durability (default NORMAL: safe against process
 *                                    crashes; FULL also against power loss)
 *   --tls-san NAME                   extra DNS name/IP for the serving certificate (repeatable)
 *   --advertise-url URL              the server URL written into the kubeconfig
 *   --kubeconfig PATH                where to write the admin kubeconfig (default DATA_DIR/kubeconfig)
 *   --insecure-http                  serve plain http (kubectl will not send tokens; tests only)
 */
import { resolve } from 'node:path';
import { parseDaemonArgs } from '@skiff/api';
import { startApiServer } from './server.ts';

const options = () =>
  ({
    'data-dir': { type: 'string', default: process.env['SKIFF_DATA_DIR'] ?? '.skiff' },
    port: { type: 'string', default: process.env['SKIFF_PORT'] ?? '6443' },
    'bind-address': { type: 'string', default: process.env['SKIFF_BIND_ADDRESS'] ?? '127.0.0.1' },
    synchronous: { type: 'string', default: 'NORMAL' },
    'advertise-url': { type: 'string' },
    'tls-san': { type: 'string', multiple: true, default: [] as string[] },
    kubeconfig: { type: 'string' },
    'insecure-http': { type: 'boolean', default: false },
  }) as const;

const HELP = {
  'data-dir': 'SQLite database, CA, admin token and kubeconfig ($SKIFF_DATA_DIR)',
  port: 'HTTPS port ($SKIFF_PORT)',
  'bind-address': 'address to listen on; 0.0.0.0 to let other machines join ($SKIFF_BIND_ADDRESS)',
  synchronous: 'SQLite durability: NORMAL survives a process crash, FULL also a power loss',
  'advertise-url': 'server URL written into the kubeconfig (default: https://<bind address>:<port>)',
  'tls-san': 'extra DNS name or IP for the serving certificate (repeatable)',
  kubeconfig: 'where to write the admin kubeconfig (default: <data-dir>/kubeconfig)',
  'insecure-http': 'serve plain HTTP (kubectl then sends no token; tests only)',
};

export async function main(argv: string[]): Promise<void> {
  const values = parseDaemonArgs('api-server', 'The Kubernetes API over SQLite: REST, watches (HTTP and WebSocket), admission, tokens.', argv, options(), HELP);
  if (!values) return;
  const sync = values.synchronous.toUpperCase();
  if (sync !== 'NORMAL' && sync !== 'FULL') throw new Error(`--synchronous must be NORMAL or FULL, not ${values.synchronous}`);
  const server = await startApiServer({
    dataDir: resolve(values['data-dir']),
    port: Number(values.port),
    host: values['bind-address'],
    synchronous: sync,
    ...(values['advertise-url'] ? { advertiseUrl: values['advertise-url'] } : {}),
    ...(values.kubeconfig ? { kubeconfigPath: resolve(values.kubeconfig) } : {}),
    tlsSans: values['tls-san'],
    tls: !values['insecure-http'],
  });
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`api-server: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
