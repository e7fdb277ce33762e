/** The proxy on real localhost sockets: named echo backends, a client that reads replies. */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from './endpoints.ts';
import { TcpProxy } from './tcp-proxy.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A backend that greets with its name, then echoes every chunk. */
async function backend(name: string): Promise<Backend & { server: Server }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.write(`${name}\n`);
    s.on('data', (d) => s.write(d));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => {
    for (const s of sockets) s.destroy();
    server.close(() => r());
  }));
  return { ip: '127.0.0.1', port: (server.address() as { port: number }).port, server };
}

async function proxy(backends: Backend[]): Promise<TcpProxy> {
  const p = new TcpProxy({ connectTimeoutMs: 500 });
  p.setBackends(backends);
  expect(await p.listen('127.0.0.1', 0)).toEqual({ ok: true });
  cleanups.push(() => p.close(true));
  return p;
}

/** A client connection that collects what it receives. */
function client(port: number): { sock: Socket; received: () => string; closed: Promise<string> } {
  let buf = '';
  const sock = connect(port, '127.0.0.1');
  sock.on('data', (d) => (buf += d.toString()));
  const closed = new Promise<string>((r) => {
    sock.on('error', (e) => r(`error: ${(e as NodeJS.ErrnoException).code}`));
    sock.on('close', () => r('closed'));
  });
  cleanups.push(() => void sock.destroy());
  return { sock, received: () => buf, closed };
}

async function until(pred: () => boolean, what: string, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Open a connection, return the first line (the backend's name), close. */
async function whoAnswers(port: number): Promise<string> {
  const c = client(port);
  await until(() => c.received().includes('\n'), 'greeting');
  c.sock.destroy();
  return c.received().trim();
}

describe('TcpProxy', () => {
  it('round-robins new connections over the ready backends', async () => {
    const [a, b] = [await backend('a'), await backend('b')];
    const p = await proxy([a, b]);
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await whoAnswers(p.port));
    expect(seen).toEqual(['a', 'b', 'a', 'b']);
    expect([...p.served.values()]).toEqual([2, 2]);
  });

  it('follows readiness: only the backends in the current set get new connections', async () => {
    const [a, b] = [await backend('a'), await backend('b')];
    const p = await proxy([a]);
    expect([await whoAnswers(p.port), await whoAnswers(p.port), await whoAnswers(p.port)]).toEqual(['a', 'a', 'a']);
    p.setBackends([a, b]); // b became ready
    const both = new Set([await whoAnswers(p.port), await whoAnswers(p.port)]);
    expect(both).toEqual(new Set(['a', 'b']));
    p.setBackends([b]); // a is not ready any more
    expect([await whoAnswers(p.port), await whoAnswers(p.port)]).toEqual(['b', 'b']);
  });

  it('removing a backend keeps its in-flight connection working and sends new ones elsewhere', async () => {
    const [a, b] = [await backend('a'), await backend('b')];
    const p = await proxy([a]);
    const long = client(p.port);
    await until(() => long.received() === 'a\n', 'greeting from a');
    p.setBackends([b]);
    expect(await whoAnswers(p.port)).toBe('b');
    long.sock.write('still here');
    await until(() => long.received() === 'a\nstill here', 'echo through the old connection');
    p.setBackends([]);
    long.sock.write('!');
    await until(() => long.received().endsWith('here!'), 'echo with no backends left');
    expect(p.connections).toBe(2); // the client side and its upstream
  });

  it('refuses (reset) when there is no ready backend', async () => {
    const p = await proxy([]);
    const c = client(p.port);
    expect(await c.closed).toMatch(/^error: ECONNRESET|^closed$/);
    expect(c.received()).toBe('');
  });

  it('skips a backend that refuses the connection', async () => {
    const dead = await backend('dead');
    await new Promise<void>((r) => dead.server.close(() => r()));
    const a = await backend('a');
    const errors: string[] = [];
    const p = new TcpProxy({ onBackendError: (b, e) => errors.push(`${b.port}: ${e}`) });
    p.setBackends([dead, a]);
    await p.listen('127.0.0.1', 0);
    cleanups.push(() => p.close(true));
    expect([await whoAnswers(p.port), await whoAnswers(p.port)]).toEqual(['a', 'a']);
    expect(errors[0]).toContain(`${dead.port}: connect ECONNREFUSED`);
  });

  it('passes a half-close on: a request/response client gets the whole reply', async () => {
    // Like HTTP/1.0: the client sends and half-closes; the server answers after the FIN, then closes.
    const server = createServer({ allowHalfOpen: true }, (s) => {
      let req = '';
      s.on('data', (d) => (req += d.toString()));
      s.on('end', () => s.end(`${'x'.repeat(1 << 20)}|${req}`));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const p = await proxy([{ ip: '127.0.0.1', port: (server.address() as { port: number }).port }]);
    const c = client(p.port);
    c.sock.end('GET /');
    expect(await c.closed).toBe('closed');
    expect(c.received().length).toBe((1 << 20) + 6);
    expect(c.received().endsWith('|GET /')).toBe(true);
  });

  it('close() stops new connections without cutting the open ones', async () => {
    const a = await backend('a');
    const p = await proxy([a]);
    const port = p.port;
    const open = client(port);
    await until(() => open.received() === 'a\n', 'greeting');
    await p.close();
    const late = client(port);
    expect(await late.closed).toBe('error: ECONNREFUSED');
    open.sock.write('ping');
    await until(() => open.received() === 'a\nping', 'echo after close');
  });

  it('reports a listen failure as a result (port in use)', async () => {
    const a = await proxy([]);
    const b = new TcpProxy();
    expect(await b.listen('127.0.0.1', a.port)).toEqual({ ok: false, error: expect.stringContaining('EADDRINUSE') });
  });
});
