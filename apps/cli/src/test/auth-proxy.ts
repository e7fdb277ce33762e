/**
 * Test-only: a plain-HTTP proxy that adds the bearer token. kubectl 1.32 does not send a
 * bearer token to an http:// server (observed: no Authorization header at all), while the
 * api-server only speaks http for now; this lets the comparison tests drive real kubectl
 * against the same server until it serves TLS.
 */
import { request, createServer, type Server } from 'node:http';

export interface AuthProxy {
  url: string;
  close(): Promise<void>;
}

export function startAuthProxy(target: string, token: string): Promise<AuthProxy> {
  const t = new URL(target);
  const server: Server = createServer((req, res) => {
    const up = request(
      { host: t.hostname, port: t.port, method: req.method, path: req.url, headers: { ...req.headers, host: t.host, authorization: `Bearer ${token}` } },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
      });
    });
  });
}
