/**
 * `skiff token create`: a join token as kubeadm makes one (a `bootstrap.kubernetes.io/token`
 * Secret `kube-system/bootstrap-token-<id>`, token `<id>.<secret>`), and the exact commands that
 * join a machine with it. Unlike kubeadm, the token is not traded for a certificate: it stays
 * the node agent's credential, so it never expires unless --ttl says so (an expired token stops
 * its agents), and deleting it cuts off every agent that uses it.
 */
import { randomInt } from 'node:crypto';
import type { RestClient } from '@skiff/client';
import { BOOTSTRAP_NAMESPACE, BOOTSTRAP_TOKEN_TYPE, bootstrapSecretName, caCertHash, NODE_AGENT_GROUP } from '@skiff/api-server/auth/bootstrap-format';
import { primaryAddress } from '@skiff/api-server/auth/bootstrap-addresses';
import { CliError } from '../errors.ts';

export const SECRETS = { group: '', version: 'v1', plural: 'secrets', namespaced: true, kind: 'Secret' };
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Where install-node-agent.sh puts the CA, and so where the printed command expects it. */
export const AGENT_CA_PATH = '/etc/skiff/ca.crt';

function randomString(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

export interface CreateOptions {
  ttlMs: number;
  description?: string | undefined;
  now?: number;
}

export interface CreatedToken {
  id: string;
  token: string;
  expiration: string | undefined;
}

export async function createJoinToken(client: RestClient, o: CreateOptions): Promise<CreatedToken> {
  const id = randomString(6);
  const secret = randomString(16);
  const expiration = o.ttlMs > 0 ? new Date((o.now ?? Date.now()) + o.ttlMs).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
  const stringData: Record<string, string> = {
    'token-id': id,
    'token-secret': secret,
    'usage-bootstrap-authentication': 'true',
    'auth-extra-groups': NODE_AGENT_GROUP,
    ...(expiration ? { expiration } : {}),
    ...(o.description ? { description: o.description } : {}),
  };
  await client.create(SECRETS, { apiVersion: 'v1', kind: 'Secret', metadata: { name: bootstrapSecretName(id), namespace: BOOTSTRAP_NAMESPACE }, type: BOOTSTRAP_TOKEN_TYPE, stringData } as never, { namespace: BOOTSTRAP_NAMESPACE });
  return { id, token: `${id}.${secret}`, expiration };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * The URL other machines use: the kubeconfig's server, with a loopback host (what `skiff up`
 * writes) replaced by --advertise-address or this machine's first IPv4 address.
 */
export function joinServer(kubeconfigServer: string, advertise: string | undefined): string {
  const u = new URL(kubeconfigServer);
  if (advertise) u.host = advertise.includes(':') && !advertise.startsWith('[') ? advertise : `${advertise}:${u.port || 6443}`;
  else if (LOOPBACK.has(u.hostname) || u.hostname.startsWith('127.')) {
    const ip = primaryAddress();
    if (!ip) throw new CliError('error: this machine has no network address other machines could use: give one with --advertise-address');
    u.hostname = ip;
  }
  return u.origin;
}

export function joinCommand(server: string, token: string, caPath: string | undefined): string {
  const tls = server.startsWith('https://') ? (caPath ? ` --certificate-authority ${caPath}` : ' --insecure-skip-tls-verify') : '';
  return `skiff node-agent --server ${server} --token ${token}${tls}`;
}

export const PERMISSIONS =
  'What this token may do: what a node agent needs and no more: register and update Nodes and their Leases, read, update\n' +
  'and delete pods and write their status, write events and ResourceSlices, read ResourceClaims, Services and\n' +
  'EndpointSlices, and read ConfigMaps and Secrets by name (never list them). Any other request gets 403.\n' +
  'It is not tied to one node: whoever holds it can act as any node agent. Keep it like a password, use one per\n' +
  'machine, and "skiff token delete ID" cuts that machine off at once.\n';

export function createdText(t: CreatedToken, server: string, caPem: string | undefined): string {
  const life = t.expiration ? `expires ${t.expiration}: agents using it stop then` : 'never expires';
  const lines = [`Join token ${t.token} created (${life}; delete it with "skiff token delete ${t.id}").`, ''];
  if (server.startsWith('https://') && caPem) {
    const hash = caCertHash(caPem);
    lines.push(
      'On each machine to join, from a Skiff checkout, let the installer fetch and check the cluster CA and start the agent:',
      `  sudo scripts/homelab/install-node-agent.sh --server ${server} --token ${t.token} --ca-cert-hash ${hash}`,
      `or copy the CA (ca.crt in the control plane's data folder) to ${AGENT_CA_PATH} and run:`,
      `  ${joinCommand(server, t.token, AGENT_CA_PATH)}`,
    );
  } else {
    lines.push('On each machine to join, run:', `  ${joinCommand(server, t.token, undefined)}`);
    if (server.startsWith('https://')) lines.push('(your kubeconfig has no CA for this server, so the agent cannot verify it: add --certificate-authority FILE if you have the CA)');
  }
  return `${lines.join('\n')}\n\n${PERMISSIONS}`;
}
