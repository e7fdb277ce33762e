/**
 * From the global flags to a RestClient, the way kubectl picks its connection:
 * --kubeconfig, else KUBECONFIG, else ~/.kube/config (packages/client's loader); --context
 * selects a context; -s/--server and --token override what the kubeconfig says. With no
 * configuration at all kubectl talks to localhost:8080, and so do we, so the error a user
 * sees is the familiar "connection ... refused".
 */
import { homedir } from 'node:os';
import {
  KubeconfigError,
  loadKubeconfig,
  resolveKubeconfig,
  RestClient,
  type Kubeconfig,
  type RestClientOptions,
} from '@skiff/client';
import type { CliIO } from './io.ts';

export interface GlobalFlags {
  kubeconfig?: string;
  context?: string;
  server?: string;
  token?: string;
  namespace?: string;
  insecureSkipTlsVerify?: boolean;
}

export interface Connection {
  client: RestClient;
  /** Namespace commands default to: -n, else the context's, else `default`. */
  namespace: string;
  /** True when -n was given (apply checks manifests against it). */
  explicitNamespace: boolean;
  server: string;
}

export function homeOf(io: CliIO): string {
  return io.env['HOME'] || homedir();
}

export function loadConfig(flags: GlobalFlags, io: CliIO): Kubeconfig {
  return loadKubeconfig({ path: flags.kubeconfig, env: io.env, home: homeOf(io) });
}

export function connect(flags: GlobalFlags, io: CliIO): Connection {
  let opts: RestClientOptions & { namespace: string };
  try {
    opts = resolveKubeconfig(loadConfig(flags, io), { context: flags.context, namespace: flags.namespace });
  } catch (e) {
    const noConfig = e instanceof KubeconfigError && (e.code === 'NoConfiguration' || e.code === 'NoCurrentContext');
    if (!noConfig || flags.context) throw e;
    opts = { server: 'http://localhost:8080', namespace: flags.namespace || 'default' };
  }
  if (flags.server) opts.server = /^https?:\/\//.test(flags.server) ? flags.server : `https://${flags.server}`;
  if (flags.token) opts.token = flags.token;
  if (flags.insecureSkipTlsVerify) opts.insecureSkipTlsVerify = true;
  const client = new RestClient({ ...opts, userAgent: 'skiff/0.1.0', timeoutMs: 60_000 });
  return { client, namespace: opts.namespace, explicitNamespace: Boolean(flags.namespace), server: opts.server };
}
