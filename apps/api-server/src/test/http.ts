/** A tiny fetch wrapper for the api-server's own tests: raw status, headers and parsed body. */
export interface Res {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export function apiClient(base: string, token: string | undefined) {
  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    const h: Record<string, string> = { ...headers };
    if (token) h['authorization'] = `Bearer ${token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const init = { method, headers: h, ...(payload !== undefined ? { body: payload } : {}) };
    // A pooled keep-alive connection to a restarted server fails once; kubectl retries too.
    const r = await fetch(base + path, init).catch(() => fetch(base + path, init));
    const text = await r.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: r.status, headers: r.headers, body: parsed, text };
  }
  return {
    call,
    get: (p: string, h?: Record<string, string>) => call('GET', p, undefined, h),
    post: (p: string, b: unknown, h?: Record<string, string>) => call('POST', p, b, h),
    put: (p: string, b: unknown, h?: Record<string, string>) => call('PUT', p, b, h),
    patch: (p: string, b: unknown, type: string, h?: Record<string, string>) => call('PATCH', p, b, { 'content-type': type, ...h }),
    del: (p: string, b?: unknown, h?: Record<string, string>) => call('DELETE', p, b, h),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

export function pod(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' }, ...((extra['metadata'] as object) ?? {}) },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }], ...((extra['spec'] as object) ?? {}) },
  };
}
