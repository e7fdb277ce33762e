/**
 * @skiff/testing: the real api-server, in-process, on a temp SQLite file, for tests of every
 * package. `restart()` closes and reopens on the same data directory (same token, same data),
 * the way a crashed or upgraded server comes back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer, type ApiServerOptions } from '@skiff/api-server';
import { silentLogger } from '@skiff/logging';

export interface TestServer {
  url: string;
  /** CA of the serving certificate when started with `tls: true` (kubectl needs TLS to send tokens). */
  caPem: string | undefined;
  token: string;
  dataDir: string;
  kubeconfigPath: string;
  server: ApiServer;
  close(): Promise<void>;
  /** Close and start again on the same data directory and port. */
  restart(): Promise<void>;
  /** Compact history now, keeping nothing older than the current revision. */
  compact(): Promise<number>;
}

export async function startTestServer(opts: Partial<ApiServerOptions> & { keepDataDir?: boolean } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'skiff-test-'));
  // Plain http by default (in-process tests use fetch without a CA); pass `tls: true` for kubectl.
  const base: ApiServerOptions = { logger: silentLogger('api-server'), defaultMetrics: false, tls: false, warmSchemas: false, ...opts, dataDir, port: opts.port ?? 0 };
  let server = await startApiServer(base);
  const port = Number(new URL(server.url).port);
  const t: TestServer = {
    url: server.url,
    caPem: server.caPem,
    token: server.token,
    dataDir,
    kubeconfigPath: server.kubeconfigPath,
    server,
    async close() {
      await server.close();
      if (!opts.keepDataDir && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await server.close();
      server = await startApiServer({ ...base, port });
      t.server = server;
    },
    async compact() {
      return server.store.compact(server.store.revision);
    },
  };
  return t;
}
