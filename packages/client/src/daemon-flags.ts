/**
 * How every daemon (scheduler, controller-manager, node-agent) finds its api-server: a
 * kubeconfig, or `--server URL --token TOKEN` for a homelab join, with the server's CA or
 * (explicitly) no verification. One definition so the three agree on flags and behaviour.
 */
import { readFileSync } from 'node:fs';
import { clientFromKubeconfig } from './kubeconfig.ts';
import { RestClient } from './rest-client.ts';

/** parseArgs options to spread into a daemon's own. */
export const connectionFlags = {
  kubeconfig: { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  'certificate-authority': { type: 'string' },
  'insecure-skip-tls-verify': { type: 'boolean', default: false },
} as const;

/** What each connection flag does, for the daemons' --help (daemon-help.ts). */
export const connectionFlagHelp: Record<keyof typeof connectionFlags, string> = {
  kubeconfig: 'kubeconfig to reach the api-server with (default: $KUBECONFIG, then ~/.kube/config)',
  server: 'api-server URL, instead of a kubeconfig (with --token)',
  token: 'bearer token for --server (a join token for node agents)',
  'certificate-authority': "PEM file of the api-server's CA, for --server",
  'insecure-skip-tls-verify': "do not check the api-server's certificate (--server only; never on a real network)",
};

export interface ConnectionFlagValues {
  kubeconfig?: string | undefined;
  server?: string | undefined;
  token?: string | undefined;
  'certificate-authority'?: string | undefined;
  'insecure-skip-tls-verify'?: boolean | undefined;
}

export function clientFromFlags(v: ConnectionFlagValues, userAgent: string): RestClient {
  if (!v.server) return clientFromKubeconfig({ path: v.kubeconfig }).client;
  if (!v.token) throw new Error('--server needs --token');
  const ca = v['certificate-authority'];
  return new RestClient({
    server: v.server,
    token: v.token,
    ca: ca ? readFileSync(ca, 'utf8') : undefined,
    insecureSkipTlsVerify: v['insecure-skip-tls-verify'] ?? false,
    userAgent,
  });
}
