/**
 * Starts the api-server: opens the SQLite store in the data directory, makes sure the admin
 * token and kubeconfig exist, builds the app and listens (127.0.0.1 unless told otherwise).
 * Used by main.ts, `skiff up` and the test harness alike.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { openSqliteStore, type Store } from '@skiff/storage';
import { createLogger, type Logger } from '@skiff/logging';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { createAuthenticator, ensureAdminToken, loadTokenFile } from './auth/tokens.ts';
import { writeKubeconfig } from './auth/kubeconfig.ts';
import { ensureSystemObjects } from './bootstrap.ts';
import type { ServerContext } from './context.ts';
import { createMetrics } from './plugins/metrics.ts';
import { createContinueTokens } from './routes/resources/continue-tokens.ts';

export interface ApiServerOptions {
  dataDir: string;
  port?: number; // 0 = any free port
  host?: string;
  synchronous?: 'NORMAL' | 'FULL';
  logger?: Logger;
  bookmarkIntervalMs?: number;
  maxWatchSeconds?: number;
  /** Keep this many revisions of history for watches (compaction). */
  historyRevisions?: number;
  /** Public URL written into the kubeconfig (defaults to http://host:port). */
  advertiseUrl?: string;
  defaultMetrics?: boolean;
}

export interface ApiServer {
  url: string;
  token: string;
  dataDir: string;
  kubeconfigPath: string;
  store: Store;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const log = opts.logger ?? createLogger({ component: 'api-server' });
  const store = await openSqliteStore(join(opts.dataDir, 'skiff.db'), {
    synchronous: opts.synchronous ?? 'NORMAL',
    ...(opts.historyRevisions !== undefined ? { keepRevisions: opts.historyRevisions } : {}),
    autoCompactIntervalMs: 60_000,
  });
  await ensureSystemObjects(store, Date.now());
  const token = ensureAdminToken(opts.dataDir);
  const tokens = loadTokenFile(opts.dataDir);
  tokens.set(token, { name: 'skiff-admin', groups: ['system:masters'] });
  const ctx: ServerContext = {
    store,
    log,
    now: Date.now,
    continueTokens: createContinueTokens(),
    metrics: createMetrics(opts.defaultMetrics ?? true),
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 10_000,
    maxWatchSeconds: opts.maxWatchSeconds ?? 1800,
    watches: new Set(),
  };
  const app = await buildApp({ ctx, auth: createAuthenticator(tokens), logger: log });
  await app.listen({ port: opts.port ?? 6443, host: opts.host ?? '127.0.0.1' });
  const addr = app.server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = opts.advertiseUrl ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${addr.port}`;
  const kubeconfigPath = join(opts.dataDir, 'kubeconfig');
  writeKubeconfig(kubeconfigPath, url, token);
  log.info({ url, dataDir: opts.dataDir }, 'api-server listening');
  let closed = false;
  return {
    url,
    token,
    dataDir: opts.dataDir,
    kubeconfigPath,
    store,
    app,
    async close() {
      if (closed) return;
      closed = true;
      for (const w of [...ctx.watches]) w.stop();
      await app.close();
      await store.close();
    },
  };
}
