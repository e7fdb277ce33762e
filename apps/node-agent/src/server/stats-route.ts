/**
 * GET /stats/resource: the resource sampler's latest reading as JSON (stats/types.ts), what
 * the api-server's metrics.k8s.io fans out to. A node-wide read, so the token must be one
 * that may read this Node. An agent started without a sampler answers 404, like a kubelet
 * without the endpoint.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceStats } from '../stats/types.ts';
import type { AgentAuth } from './auth.ts';
import { AgentError } from './errors.ts';

export const STATS_PATH = '/stats/resource';

export interface StatsDeps {
  nodeName: string;
  auth: AgentAuth;
  stats?: (() => ResourceStats) | undefined;
}

export const isStatsRequest = (url: string | undefined): boolean => new URL(url ?? '/', 'https://agent').pathname === STATS_PATH;

export async function serveStats(d: StatsDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!(await d.auth(req.headers.authorization, { node: d.nodeName }))) throw new AgentError(401, 'Unauthorized', 'Unauthorized');
  if (req.method !== 'GET') throw new AgentError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  if (!d.stats) throw new AgentError(404, 'NotFound', 'this node agent does not collect resource stats');
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' }).end(JSON.stringify(d.stats()));
}
