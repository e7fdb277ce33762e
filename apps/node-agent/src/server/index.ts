/**
 * The node agent's kubelet port: `kubectl logs` and `kubectl exec` reach containers here,
 * through the api-server's proxy. Contract:
 * - HTTPS on `--kubelet-port` (default 10250) with a self-signed certificate made at start;
 *   the Node carries its port in `status.daemonEndpoints.kubeletEndpoint.Port` and its
 *   SHA-256 in the `skiff.dev/kubelet-serving-cert-sha256` annotation; the api-server
 *   refuses to dial an agent whose certificate does not match.
 * - Every request carries a bearer token: the agent's own API token, or any token the
 *   api-server accepts for reading the pod (the api-server forwards the caller's token).
 * - Paths, parameters, framing and Status bodies as the kubelet's (k8s-api.md 1.3, 1.5).
 * `startDockerAgentServer` is what the agent's main calls; tests assemble the parts.
 */
import type { RestClient } from '@skiff/client';
import type { Logger } from '@skiff/logging';
import type { DockerRuntime } from '../runtime/docker.ts';
import { dockerExecDriver } from '../runtime/exec.ts';
import { dockerLogSource } from '../runtime/logs.ts';
import type { ResourceStats } from '../stats/types.ts';
import { tokenAuth } from './auth.ts';
import { startAgentServer, type AgentServer } from './server.ts';

export { startAgentServer, DEFAULT_KUBELET_PORT, type AgentServer, type AgentServerOptions } from './server.ts';
export { tokenAuth, type AgentAuth } from './auth.ts';
export { endpointAnnotations, KUBELET_CERT_ANNOTATION } from './endpoint.ts';

export interface DockerAgentServerOptions {
  runtime: DockerRuntime;
  /** The agent's API client: its token is accepted, other tokens are checked with its api-server. */
  client: RestClient;
  nodeName: string;
  log: Logger;
  port?: number | undefined;
  host?: string | undefined;
  /** More accepted tokens (e.g. for a monitoring scraper), besides the agent's own. */
  extraTokens?: string[] | undefined;
  /** Served at GET /stats/resource (the resource sampler's latest reading). */
  stats?: (() => ResourceStats) | undefined;
}

export function startDockerAgentServer(o: DockerAgentServerOptions): Promise<AgentServer> {
  const own = o.client.authHeaders()['Authorization']?.replace(/^Bearer /, '');
  return startAgentServer({
    nodeName: o.nodeName,
    runtime: o.runtime,
    logs: dockerLogSource(o.runtime.docker),
    exec: dockerExecDriver(o.runtime.docker),
    auth: tokenAuth({ tokens: [...(own ? [own] : []), ...(o.extraTokens ?? [])], review: o.client }),
    log: o.log.child({ component: 'kubelet-server' }),
    port: o.port,
    host: o.host,
    stats: o.stats,
  });
}
