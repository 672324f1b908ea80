import { describe, expect, it } from 'vitest';
import { ApiProblem, toApiProblem } from './api-problem.ts';

/** The shape ofetch's FetchError has when the server answered. */
const answered = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
  status,
  data,
  response: { headers: new Headers(headers) },
});

describe('toApiProblem', () => {
  it('maps field errors onto their paths, first message per field, and keeps the code', () => {
    const problem = toApiProblem(
      answered(400, {
        code: 'VALIDATION_FAILED',
        errors: [
          { path: 'email', message: 'Enter a valid email address' },
          { path: 'email', message: 'second message' },
          { path: 'permissions.1', message: 'Unknown permission "posts.fly"' },
        ],
      }),
    );
    expect(problem).toBeInstanceOf(ApiProblem);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.fields).toEqual({
      email: 'Enter a valid email address',
      'permissions.1': 'Unknown permission "posts.fly"',
    });
  });

  it('prefers the detail the API wrote, and falls back to a sentence per code', () => {
    expect(toApiProblem(answered(409, { code: 'CONFLICT', detail: 'Members hold this role.' })).message).toBe(
      'Members hold this role.',
    );
    expect(toApiProblem(answered(401, { code: 'INVALID_CREDENTIALS' })).message).toBe(
      'Email or password is incorrect.',
    );
  });

  it('says how long to wait when rate limited', () => {
    const problem = toApiProblem(answered(429, { code: 'RATE_LIMITED' }, { 'Retry-After': '12' }));
    expect(problem.retryAfter).toBe(12);
    expect(problem.message).toBe('Too many attempts. Try again in 12 seconds.');
  });

  it('treats a failure without an answer as a network error', () => {
    const problem = toApiProblem(new TypeError('Failed to fetch'));
    expect(problem.code).toBe('NETWORK_ERROR');
    expect(problem.status).toBe(0);
  });

  it('does not trust a body that is not problem+json from this API', () => {
    const problem = toApiProblem(answered(502, '<html>Bad gateway</html>'));
    expect(problem.code).toBe('UNEXPECTED_RESPONSE');
    expect(problem.fields).toEqual({});
    // An unknown code (or one like __proto__) is not passed through as if it were ours.
    expect(toApiProblem(answered(400, { code: '__proto__' })).code).toBe('UNEXPECTED_RESPONSE');
    expect(toApiProblem(answered(400, { code: 'SOMETHING_NEW' })).code).toBe('UNEXPECTED_RESPONSE');
  });
});
