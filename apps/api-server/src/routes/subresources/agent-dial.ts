/**
 * TLS connections to node agents, pinned to the certificate fingerprint each agent
 * publishes on its Node. The agent's certificate is self-signed, so CA verification cannot
 * apply; the pin is checked on the finished handshake before a single byte (the caller's
 * token) is written, then the socket is handed to http/ws as their connection.
 */
import { connect, type TLSSocket } from 'node:tls';
import { dialError } from './pod-backend.ts';

const DIAL_TIMEOUT_MS = 10_000;

export function dialAgent(host: string, port: number, fingerprint: string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'], ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }) });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(dialError(`dial tcp ${host}:${port}: i/o timeout`));
    }, DIAL_TIMEOUT_MS);
    sock.once('error', (e: Error) => {
      clearTimeout(timer);
      reject(dialError(`dial tcp ${host}:${port}: ${e.message}`));
    });
    sock.once('secureConnect', () => {
      clearTimeout(timer);
      const got = sock.getPeerCertificate().fingerprint256?.replace(/:/g, '').toLowerCase();
      if (got !== fingerprint) {
        sock.destroy();
        return reject(dialError(`the kubelet at ${host}:${port} presented a certificate (sha256 ${got ?? 'none'}) other than the one its node published`));
      }
      resolve(sock);
    });
  });
}
