/**
 * GET pods/<name>/log: finds the container (pod-backend.ts), then streams the agent's
 * /containerLogs answer through unchanged as text/plain; with `follow` it stays open
 * until the agent ends it or the client leaves (which closes the agent connection too).
 */
import { request, type IncomingMessage } from 'node:http';
import { errors } from '@skiff/api';
import type { FastifyReply } from 'fastify';
import type { ServerContext } from '../../context.ts';
import { bool, int, str } from '../../http/query.ts';
import type { ResourceRequest } from '../resources/request.ts';
import { dialAgent } from './agent-dial.ts';
import { agentFailure, readBody } from './agent-status.ts';
import { checkLogsAvailable, dialError, podBackend } from './pod-backend.ts';

const PASSED_ON = ['follow', 'previous', 'timestamps', 'tailLines', 'sinceSeconds', 'sinceTime', 'limitBytes'];

export async function streamPodLog(ctx: ServerContext, rr: ResourceRequest & { name: string }, method: string, authorization: string | undefined, reply: FastifyReply): Promise<FastifyReply> {
  if (method !== 'GET') throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
  const q = rr.query;
  for (const n of ['tailLines', 'sinceSeconds', 'limitBytes']) {
    const v = int(q, n);
    if (v !== undefined && v < (n === 'tailLines' ? 0 : 1)) throw errors.invalid('PodLogOptions', '', '', [{ reason: 'FieldValueInvalid', field: n, message: `Invalid value: ${v}: must be ${n === 'tailLines' ? 'greater than or equal to 0' : 'greater than 0'}` }]);
  }
  if (str(q, 'sinceSeconds') !== undefined && str(q, 'sinceTime') !== undefined) throw errors.invalid('PodLogOptions', '', '', [{ reason: 'FieldValueForbidden', field: '', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified' }]);
  const b = podBackend(ctx, rr.namespace!, rr.name, str(q, 'container'), bool(q, 'previous') ? undefined : checkLogsAvailable);
  const params = new URLSearchParams();
  for (const n of PASSED_ON) {
    const v = str(q, n);
    if (v !== undefined) params.set(n, v);
  }
  const path = `/containerLogs/${[rr.namespace!, rr.name, b.container].map(encodeURIComponent).join('/')}${params.size ? `?${params}` : ''}`;
  const sock = await dialAgent(b.host, b.port, b.fingerprint);
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request({ method: 'GET', host: b.host, port: b.port, path, headers: authorization ? { authorization } : {}, createConnection: () => sock }, resolve);
    req.on('error', (e) => reject(dialError(e.message)));
    req.end();
  });
  if (res.statusCode !== 200) throw agentFailure(res.statusCode ?? 502, await readBody(res));
  reply.raw.on('close', () => res.destroy());
  return reply.code(200).header('cache-control', 'no-cache').type('text/plain').send(res);
}
