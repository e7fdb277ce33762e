/**
 * For port-forward tests: a TCP "pod" on loopback (echo, after an optional greeting), a
 * forwarder process (kubectl or skiff) followed until it prints its local port, and round
 * trips through that port (a write in two pieces, a half-close, everything read back).
 */
import type { ChildProcess } from 'node:child_process';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';

export interface EchoServer {
  port: number;
  /** Connections the "pod" accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

export async function echoServer(greeting = ''): Promise<EchoServer> {
  let n = 0;
  const s: Server = createServer((sock) => {
    n++;
    if (greeting) sock.write(greeting);
    sock.pipe(sock); // the client's FIN ends the echo, and with it the connection
    sock.on('error', () => undefined);
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { port: (s.address() as AddressInfo).port, accepted: () => n, close: () => new Promise((r) => s.close(() => r())) };
}

/** A port on loopback nothing listens on. */
export async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

export function roundTrip(port: number, payload: string, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port });
    let got = '';
    sock.on('data', (d: Buffer) => (got += d.toString()));
    sock.on('end', () => resolve(got));
    sock.on('error', reject);
    sock.on('connect', () => {
      sock.write(payload.slice(0, Math.ceil(payload.length / 2)));
      setTimeout(() => sock.end(payload.slice(Math.ceil(payload.length / 2))), 20);
    });
  });
}

export interface Forwarder {
  localPort: number;
  stdout(): string;
  stderr(): string;
  /** SIGINT (Ctrl-C), then the exit code. */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Wait for `Forwarding from 127.0.0.1:<port> -> <remote>`; reject with the output if the process ends first. */
export function followForwarder(child: ChildProcess, remote: number, timeoutMs = 20_000): Promise<Forwarder> {
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const f = (localPort: number): Forwarder => ({
    localPort,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop: () => (child.exitCode === null && child.kill('SIGINT'), exited),
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`no "Forwarding from" within ${timeoutMs} ms; stdout: ${out} stderr: ${err}`))), timeoutMs);
    const look = (): void => {
      const m = new RegExp(`Forwarding from 127\\.0\\.0\\.1:(\\d+) -> ${remote}\\n`).exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve(f(Number(m[1])));
    };
    child.stdout!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`exited ${code} before forwarding; stdout: ${out} stderr: ${err}`), { code, stdout: out, stderr: err }));
    });
  });
}
