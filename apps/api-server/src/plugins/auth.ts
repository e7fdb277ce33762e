/** Nothing but health and version answers without a valid bearer token (401 Status otherwise). */
import { errors } from '@skiff/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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
  if (!user) throw errors.unauthorized('Unauthorized');
  return user;
}

export function registerAuth(app: FastifyInstance, auth: Authenticator): void {
  app.addHook('onRequest', async (req) => {
    if (isAnonymousPath(req.url)) return;
    req.user = authenticate(auth, req);
  });
}
