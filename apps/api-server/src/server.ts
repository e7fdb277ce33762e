/**
 * Starts the api-server: opens the SQLite store in the data directory, makes sure the admin
 * token and kubeconfig exist, builds the app and listens (127.0.0.1 unless told otherwise).
 * Used by main.ts, `skiff up` and the test harness alike.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { registry, warmCleanChecks } from '@skiff/api';
import { openSqliteStore, type Store } from '@skiff/storage';
import { createLogger, type Logger } from '@skiff/logging';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { createAuthenticator, ensureAdminToken, loadTokenFile } from './auth/tokens.ts';
import { hostAddresses, isWildcard } from './auth/bootstrap-addresses.ts';
import { ensureClusterInfo } from './auth/bootstrap-cluster-info.ts';
import { withBootstrapTokens } from './auth/bootstrap-tokens.ts';
import { writeKubeconfig } from './auth/kubeconfig.ts';
import { defaultSans, ensureTls } from './auth/certs.ts';
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
  /**
   * Serve HTTPS with the data directory's own CA (default true). kubectl sends bearer tokens
   * only over TLS; plain http is for in-process tests that do not need kubectl.
   */
  tls?: boolean;
  /** Extra DNS names / IPs for the server certificate (loopback and the hostname are always in). */
  tlsSans?: string[];
  /** Where to write the admin kubeconfig (default: DATA_DIR/kubeconfig). */
  kubeconfigPath?: string;
  /** Compile the busiest kinds' schema checks in the background after listening (default true; test servers skip it). */
  warmSchemas?: boolean;
}

/** The kinds controllers write most, whose first write would otherwise pay the schema compile. */
const WARM_KINDS: readonly [string, string][] = [['', 'pods'], ['', 'events'], ['apps', 'replicasets'], ['apps', 'deployments'], ['batch', 'jobs'], ['coordination.k8s.io', 'leases'], ['discovery.k8s.io', 'endpointslices'], ['', 'nodes'], ['resource.k8s.io', 'resourceclaims']];

export interface ApiServer {
  url: string;
  /** PEM of the CA that signed the serving certificate (undefined without TLS). */
  caPem: string | undefined;
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
    adoptObjects: true, // every handler builds a fresh object per write and never touches it after
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
  const useTls = opts.tls ?? true;
  const host = opts.host ?? '127.0.0.1';
  // Listening on every interface means other machines (node agents) connect: cover their addresses.
  const tls = useTls ? ensureTls(opts.dataDir, defaultSans([...(isWildcard(host) ? hostAddresses() : [host]), ...(opts.tlsSans ?? [])])) : undefined;
  const auth = withBootstrapTokens(createAuthenticator(tokens), store, ctx.now);
  const app = await buildApp({ ctx, auth, logger: log, ...(tls ? { https: { key: tls.keyPem, cert: tls.certPem } } : {}) });
  const sockets = new Set<Socket>();
  app.server.on('connection', (sock: Socket) => {
    sockets.add(sock);
    sock.once('close', () => sockets.delete(sock));
  });
  await app.listen({ port: opts.port ?? 6443, host });
  const addr = app.server.address() as AddressInfo;
  const shown = addr.address === '0.0.0.0' || addr.address === '::' ? '127.0.0.1' : addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = opts.advertiseUrl ?? `${tls ? 'https' : 'http'}://${shown}:${addr.port}`;
  const kubeconfigPath = opts.kubeconfigPath ?? join(opts.dataDir, 'kubeconfig');
  writeKubeconfig(kubeconfigPath, url, token, tls?.caPem);
  if (tls) await ensureClusterInfo(store, url, tls.caPem, Date.now()); // what joining machines fetch to check the CA
  log.info({ url, dataDir: opts.dataDir }, 'api-server listening');
  const stopWarming = opts.warmSchemas === false ? () => {} : warmCleanChecks(WARM_KINDS.flatMap(([g, p]) => registry.all().filter((t) => t.group === g && t.plural === p).map((t) => t.schema)));
  let closed = false;
  return {
    url,
    caPem: tls?.caPem,
    token,
    dataDir: opts.dataDir,
    kubeconfigPath,
    store,
    app,
    async close() {
      if (closed) return;
      closed = true;
      stopWarming();
      for (const w of [...ctx.watches]) w.stop();
      const closing = app.close();
      // Keep-alive and streaming connections (TLS ones included, which the HTTP layer does not
      // always see) would hold the close open: a stopping server cuts them; clients retry.
      for (const sock of sockets) sock.destroy();
      await closing;
      await store.close();
    },
  };
}
