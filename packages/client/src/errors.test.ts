import { describe, expect, it } from 'vitest';
import { errors } from '@skiff/api';
import * as e from './errors.ts';

describe('errorFromResponse', () => {
  it('keeps the server Status', () => {
    const err = e.errorFromResponse(404, JSON.stringify(errors.notFound('pods', '', 'x').toStatus()), 'GET x');
    expect(err).toBeInstanceOf(e.ApiError);
    expect(err.message).toBe('pods "x" not found');
    expect(e.isNotFound(err)).toBe(true);
    expect(e.isConflict(err)).toBe(false);
  });
  it('tells Conflict from AlreadyExists (both 409)', () => {
    const conflict = e.errorFromResponse(409, JSON.stringify(errors.conflict('pods', '', 'x').toStatus()), '');
    const exists = e.errorFromResponse(409, JSON.stringify(errors.alreadyExists('pods', '', 'x').toStatus()), '');
    expect([e.isConflict(conflict), e.isAlreadyExists(conflict)]).toEqual([true, false]);
    expect([e.isConflict(exists), e.isAlreadyExists(exists)]).toEqual([false, true]);
  });
  it('synthesises a Status for other bodies', () => {
    const err = e.errorFromResponse(410, '<html>gone</html>', 'GET /x');
    expect(err.status).toMatchObject({ kind: 'Status', code: 410, reason: 'Gone', status: 'Failure' });
    expect(e.isExpired(err)).toBe(true);
    expect(e.isUnauthorized(e.errorFromResponse(401, '', ''))).toBe(true);
    expect(e.isInvalid(e.errorFromResponse(422, 'x', ''))).toBe(true);
  });
  it('maps network failures to code 0 ServiceUnavailable', () => {
    const err = e.networkError('GET /x', new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') }));
    expect(err.status).toMatchObject({ code: 0, reason: 'ServiceUnavailable' });
    expect(err.message).toContain('ECONNREFUSED');
    expect(e.isNetworkError(err)).toBe(true);
    expect(e.isNotFound(new Error('x'))).toBe(false);
  });
});
