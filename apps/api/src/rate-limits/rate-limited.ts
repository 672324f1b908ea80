import { ApiError } from '../errors/index.ts';

/** 429 `RATE_LIMITED`, telling the client when to come back. */
export function rateLimited(retryAfterSeconds: number, detail = 'Too many requests. Try again later.'): ApiError {
  return new ApiError('RATE_LIMITED', { detail, headers: { 'Retry-After': String(retryAfterSeconds) } });
}
