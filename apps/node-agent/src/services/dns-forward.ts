/**
 * Forwarding for names outside the cluster domain: the raw query goes to the agent's own
 * resolvers (its /etc/resolv.conf) and the raw reply comes back unchanged (same id). Sent
 * from the agent, so a host resolver on 127.0.0.53, which no pod could reach, works too.
 */
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';

/** `nameserver` lines, IPv4 only, minus our own listening address (a loop otherwise). */
export function upstreamsFromResolvConf(text: string, exclude: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*nameserver\s+(\d+\.\d+\.\d+\.\d+)\s*$/.exec(line);
    if (m && !exclude.includes(m[1]!) && !out.includes(m[1]!)) out.push(m[1]!);
  }
  return out;
}

export function hostUpstreams(exclude: readonly string[] = [], path = '/etc/resolv.conf'): string[] {
  try {
    return upstreamsFromResolvConf(readFileSync(path, 'utf8'), exclude);
  } catch {
    return [];
  }
}

/** Try each upstream in turn (`host` or `host:port`); undefined when none answered in time. */
export async function forwardUdp(query: Buffer, upstreams: readonly string[], timeoutMs = 2_000): Promise<Buffer | undefined> {
  for (const u of upstreams) {
    const [host, port] = u.includes(':') ? [u.slice(0, u.lastIndexOf(':')), Number(u.slice(u.lastIndexOf(':') + 1))] : [u, 53];
    const answer = await new Promise<Buffer | undefined>((resolve) => {
      const sock = createSocket('udp4');
      const done = (b: Buffer | undefined): void => {
        clearTimeout(timer);
        sock.close();
        resolve(b);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      sock.on('error', () => done(undefined));
      sock.on('message', (msg) => msg.length >= 2 && msg.readUInt16BE(0) === query.readUInt16BE(0) && done(msg));
      sock.send(query, port, host);
    });
    if (answer) return answer;
  }
  return undefined;
}
