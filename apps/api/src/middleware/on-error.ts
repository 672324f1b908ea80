import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApiError, type ProblemCode, problemResponse } from '../errors/index.ts';
import { StoreUnavailableError } from '../store/store-errors.ts';

const codeByStatus: Partial<Record<number, ProblemCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** Anything thrown → problem+json. Only `ApiError` chooses its own answer; the rest is whitelisted. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreUnavailableError) {
    return new ApiError('STORE_UNAVAILABLE', { detail: 'Try again in a moment.', headers: { 'Retry-After': '1' } });
  }
  if (error instanceof HTTPException) {
    const code = codeByStatus[error.status];
    if (code) return new ApiError(code);
  }
  return new ApiError('INTERNAL', { cause: error });
}

export const onError: ErrorHandler = (error, c) => {
  const apiError = toApiError(error);
  if (apiError.code === 'INTERNAL') {
    // The client sees only "Internal error"; the request id ties its report to this log line.
    console.error(`[${c.get('requestId') ?? '-'}] unhandled error`, error);
  }
  return withRequestId(problemResponse(apiError), c.get('requestId'));
};

/**
 * Problem responses are built outside the normal handler flow, so headers set earlier with
 * `c.header()` (the request id) do not reach them on their own.
 */
export function withRequestId(response: Response, id: string | undefined): Response {
  if (id) response.headers.set('X-Request-Id', id);
  return response;
}
