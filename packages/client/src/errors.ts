/**
 * Every failure the client reports is an `ApiError` carrying a Kubernetes `Status`:
 * the server's own when it sent one, otherwise one synthesised from the HTTP status
 * (non-Status body) or code 0 / ServiceUnavailable (the request never got an answer).
 * Callers branch on reasons with the is*() helpers, never on fetch/undici internals.
 */
import type { Status, StatusReason } from '@skiff/api';

export class ApiError extends Error {
  readonly status: Status;

  constructor(status: Status, options?: { cause?: unknown }) {
    super(status.message ?? status.reason ?? `request failed with code ${status.code}`, options);
    this.name = 'ApiError';
    this.status = status;
  }

  /** HTTP status code; 0 when no response arrived. */
  get code(): number {
    return this.status.code;
  }

  get reason(): StatusReason | undefined {
    return this.status.reason;
  }

  get retryAfterSeconds(): number | undefined {
    return this.status.details?.retryAfterSeconds;
  }
}

/** Upstream's reasonForCode (apimachinery errors.go): the reason to assume when the body is not a Status. */
const reasonByCode: Record<number, StatusReason> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export function failureStatus(code: number, reason: StatusReason | undefined, message: string): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code };
  if (reason) s.reason = reason;
  return s;
}

export function isStatus(body: unknown): body is Status {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status';
}

/** Build the error for a non-2xx response from its (already read) body text. */
export function errorFromResponse(httpCode: number, bodyText: string, what: string): ApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    parsed = undefined;
  }
  if (isStatus(parsed)) {
    // Trust the body, but the HTTP code is authoritative when the Status omits it.
    return new ApiError({ ...parsed, code: parsed.code || httpCode });
  }
  const snippet = bodyText.length > 200 ? `${bodyText.slice(0, 200)}…` : bodyText;
  const msg = `the server responded with code ${httpCode} to ${what}${snippet ? `: ${snippet}` : ''}`;
  return new ApiError(failureStatus(httpCode, reasonByCode[httpCode] ?? (httpCode >= 500 ? 'InternalError' : 'BadRequest'), msg));
}

/** A request that got no answer (DNS, refused, TLS, reset, aborted). */
export function networkError(what: string, cause: unknown): ApiError {
  const detail = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
  const aborted = cause instanceof Error && (cause.name === 'AbortError' || cause.name === 'TimeoutError');
  const reason: StatusReason = aborted ? 'Timeout' : 'ServiceUnavailable';
  return new ApiError(failureStatus(0, reason, `${what}: ${detail}`), { cause });
}

export function toApiError(e: unknown, what: string): ApiError {
  return e instanceof ApiError ? e : networkError(what, e);
}

function reasonOf(e: unknown): StatusReason | undefined {
  return e instanceof ApiError ? e.status.reason : undefined;
}
function codeOf(e: unknown): number | undefined {
  return e instanceof ApiError ? e.status.code : undefined;
}

export const isNotFound = (e: unknown): boolean => reasonOf(e) === 'NotFound' || (codeOf(e) === 404 && !reasonOf(e));
export const isAlreadyExists = (e: unknown): boolean => reasonOf(e) === 'AlreadyExists';
/** Optimistic-concurrency failure (stale resourceVersion), not AlreadyExists although both are 409. */
export const isConflict = (e: unknown): boolean => reasonOf(e) === 'Conflict';
export const isInvalid = (e: unknown): boolean => reasonOf(e) === 'Invalid' || codeOf(e) === 422;
export const isBadRequest = (e: unknown): boolean => reasonOf(e) === 'BadRequest';
export const isUnauthorized = (e: unknown): boolean => reasonOf(e) === 'Unauthorized' || codeOf(e) === 401;
export const isForbidden = (e: unknown): boolean => reasonOf(e) === 'Forbidden' || codeOf(e) === 403;
/** 410: the resourceVersion or continue token is older than the server's history (Gone or Expired). */
export const isGone = (e: unknown): boolean => codeOf(e) === 410 || reasonOf(e) === 'Gone' || reasonOf(e) === 'Expired';
export const isExpired = isGone;
export const isTooManyRequests = (e: unknown): boolean => reasonOf(e) === 'TooManyRequests' || codeOf(e) === 429;
/** No response at all (connection refused, reset, DNS, TLS, timeout): worth retrying. */
export const isNetworkError = (e: unknown): boolean => codeOf(e) === 0;
