/**
 * Nothing but health, version and kube-public/cluster-info answers without a valid bearer token
 * (401 Status otherwise); join-token users are limited to a node agent's calls (403 otherwise).
 */
import { errors } from '@skiff/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorizeRequest } from '../auth/bootstrap-authorizer.ts';
import { isClusterInfoRead } from '../auth/bootstrap-cluster-info.ts';
import type { Authenticator, User } from '../auth/tokens.ts';

const ANONYMOUS_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

declare module 'fastify' {
  interface FastifyRequest {
    user?: User;
  }
}

export function isAnonymousPath(url: string): boolean {
  const path = url.split('?')[0]!.replace(/\/+$/, '') || '/';
  return ANONYMOUS_PATHS.has(path) || path.startsWith('/healthz/') || path.startsWith('/livez/') || path.startsWith('/readyz/');
}

export function authenticate(auth: Authenticator, req: Pick<FastifyRequest, 'headers'>): User {
  const user = auth.authenticate(req.headers.authorization);
  if (!user) throw errors.unauthorized(auth.failure?.(req.headers.authorization) ?? 'Unauthorized');
  return user;
}

export function registerAuth(app: FastifyInstance, auth: Authenticator): void {
  app.addHook('onRequest', async (req) => {
    if (isAnonymousPath(req.url) || isClusterInfoRead(req.method, req.url)) return;
    req.user = authenticate(auth, req);
    const denied = authorizeRequest(req.user, req.method, req.url);
    if (denied) throw errors.forbidden(denied);
  });
}
