/**
 * The formats a join shares between the api-server and the CLI, as upstream defines them
 * (k8s.io/cluster-bootstrap/token/api and kubeadm's pubkeypin): no imports beyond node:crypto so
 * the CLI can load it without the server.
 */
import { createHash, X509Certificate } from 'node:crypto';

export const BOOTSTRAP_TOKEN_TYPE = 'bootstrap.kubernetes.io/token';
export const BOOTSTRAP_NAMESPACE = 'kube-system';
export const BOOTSTRAP_SECRET_PREFIX = 'bootstrap-token-';
export const BOOTSTRAPPERS_GROUP = 'system:bootstrappers';
export const BOOTSTRAP_USER_PREFIX = 'system:bootstrap:';
/** The group `skiff token create` adds, so node-agent tokens are told apart from others in listings. */
export const NODE_AGENT_GROUP = 'system:bootstrappers:skiff:node-agent';
export const TOKEN_PATTERN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
export const TOKEN_ID_PATTERN = /^[a-z0-9]{6}$/;
export const EXTRA_GROUP_PATTERN = /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/;

export function bootstrapSecretName(id: string): string {
  return `${BOOTSTRAP_SECRET_PREFIX}${id}`;
}

/**
 * kubeadm's `--discovery-token-ca-cert-hash`: `sha256:` + hex SHA-256 of the CA certificate's
 * DER SubjectPublicKeyInfo. Pinning the key (not the certificate) is what kubeadm does, so
 * `openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | sha256sum` gives the same.
 */
export function caCertHash(caPem: string): string {
  const spki = new X509Certificate(caPem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}
