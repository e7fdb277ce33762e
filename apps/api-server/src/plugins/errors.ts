/**
 * Every failure leaves the server as a Kubernetes Status with the upstream reason and code.
 * StatusErrors pass through; framework errors are translated; anything else is a 500 whose
 * details go to the log, not the client.
 */
import { errors, isStatusError, type StatusError } from '@skiff/api';
import type { FastifyError, FastifyInstance } from 'fastify';

export const BODY_LIMIT = 3 * 1024 * 1024;

export function toStatusError(e: unknown): { err: StatusError; internal: boolean } {
  if (isStatusError(e)) return { err: e, internal: false };
  const fe = e as Partial<FastifyError>;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { err: errors.tooLarge(BODY_LIMIT), internal: false };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { err: errors.unsupportedMediaType(String(fe.message)), internal: false };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { err: errors.badRequest(String(fe.message)), internal: false };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { err: errors.badRequest(String(fe.message)), internal: false };
  }
  return { err: errors.internal(e instanceof Error ? e.message : String(e)), internal: true };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((e, req, reply) => {
    const { err, internal } = toStatusError(e);
    if (internal) req.log.error({ err: e }, 'internal error');
    void reply.code(err.code).type('application/json').send(JSON.stringify(err.toStatus()));
  });
  app.setNotFoundHandler((_req, reply) => {
    const err = errors.notFound('', '', '');
    void reply
      .code(404)
      .type('application/json')
      .send(JSON.stringify({ ...err.toStatus(), message: 'the server could not find the requested resource', details: {} }));
  });
}
