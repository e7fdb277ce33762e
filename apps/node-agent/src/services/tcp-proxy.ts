/**
 * One TCP listener of the service data path (a ClusterIP:port or a NodePort): each accepted
 * connection goes to the next ready backend, round-robin, and the two sockets are piped
 * both ways. The backend set is replaced as endpoints change; that only affects NEW
 * connections, so a backend leaving (not ready, deleted) never cuts a request in flight,
 * which is how kube-proxy behaves for established flows. A backend that refuses or does not
 * answer within the connect timeout is skipped for the next one (the client still sees one
 * connection); with no backend at all the client gets a reset, the closest a user-space
 * proxy comes to kube-proxy's REJECT.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { RoundRobin } from './balancer.ts';
import { backendKey, type Backend } from './endpoints.ts';

export type ProxyResult = { ok: true } | { ok: false; error: string };

export interface TcpProxyOptions {
  connectTimeoutMs?: number;
  /** Told about backends that could not be reached (logs). */
  onBackendError?: (backend: Backend, error: string) => void;
}

export class TcpProxy {
  readonly #balancer = new RoundRobin<Backend>();
  readonly #open = new Set<Socket>();
  readonly #o: TcpProxyOptions;
  readonly #server: Server;
  /** Connections handed to each backend since start (`ip:port` → count): tests and debugging. */
  readonly served = new Map<string, number>();

  constructor(o: TcpProxyOptions = {}) {
    this.#o = o;
    // pauseOnConnect: nothing the client sends is read until a backend is connected to receive it.
    this.#server = createServer({ pauseOnConnect: true, allowHalfOpen: true }, (client) => this.#accept(client));
  }

  listen(host: string, port: number): Promise<ProxyResult> {
    return new Promise((resolve) => {
      const onError = (e: Error): void => resolve({ ok: false, error: e.message });
      this.#server.once('error', onError);
      this.#server.listen({ host, port, exclusive: true }, () => {
        this.#server.off('error', onError);
        resolve({ ok: true });
      });
    });
  }

  /** The port actually bound (port 0 in tests). */
  get port(): number {
    const a = this.#server.address();
    return typeof a === 'object' && a ? a.port : 0;
  }

  setBackends(backends: readonly Backend[]): void {
    this.#balancer.set(backends);
  }

  get backends(): readonly Backend[] {
    return this.#balancer.items;
  }

  /** Connections currently being proxied. */
  get connections(): number {
    return this.#open.size;
  }

  /**
   * Stop accepting. In-flight connections finish on their own unless `drop` (agent shutdown:
   * the process is about to exit and must not wait on a long-lived client).
   */
  close(drop = false): Promise<void> {
    if (drop) for (const s of this.#open) s.destroy();
    return new Promise((resolve) => {
      if (!this.#server.listening) return resolve();
      this.#server.close(() => resolve());
      // server.close waits for every connection; a draining close must not.
      if (!drop) resolve();
    });
  }

  #accept(client: Socket): void {
    this.#track(client);
    client.on('error', () => client.destroy());
    this.#dial(client, this.#balancer.items.length);
  }

  #dial(client: Socket, attemptsLeft: number): void {
    const backend = attemptsLeft > 0 ? this.#balancer.next() : undefined;
    if (!backend || client.destroyed) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect({ host: backend.ip, port: backend.port, allowHalfOpen: true, timeout: this.#o.connectTimeoutMs ?? 3_000 });
    const fail = (why: string): void => {
      upstream.destroy();
      this.#o.onBackendError?.(backend, why);
      this.#dial(client, attemptsLeft - 1);
    };
    upstream.once('timeout', () => fail('connect timeout'));
    upstream.once('error', (e) => fail(e.message));
    upstream.once('connect', () => {
      upstream.removeAllListeners('timeout').removeAllListeners('error');
      upstream.setTimeout(0);
      if (client.destroyed) return void upstream.destroy(); // the client gave up while we dialled
      this.served.set(backendKey(backend), (this.served.get(backendKey(backend)) ?? 0) + 1);
      this.#track(upstream);
      // An error on either side ends both (no half-dead pairs). A clean FIN is passed on by
      // pipe() as a half-close, so a reply still being flushed to the client is never cut.
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      upstream.on('close', (hadError) => hadError && client.destroy());
      client.on('close', (hadError) => hadError && upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  }

  #track(s: Socket): void {
    this.#open.add(s);
    s.once('close', () => this.#open.delete(s));
  }
}
