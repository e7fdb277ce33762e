/**
 * Typed verbs over fetch, addressed by `ResourceRef` + namespace + name. Generic over
 * kinds on purpose: one client serves every kind the registry knows, including ones
 * added later, the way client-go's dynamic client does. Every failure is an ApiError.
 */
import type { KubeList, KubeObject, Status } from '@skiff/api';
import { createDispatcher, type Dispatcher, type TlsOptions } from './connection.ts';
import { errorFromResponse, networkError } from './errors.ts';
import { sendRequest } from './json-request.ts';
import { deleteBody, listQuery, patchContentType, writeQuery } from './options.ts';
import type { DeleteOptions, ListOptions, PatchOptions, PatchType, Scope, WriteOptions } from './options.ts';
import { encodeQuery, joinUrl, resourcePath, type QueryValue, type ResourceRef } from './paths.ts';
import { watch, type WatchOptions, type WatchStream } from './watch.ts';

export interface RestClientOptions extends TlsOptions {
  /** e.g. `https://127.0.0.1:6443`; may carry a path prefix. */
  server: string;
  token?: string | undefined;
  userAgent?: string | undefined;
  /** Applied to non-streaming requests only; streams run until aborted or closed by the server. */
  timeoutMs?: number | undefined;
}

export interface RawRequest {
  method?: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal | undefined;
  /** Leave the body unread and unbounded by timeoutMs (logs, watches). */
  stream?: boolean;
}

export class RestClient {
  readonly server: string;
  readonly tls: TlsOptions;
  readonly #token: string | undefined;
  readonly #userAgent: string;
  readonly #timeoutMs: number | undefined;
  #dispatcher: Promise<Dispatcher | undefined> | undefined;

  constructor(opts: RestClientOptions) {
    this.server = opts.server;
    this.tls = { ca: opts.ca, cert: opts.cert, key: opts.key, insecureSkipTlsVerify: opts.insecureSkipTlsVerify };
    this.#token = opts.token;
    this.#userAgent = opts.userAgent ?? 'skiff-client/0.1';
    this.#timeoutMs = opts.timeoutMs;
  }

  /** Headers every request (and the WebSocket watch) carries. */
  authHeaders(): Record<string, string> {
    const h: Record<string, string> = { 'User-Agent': this.#userAgent };
    if (this.#token) h['Authorization'] = `Bearer ${this.#token}`;
    return h;
  }

  url(path: string, query: Record<string, QueryValue> = {}): string {
    return joinUrl(this.server, path) + encodeQuery(query);
  }

  /** Raw request: resolves with the Response when 2xx, throws ApiError otherwise. */
  /** What both request paths send: method, headers (auth, Accept, Content-Type), body, signal. */
  #prepare(path: string, req: RawRequest, timeout: boolean): { method: string; what: string; headers: Record<string, string>; body: string | undefined; signal: AbortSignal | undefined } {
    const method = req.method ?? 'GET';
    const headers: Record<string, string> = { ...this.authHeaders(), Accept: req.accept ?? 'application/json' };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      headers['Content-Type'] = req.contentType ?? 'application/json';
    }
    const active = [req.signal, timeout && this.#timeoutMs ? AbortSignal.timeout(this.#timeoutMs) : undefined].filter((s): s is AbortSignal => s !== undefined);
    return { method, what: `${method} ${path}`, headers, body, signal: active.length > 1 ? AbortSignal.any(active) : active[0] };
  }

  async request(path: string, req: RawRequest = {}): Promise<Response> {
    // Streams (watch, logs) run as long as the caller wants: no client timeout on them.
    const { method, what, headers, body, signal } = this.#prepare(path, req, !req.stream);
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = body;
    if (signal) init.signal = signal;
    const dispatcher = await this.#getDispatcher();
    if (dispatcher) Object.assign(init, { dispatcher }); // undici extension to RequestInit
    let res: Response;
    try {
      res = await fetch(this.url(path, req.query), init);
    } catch (e) {
      throw networkError(what, e);
    }
    if (res.ok) return res;
    const text = await res.text().catch(() => '');
    throw errorFromResponse(res.status, text, what);
  }

  async requestJson<T>(path: string, req: RawRequest = {}): Promise<T> {
    const { method, what, headers, body, signal } = this.#prepare(path, req, true);
    let res: { status: number; text: string };
    try {
      res = await sendRequest(await this.#getDispatcher(), { url: this.url(path, req.query), method, headers, body, signal });
    } catch (e) {
      throw networkError(what, e);
    }
    if (res.status < 200 || res.status >= 300) throw errorFromResponse(res.status, res.text, what);
    try {
      return JSON.parse(res.text) as T;
    } catch {
      throw errorFromResponse(500, res.text, `${what} (response is not JSON)`);
    }
  }

  get<T extends KubeObject = KubeObject>(ref: ResourceRef, name: string, o: Scope = {}): Promise<T> {
    return this.requestJson<T>(resourcePath(ref, { namespace: o.namespace, name }), { signal: o.signal });
  }

  list<T extends KubeObject = KubeObject>(ref: ResourceRef, o: ListOptions = {}): Promise<KubeList<T>> {
    return this.requestJson<KubeList<T>>(resourcePath(ref, { namespace: o.namespace }), {
      query: listQuery(o),
      signal: o.signal,
    });
  }

  /** Every page of a list (following `continue`), as one list carrying the snapshot's resourceVersion. */
  async listAll<T extends KubeObject = KubeObject>(ref: ResourceRef, o: ListOptions = {}): Promise<KubeList<T>> {
    const first = await this.list<T>(ref, { limit: 500, ...o });
    const items = [...first.items];
    let cont = first.metadata.continue;
    while (cont) {
      const page = await this.list<T>(ref, { ...o, limit: o.limit ?? 500, continue: cont, resourceVersion: undefined, resourceVersionMatch: undefined });
      items.push(...page.items);
      cont = page.metadata.continue;
    }
    const metadata = first.metadata.resourceVersion === undefined ? {} : { resourceVersion: first.metadata.resourceVersion };
    return { apiVersion: first.apiVersion, kind: first.kind, metadata, items };
  }

  create<T extends KubeObject>(ref: ResourceRef, obj: T, o: WriteOptions = {}): Promise<T> {
    const namespace = o.namespace ?? obj.metadata.namespace;
    return this.requestJson<T>(resourcePath(ref, { namespace }), { method: 'POST', body: obj, query: writeQuery(o), signal: o.signal });
  }

  /** PUT; carries metadata.resourceVersion, so a stale object fails with Conflict. */
  update<T extends KubeObject>(ref: ResourceRef, obj: T, o: WriteOptions = {}): Promise<T> {
    return this.#put(ref, obj, undefined, o);
  }

  updateStatus<T extends KubeObject>(ref: ResourceRef, obj: T, o: WriteOptions = {}): Promise<T> {
    return this.#put(ref, obj, 'status', o);
  }

  patch<T extends KubeObject = KubeObject>(ref: ResourceRef, name: string, type: PatchType, body: unknown, o: PatchOptions = {}): Promise<T> {
    const path = resourcePath(ref, { namespace: o.namespace, name, subresource: o.subresource });
    return this.requestJson<T>(path, {
      method: 'PATCH',
      body,
      contentType: patchContentType[type],
      query: writeQuery(o),
      signal: o.signal,
    });
  }

  /** Resolves with the object as deleted (or marked for deletion), or a Success Status. */
  delete<T extends KubeObject = KubeObject>(ref: ResourceRef, name: string, o: DeleteOptions = {}): Promise<T | Status> {
    const path = resourcePath(ref, { namespace: o.namespace, name });
    return this.requestJson<T | Status>(path, { method: 'DELETE', body: deleteBody(o), signal: o.signal });
  }

  deleteCollection(ref: ResourceRef, o: DeleteOptions & ListOptions = {}): Promise<Status | KubeList> {
    const path = resourcePath(ref, { namespace: o.namespace });
    return this.requestJson(path, { method: 'DELETE', body: deleteBody(o), query: listQuery(o), signal: o.signal });
  }

  getSubresource<T = unknown>(ref: ResourceRef, name: string, subresource: string, o: Scope = {}): Promise<T> {
    return this.requestJson<T>(resourcePath(ref, { namespace: o.namespace, name, subresource }), { signal: o.signal });
  }

  /** POST to a subresource: binding, eviction. */
  createSubresource<T = unknown>(ref: ResourceRef, name: string, subresource: string, body: unknown, o: WriteOptions = {}): Promise<T> {
    const path = resourcePath(ref, { namespace: o.namespace, name, subresource });
    return this.requestJson<T>(path, { method: 'POST', body, query: writeQuery(o), signal: o.signal });
  }

  /** PUT to a subresource: scale. */
  updateSubresource<T = unknown>(ref: ResourceRef, name: string, subresource: string, body: unknown, o: WriteOptions = {}): Promise<T> {
    const path = resourcePath(ref, { namespace: o.namespace, name, subresource });
    return this.requestJson<T>(path, { method: 'PUT', body, query: writeQuery(o), signal: o.signal });
  }

  watch<T extends KubeObject = KubeObject>(ref: ResourceRef, o: WatchOptions = {}): WatchStream<T> {
    return watch<T>(this, ref, o);
  }

  /** The fetch dispatcher (TLS agent), created once on first use. */
  dispatcher(): Promise<Dispatcher | undefined> {
    return this.#getDispatcher();
  }

  /** Close pooled connections of a custom TLS agent. The client must not be used afterwards. */
  async close(): Promise<void> {
    const d = await this.#dispatcher?.catch(() => undefined);
    await d?.close();
  }

  #getDispatcher(): Promise<Dispatcher | undefined> {
    this.#dispatcher ??= createDispatcher(this.tls);
    return this.#dispatcher;
  }

  #put<T extends KubeObject>(ref: ResourceRef, obj: T, subresource: string | undefined, o: WriteOptions): Promise<T> {
    const name = obj.metadata.name;
    if (!name) throw new TypeError(`update of ${ref.plural}: metadata.name is required`);
    const path = resourcePath(ref, { namespace: o.namespace ?? obj.metadata.namespace, name, subresource });
    return this.requestJson<T>(path, { method: 'PUT', body: obj, query: writeQuery(o), signal: o.signal });
  }
}
