/**
 * A loopback HTTP proxy in front of the api-server that (optionally) adds a bearer token and
 * records every request it forwards.
 *
 * Why: kubectl (client-go) never sends credentials to an `http://` server — clientcmd reads the
 * user's token only when the transport is TLS (observed: no Authorization header at all, even
 * with --token). The api-server speaks plain http for now, so real kubectl is pointed at this
 * proxy, which adds the token the way a TLS connection would have carried it. The request log
 * also lets tests count re-lists and re-watches of a client.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';

export interface LoggedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  at: number;
}

export interface Proxy {
  url: string;
  requests: LoggedRequest[];
  /** Abort all open connections (watches included) without stopping the proxy. */
  dropConnections(): void;
  /** Change the token added from now on (undefined: forward requests as they are). */
  setToken(token: string | undefined): void;
  /** While blocked, every request is answered 503 (the server looks unreachable to clients). */
  block(blocked: boolean): void;
  close(): Promise<void>;
}

export function startProxy(target: string, initialToken: string | undefined): Promise<Proxy> {
  const t = new URL(target);
  let token = initialToken;
  const requests: LoggedRequest[] = [];
  let blocked = false;
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, at: Date.now() });
    if (blocked) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('blocked by test proxy');
      return;
    }
    const headers = { ...req.headers, host: t.host };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const up = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      res.flushHeaders(); // a watch's headers must not wait for its first event
      upRes.pipe(res);
      upRes.on('error', () => res.destroy());
    });
    up.on('error', () => res.destroy());
    res.on('close', () => up.destroy());
    req.pipe(up);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        dropConnections: () => server.closeAllConnections(),
        setToken: (tk) => {
          token = tk;
        },
        block: (b) => {
          blocked = b;
        },
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
