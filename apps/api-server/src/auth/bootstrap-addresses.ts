/**
 * The addresses other machines use to reach an api-server that listens on every interface
 * (`--bind-address 0.0.0.0`, as a homelab control plane does). They go into the serving
 * certificate, so a node agent that joins by IP verifies the server with the cluster CA instead
 * of needing --insecure-skip-tls-verify. The certificate is re-issued (same CA) when they change.
 */
import { networkInterfaces } from 'node:os';

export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/** Every non-loopback address of this machine (IPv6 link-local ones are useless in URLs: skipped). */
export function hostAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal || (a.family === 'IPv6' && a.address.toLowerCase().startsWith('fe80:'))) continue;
      out.push(a.address);
    }
  }
  return out;
}

/** The first IPv4 address other machines can use: what `skiff token create` prints by default. */
export function primaryAddress(): string | undefined {
  return hostAddresses().find((a) => !a.includes(':'));
}
