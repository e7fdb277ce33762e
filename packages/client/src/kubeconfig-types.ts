/**
 * The kubeconfig file format (client-go tools/clientcmd/api/v1), kebab-case keys as on disk,
 * and the typed errors loading/resolving it raises, with kubectl's wording.
 */
export interface KubeconfigCluster {
  server: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
}

export interface KubeconfigUser {
  token?: string;
  tokenFile?: string;
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
}

export interface KubeconfigContext {
  cluster: string;
  user?: string;
  namespace?: string;
}

export interface Kubeconfig {
  apiVersion: 'v1';
  kind: 'Config';
  clusters: { name: string; cluster: KubeconfigCluster }[];
  users: { name: string; user: KubeconfigUser }[];
  contexts: { name: string; context: KubeconfigContext }[];
  'current-context'?: string;
  preferences?: Record<string, unknown>;
}

export type KubeconfigErrorCode =
  | 'FileNotFound'
  | 'Malformed'
  | 'NoConfiguration'
  | 'NoCurrentContext'
  | 'UnknownContext'
  | 'UnknownCluster'
  | 'UnknownUser'
  | 'NoServer';

export class KubeconfigError extends Error {
  readonly code: KubeconfigErrorCode;

  constructor(code: KubeconfigErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KubeconfigError';
    this.code = code;
  }
}

export function emptyKubeconfig(): Kubeconfig {
  return { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] };
}
