/**
 * Connection settings shared by fetch (REST, HTTP watches) and `ws` (WebSocket watches).
 *
 * TLS options for fetch need an undici `Agent`. Node bundles undici but does not export it;
 * installing the npm `undici` beside it gives a second, subtly incompatible copy. So we take
 * the constructor of Node's own global dispatcher (an Agent, created on the first fetch): the
 * one class guaranteed to speak to this Node's fetch.
 */

export interface TlsOptions {
  /** PEM CA bundle for https servers; the system roots are used when absent. */
  ca?: string | Buffer | undefined;
  /** PEM client certificate and key (kubeconfig client-certificate / client-key). */
  cert?: string | Buffer | undefined;
  key?: string | Buffer | undefined;
  /** Skip server certificate verification (kubeconfig insecure-skip-tls-verify). */
  insecureSkipTlsVerify?: boolean | undefined;
}

/** The slice of undici's Dispatcher this package uses. */
export interface Dispatcher {
  close(): Promise<void>;
}

type AgentCtor = new (opts: Record<string, unknown>) => Dispatcher;
const globalDispatcherSymbol = Symbol.for('undici.globalDispatcher.1');

async function nodeAgentClass(): Promise<AgentCtor> {
  const g = globalThis as Record<symbol, unknown>;
  if (!g[globalDispatcherSymbol]) await fetch('data:,').then((r) => r.arrayBuffer());
  const d = g[globalDispatcherSymbol] as { constructor?: AgentCtor } | undefined;
  if (!d?.constructor) throw new Error('cannot find the fetch dispatcher of this Node runtime');
  return d.constructor;
}

export function needsCustomAgent(tls: TlsOptions): boolean {
  return Boolean(tls.ca || tls.cert || tls.key || tls.insecureSkipTlsVerify);
}

/**
 * A keep-alive Agent with the TLS settings, or undefined when the global one will do
 * (plain http, system roots): that one already keeps connections alive.
 */
export async function createDispatcher(tls: TlsOptions): Promise<Dispatcher | undefined> {
  if (!needsCustomAgent(tls)) return undefined;
  const Agent = await nodeAgentClass();
  const connect: Record<string, unknown> = { rejectUnauthorized: !tls.insecureSkipTlsVerify };
  if (tls.ca) connect['ca'] = tls.ca;
  if (tls.cert) connect['cert'] = tls.cert;
  if (tls.key) connect['key'] = tls.key;
  return new Agent({ connect, keepAliveTimeout: 30_000 });
}

/** Options `ws` takes for the same TLS settings. */
export function wsTlsOptions(tls: TlsOptions): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (tls.ca) o['ca'] = tls.ca;
  if (tls.cert) o['cert'] = tls.cert;
  if (tls.key) o['key'] = tls.key;
  if (tls.insecureSkipTlsVerify) o['rejectUnauthorized'] = false;
  return o;
}
